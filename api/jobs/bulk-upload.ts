/**
 * Reads the bulk-start request (multipart: the sheet in part `file`, the
 * reference zip in part `references`, text part `dryRun`) into memory — a sheet
 * is small and is never stored (api/files/small-multipart.ts).
 */
import type { Request } from 'express';
import { sanitizeUploadName } from '../../core/naming/sanitize';
import { badRequest } from '../http/problem';
import { readSmallMultipart } from '../files/small-multipart';

export interface SheetUpload {
  fileName: string;
  bytes: Buffer;
  dryRun: boolean;
  /** The reference zip (part `references`), when sent. */
  references?: Buffer;
}

export async function readSheetUpload(req: Request, limits: { sheetBytes: number; zipBytes: number }): Promise<SheetUpload> {
  const body = await readSmallMultipart(req, {
    files: {
      file: { maxBytes: limits.sheetBytes, tooLarge: `The sheet is larger than ${limits.sheetBytes} bytes; split it into several uploads.` },
      references: {
        maxBytes: limits.zipBytes,
        tooLarge: `The reference zip is larger than ${limits.zipBytes} bytes; upload the files before (POST /api/files) and name them in the sheet.`,
      },
    },
    fields: ['dryRun'],
    expected: 'file "file", file "references" and "dryRun"',
    notMultipart: 'Send the sheet as multipart/form-data (part "file").',
    tooManyFiles: 'Send one sheet (part "file") and at most one zip (part "references").',
    tooManyFields: 'The only text part is "dryRun".',
  });
  const dryRun = body.fields.dryRun ?? 'true';
  if (dryRun !== 'true' && dryRun !== 'false') throw badRequest('"dryRun" is true or false.', [{ path: 'body/dryRun', message: 'true or false' }]);
  const sheet = body.files.get('file');
  if (!sheet) throw badRequest('Send the sheet in a part named "file".', [{ path: 'body/file', message: 'required' }]);
  if (sheet.bytes.length === 0) throw badRequest('The sheet is empty.', [{ path: 'body/file', message: 'empty file' }]);
  const references = body.files.get('references');
  return { fileName: sanitizeUploadName(sheet.filename) || 'sheet', bytes: sheet.bytes, dryRun: dryRun === 'true', ...(references ? { references: references.bytes } : {}) };
}
