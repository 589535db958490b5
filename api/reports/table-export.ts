/**
 * A table streamed to the response as CSV (UTF-8 with a byte order mark, so
 * Excel reads Chinese correctly; csv-stringify) or XLSX (exceljs' streaming
 * WorkbookWriter: rows are committed as they come, never held as a workbook).
 * Rows arrive page by page from an async source (keyset-paged reads); between
 * pages the writer waits for the socket to drain, so memory stays bounded by
 * one page whatever the row count.
 */
import { once } from 'node:events';
import type { Response } from 'express';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { contentDisposition } from '../routes/file-routes';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type Cell = string | number | null;

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Resolves when `emitter` emits 'drain'; false when the response closed first (the client went away). */
async function drainOf(emitter: NodeJS.EventEmitter, closed: AbortSignal): Promise<boolean> {
  if (closed.aborted) return false;
  try {
    await once(emitter, 'drain', { signal: closed });
    return true;
  } catch {
    return false;
  }
}

/** An AbortSignal that fires when the response closes (one listener for the whole export). */
function closeSignal(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => controller.abort());
  return controller.signal;
}

/**
 * A CSV cell as text a spreadsheet will not run: text starting with = + - @ TAB or CR
 * (a formula to Excel, LibreOffice, WPS) gets a leading apostrophe (OWASP's CSV
 * injection rule). Numbers stay numbers. XLSX needs none: exceljs writes text cells
 * as strings, never as formulas.
 */
export function csvSafe(cell: Cell): string | number {
  if (cell === null) return '';
  if (typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell)) return `'${cell}`;
  return cell;
}

async function writeCsv(res: Response, headers: string[], pages: AsyncIterable<Cell[][]>): Promise<void> {
  const closed = closeSignal(res);
  res.write('\uFEFF');
  const csv = stringify({ record_delimiter: '\r\n' });
  csv.pipe(res, { end: false });
  const write = async (row: Cell[]) => csv.write(row.map(csvSafe)) || drainOf(csv, closed);
  await write(headers);
  pages: for await (const page of pages) {
    for (const row of page) if (!(await write(row))) break pages;
  }
  if (closed.aborted) {
    csv.destroy();
    return;
  }
  csv.end();
  await once(csv, 'end');
  res.end();
}

async function writeXlsx(res: Response, sheetName: string, headers: string[], pages: AsyncIterable<Cell[][]>): Promise<void> {
  const closed = closeSignal(res);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(headers).commit();
  for await (const page of pages) {
    for (const row of page) sheet.addRow(row).commit();
    if (res.writableNeedDrain && !(await drainOf(res, closed))) break;
  }
  sheet.commit();
  await workbook.commit();
}

/**
 * Sends the table: status 200, the content type of `format`, an attachment
 * named `filename` (RFC 5987 for non-ASCII names). A failure after the first
 * byte can only cut the response short: the socket is destroyed, so the
 * client sees an incomplete download rather than a well-formed partial file.
 */
export async function sendTable(
  res: Response, input: { format: ExportFormat; filename: string; sheetName: string; headers: string[]; pages: AsyncIterable<Cell[][]> },
): Promise<void> {
  res.status(200).set({
    'Content-Type': EXPORT_CONTENT_TYPES[input.format],
    'Content-Disposition': contentDisposition('attachment', `${input.filename}.${input.format}`),
    'Cache-Control': 'no-store',
  });
  try {
    if (input.format === 'csv') await writeCsv(res, input.headers, input.pages);
    else await writeXlsx(res, input.sheetName, input.headers, input.pages);
  } catch (error) {
    res.destroy(error as Error);
  }
}

/** One page of rows as an async source. */
export async function* onePage(rows: Cell[][]): AsyncIterable<Cell[][]> {
  yield rows;
}
