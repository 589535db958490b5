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
}

const EXPECTED = 'file "file" and "dryRun"';

export async function readSheetUpload(req: Request, maxBytes: number): Promise<SheetUpload> {
  if (!req.is('multipart/form-data')) throw unsupportedMediaType('Send the sheet as multipart/form-data (part "file").');
  assertRequestSize(req, maxBytes + 64 * 1024);
  return new Promise<SheetUpload>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: 1, fileSize: maxBytes, fieldSize: 16 } });
    } catch (error) {
      reject(badRequest(`The multipart body cannot be read: ${(error as Error).message}`));
      return;
    }
    const seen = new Set<string>();
    const chunks: Buffer[] = [];
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
      if (field !== 'file' || seen.has(field)) {
        stream.resume();
        return fail(field === 'file' ? partRepeated(field) : partUnknown(field, EXPECTED));
      }
      seen.add(field);
      fileName = sanitizeUploadName(info.filename ?? '') || 'sheet';
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(payloadTooLarge(`The sheet is larger than ${maxBytes} bytes; split it into several uploads.`)));
    });
    bb.on('field', (field, value) => {
      if (field !== 'dryRun') return fail(partUnknown(field, EXPECTED));
      if (seen.has(field)) return fail(partRepeated(field));
      seen.add(field);
      if (value !== 'true' && value !== 'false') return fail(badRequest('"dryRun" is true or false.', [{ path: 'body/dryRun', message: 'true or false' }]));
      dryRun = value;
    });
    bb.on('filesLimit', () => fail(badRequest('Send one sheet per request.')));
    bb.on('fieldsLimit', () => fail(badRequest('The only text part is "dryRun".')));
    bb.on('error', (error: Error) => fail(badRequest(`The multipart body is malformed: ${error.message}`)));
    bb.on('close', () => {
      if (failed) return;
      if (!seen.has('file')) return fail(badRequest('Send the sheet in a part named "file".', [{ path: 'body/file', message: 'required' }]));
      const bytes = Buffer.concat(chunks);
      if (bytes.length === 0) return fail(badRequest('The sheet is empty.', [{ path: 'body/file', message: 'empty file' }]));
      resolve({ fileName, bytes, dryRun: dryRun === 'true' });
    });
    req.on('aborted', () => fail(badRequest('The upload was aborted.')));
    req.pipe(bb);
  });
}
