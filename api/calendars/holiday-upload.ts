/**
 * Reads a holiday-import request (multipart: the file in part `file`, text
 * parts `year`, `dryRun` and `basedOn`) into memory: a holiday file is a few kilobytes.
 * Oversized bodies are refused from Content-Length and while streaming (413),
 * unknown or repeated parts stop the read, as for every upload
 * (api/files/multipart-upload.ts).
 */
import busboy from 'busboy';
import type { Request } from 'express';
import { badRequest, payloadTooLarge, unsupportedMediaType } from '../http/problem';
import { assertRequestSize, closeAfterResponse, partRepeated, partUnknown } from '../files/multipart-upload';

/** Largest holiday file (bytes): a year is under 10 kB in either format. */
export const HOLIDAY_FILE_MAX_BYTES = 256 * 1024;

export interface HolidayUpload {
  text: string;
  year?: number;
  dryRun: boolean;
  /** The version the preview was made on (optional). */
  basedOn?: number;
}

const EXPECTED = 'file "file", "year", "dryRun" and "basedOn"';
const FIELDS = new Set(['year', 'dryRun', 'basedOn']);

export async function readHolidayUpload(req: Request): Promise<HolidayUpload> {
  if (!req.is('multipart/form-data')) throw unsupportedMediaType('Send the holiday file as multipart/form-data (part "file").');
  assertRequestSize(req, HOLIDAY_FILE_MAX_BYTES + 16 * 1024);
  return new Promise<HolidayUpload>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: 3, fileSize: HOLIDAY_FILE_MAX_BYTES + 1, fieldSize: 16 } });
    } catch (error) {
      reject(badRequest(`The multipart body cannot be read: ${(error as Error).message}`));
      return;
    }
    const seen = new Set<string>();
    const chunks: Buffer[] = [];
    const fields: Record<string, string> = {};
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      closeAfterResponse(req);
      reject(error);
    };
    bb.on('file', (field, stream) => {
      if (field !== 'file' || seen.has(field)) {
        stream.resume();
        return fail(seen.has(field) ? partRepeated(field) : partUnknown(field, EXPECTED));
      }
      seen.add(field);
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > HOLIDAY_FILE_MAX_BYTES) fail(payloadTooLarge(`The holiday file is larger than ${HOLIDAY_FILE_MAX_BYTES} bytes.`));
        else chunks.push(chunk);
      });
    });
    bb.on('field', (field, value) => {
      if (!FIELDS.has(field)) return fail(partUnknown(field, EXPECTED));
      if (seen.has(field)) return fail(partRepeated(field));
      seen.add(field);
      fields[field] = value;
    });
    bb.on('filesLimit', () => fail(badRequest('Send one holiday file (part "file").')));
    bb.on('fieldsLimit', () => fail(badRequest('The only text parts are "year", "dryRun" and "basedOn".')));
    bb.on('error', (error: Error) => fail(badRequest(`The multipart body is malformed: ${error.message}`)));
    bb.on('close', () => {
      if (failed) return;
      if (!seen.has('file')) return fail(badRequest('Send the holiday file in a part named "file".', [{ path: 'body/file', message: 'required' }]));
      const dryRun = fields.dryRun ?? 'true';
      if (dryRun !== 'true' && dryRun !== 'false') return fail(badRequest('"dryRun" is true or false.', [{ path: 'body/dryRun', message: 'true or false' }]));
      const year = fields.year === undefined ? undefined : Number(fields.year);
      if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) return fail(badRequest('"year" is a year such as 2027.', [{ path: 'body/year', message: 'a year 2000–2100' }]));
      const basedOn = fields.basedOn === undefined ? undefined : Number(fields.basedOn);
      if (basedOn !== undefined && !(/^[0-9]{1,10}$/.test(fields.basedOn!) && basedOn >= 1)) return fail(badRequest('"basedOn" is a version number such as 3.', [{ path: 'body/basedOn', message: 'a version number' }]));
      resolve({ text: Buffer.concat(chunks).toString('utf8'), dryRun: dryRun === 'true', ...(year !== undefined ? { year } : {}), ...(basedOn !== undefined ? { basedOn } : {}) });
    });
    req.on('aborted', () => fail(badRequest('The upload was aborted.')));
    req.pipe(bb);
  });
}
