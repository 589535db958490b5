/**
 * Reads a holiday-import request (multipart: the file in part `file`, text
 * parts `year`, `dryRun` and `basedOn`) into memory: a holiday file is a few
 * kilobytes (api/files/small-multipart.ts).
 */
import type { Request } from 'express';
import { badRequest } from '../http/problem';
import { readSmallMultipart } from '../files/small-multipart';

/** Largest holiday file (bytes): a year is under 10 kB in either format. */
export const HOLIDAY_FILE_MAX_BYTES = 256 * 1024;

export interface HolidayUpload {
  text: string;
  year?: number;
  dryRun: boolean;
  /** The version the preview was made on (optional). */
  basedOn?: number;
}

export async function readHolidayUpload(req: Request): Promise<HolidayUpload> {
  const body = await readSmallMultipart(req, {
    files: { file: { maxBytes: HOLIDAY_FILE_MAX_BYTES, tooLarge: `The holiday file is larger than ${HOLIDAY_FILE_MAX_BYTES} bytes.` } },
    fields: ['year', 'dryRun', 'basedOn'],
    expected: 'file "file", "year", "dryRun" and "basedOn"',
    notMultipart: 'Send the holiday file as multipart/form-data (part "file").',
    tooManyFiles: 'Send one holiday file (part "file").',
    tooManyFields: 'The only text parts are "year", "dryRun" and "basedOn".',
  });
  const file = body.files.get('file');
  if (!file) throw badRequest('Send the holiday file in a part named "file".', [{ path: 'body/file', message: 'required' }]);
  const { fields } = body;
  const dryRun = fields.dryRun ?? 'true';
  if (dryRun !== 'true' && dryRun !== 'false') throw badRequest('"dryRun" is true or false.', [{ path: 'body/dryRun', message: 'true or false' }]);
  const year = fields.year === undefined ? undefined : Number(fields.year);
  if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) throw badRequest('"year" is a year such as 2027.', [{ path: 'body/year', message: 'a year 2000–2100' }]);
  const basedOn = fields.basedOn === undefined ? undefined : Number(fields.basedOn);
  if (basedOn !== undefined && !(/^[0-9]{1,10}$/.test(fields.basedOn!) && basedOn >= 1)) throw badRequest('"basedOn" is a version number such as 3.', [{ path: 'body/basedOn', message: 'a version number' }]);
  return { text: file.bytes.toString('utf8'), dryRun: dryRun === 'true', ...(year !== undefined ? { year } : {}), ...(basedOn !== undefined ? { basedOn } : {}) };
}
