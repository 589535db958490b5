/**
 * Reads the bulk-start request (multipart: the sheet in part `file`, text
 * part `dryRun`) into memory — a sheet is small and is never stored. The size
 * is refused up front from Content-Length and again while it streams (413),
 * unknown or repeated parts stop the read (422), as for every upload
 * (api/files/multipart-upload.ts).
 */
import busboy from 'busboy';
import type { Request } from 'express';
import { sanitizeUploadName } from '../../core/naming/sanitize';
import { badRequest, payloadTooLarge, unsupportedMediaType } from '../http/problem';
import { assertRequestSize, closeAfterResponse, partRepeated, partUnknown } from '../files/multipart-upload';

export interface SheetUpload {
  fileName: string;
  bytes: Buffer;
  dryRun: boolean;
  /** The reference zip (part `references`), when sent. */
  references?: Buffer;
}

const EXPECTED = 'file "file", file "references" and "dryRun"';

export async function readSheetUpload(req: Request, limits: { sheetBytes: number; zipBytes: number }): Promise<SheetUpload> {
  const maxBytes = limits.sheetBytes;
  if (!req.is('multipart/form-data')) throw unsupportedMediaType('Send the sheet as multipart/form-data (part "file").');
  assertRequestSize(req, limits.sheetBytes + limits.zipBytes + 64 * 1024);
  return new Promise<SheetUpload>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 2, fields: 1, fileSize: Math.max(limits.sheetBytes, limits.zipBytes) + 1, fieldSize: 16 } });
    } catch (error) {
      reject(badRequest(`The multipart body cannot be read: ${(error as Error).message}`));
      return;
    }
    const seen = new Set<string>();
    const chunks: Buffer[] = [];
    const zipChunks: Buffer[] = [];
    let fileName = '';
    let dryRun = 'true';
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      closeAfterResponse(req);
      reject(error);
    };
    bb.on('file', (field, stream, info) => {
      if ((field !== 'file' && field !== 'references') || seen.has(field)) {
        stream.resume();
        return fail(seen.has(field) ? partRepeated(field) : partUnknown(field, EXPECTED));
      }
      seen.add(field);
      if (field === 'references') {
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.zipBytes) {
            stream.resume();
            fail(payloadTooLarge(`The reference zip is larger than ${limits.zipBytes} bytes; upload the files before (POST /api/files) and name them in the sheet.`));
          } else zipChunks.push(chunk);
        });
        return;
      }
      fileName = sanitizeUploadName(info.filename ?? '') || 'sheet';
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail(payloadTooLarge(`The sheet is larger than ${maxBytes} bytes; split it into several uploads.`));
        else chunks.push(chunk);
      });
    });
    bb.on('field', (field, value) => {
      if (field !== 'dryRun') return fail(partUnknown(field, EXPECTED));
      if (seen.has(field)) return fail(partRepeated(field));
      seen.add(field);
      if (value !== 'true' && value !== 'false') return fail(badRequest('"dryRun" is true or false.', [{ path: 'body/dryRun', message: 'true or false' }]));
      dryRun = value;
    });
    bb.on('filesLimit', () => fail(badRequest('Send one sheet (part "file") and at most one zip (part "references").')));
    bb.on('fieldsLimit', () => fail(badRequest('The only text part is "dryRun".')));
    bb.on('error', (error: Error) => fail(badRequest(`The multipart body is malformed: ${error.message}`)));
    bb.on('close', () => {
      if (failed) return;
      if (!seen.has('file')) return fail(badRequest('Send the sheet in a part named "file".', [{ path: 'body/file', message: 'required' }]));
      const bytes = Buffer.concat(chunks);
      if (bytes.length === 0) return fail(badRequest('The sheet is empty.', [{ path: 'body/file', message: 'empty file' }]));
      resolve({ fileName, bytes, dryRun: dryRun === 'true', ...(seen.has('references') ? { references: Buffer.concat(zipChunks) } : {}) });
    });
    req.on('aborted', () => fail(badRequest('The upload was aborted.')));
    req.pipe(bb);
  });
}
