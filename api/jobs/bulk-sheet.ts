/**
 * Reads a bulk-start spreadsheet (CSV in UTF-8, or the first worksheet of an
 * XLSX workbook) into rows of text cells keyed by the header row's column
 * names. Row numbers are the sheet's own (the header is row 1), so a problem
 * report points at the line a person sees in Excel. Blank rows are skipped.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { Readable } from 'node:stream';
import { HttpProblem, payloadTooLarge, unprocessable } from '../http/problem';

export interface SheetRow {
  /** 1-based row number in the sheet (the header is row 1). */
  row: number;
  /** Column name ({@link columnName}) → cell text (trimmed; empty when blank). */
  cells: Record<string, string>;
}

export interface Sheet {
  columns: string[];
  rows: SheetRow[];
}

const unreadable = (detail: string) => unprocessable('sheet-unreadable', detail, [{ path: 'body/file', message: detail }]);
const tooManyRows = (maxRows: number) =>
  unprocessable('sheet-too-many-rows', `The sheet has more than ${maxRows} rows; at most ${maxRows} jobs start from one upload: split it.`, [{ path: 'body/file', message: `more than ${maxRows} rows` }]);
const tooManyColumns = (row: number) =>
  unprocessable('sheet-too-many-columns', `Row ${row} has more than ${MAX_SHEET_COLUMNS} columns; a bulk-start sheet needs a few dozen at most: download the template.`, [{ path: 'body/file', message: `row ${row}: more than ${MAX_SHEET_COLUMNS} columns` }]);

/** Most characters one cell may hold (a title or a file name is far shorter; the report echoes cells back). */
export const MAX_CELL_CHARS = 2000;

const boundedCell = (text: string, row: number): string => {
  if (text.length > MAX_CELL_CHARS) {
    throw unprocessable('sheet-cell-too-long', `A cell of row ${row} holds ${text.length} characters; at most ${MAX_CELL_CHARS}.`, [{ path: 'body/file', message: `row ${row}: a cell over ${MAX_CELL_CHARS} characters` }]);
  }
  return text;
};

/** Most columns a row may have (code, title, sop, vendor, people, references and declared fields fit many times over). */
export const MAX_SHEET_COLUMNS = 200;
/** What an XLSX workbook may unpack to in all: checked while unpacking, before the workbook is parsed (a 5 MB upload can hold gigabytes of XML). */
export const MAX_SHEET_UNPACKED_BYTES = 16 * 1024 ** 2;
/** Most files an XLSX workbook may hold (a plain workbook has about a dozen). */
const MAX_WORKBOOK_PARTS = 500;

const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;

/** A cell of a worksheet as the text a person sees: dates as YYYY-MM-DD, numbers as written, rich text and formulas by their value. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

/** A row as read: its 1-based number in the sheet and its cell texts. */
interface RawRow {
  row: number;
  values: string[];
}

/**
 * Unpacks every part of the workbook once, counting bytes as they come, and stops at {@link MAX_SHEET_UNPACKED_BYTES}
 * (413): the sizes a zip declares can lie, the bytes inflated cannot. The parser then reads the same, bounded, parts.
 */
async function assertWorkbookBounded(bytes: Buffer): Promise<void> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (error) {
    throw unreadable(`The workbook cannot be read (${(error as Error).message}); save it as .xlsx or CSV (UTF-8).`);
  }
  const parts = Object.values(zip.files).filter((f) => !f.dir);
  if (parts.length > MAX_WORKBOOK_PARTS) throw unreadable(`The workbook holds ${parts.length} files; a spreadsheet saved by Excel holds a few dozen: save it again as .xlsx or CSV (UTF-8).`);
  let total = 0;
  for (const part of parts) {
    try {
      for await (const chunk of new Readable().wrap(part.nodeStream('nodebuffer')) as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > MAX_SHEET_UNPACKED_BYTES) {
          throw payloadTooLarge(`The workbook unpacks to more than ${MAX_SHEET_UNPACKED_BYTES} bytes; a bulk-start sheet of up to 1,000 rows is far smaller: remove other sheets and images, or save it as CSV (UTF-8).`);
        }
      }
    } catch (error) {
      if (error instanceof HttpProblem) throw error;
      throw unreadable(`The workbook cannot be read (${(error as Error).message}); save it as .xlsx or CSV (UTF-8).`);
    }
  }
}

/**
 * The first worksheet, read as a stream (ExcelJS's WorkbookReader: rows as they are parsed, merged ranges and data
 * validations never expanded into cells), stopping at the first row past a bound. A workbook's shared strings are
 * cached; the unpack budget bounds them.
 */
async function readXlsx(bytes: Buffer, maxRows: number): Promise<RawRow[]> {
  await assertWorkbookBounded(bytes);
  const out: RawRow[] = [];
  let sawSheet = false;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
    for await (const sheet of reader) {
      sawSheet = true;
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        if (row.cellCount > MAX_SHEET_COLUMNS) throw tooManyColumns(row.number);
        const cells = row.values as ExcelJS.CellValue[];
        const values: string[] = [];
        for (let c = 1; c <= row.cellCount; c += 1) values.push(boundedCell(cellText(cells[c]), row.number));
        if (row.number > 1 && values.every((v) => v.trim() === '')) continue;
        // The header and maxRows data rows; one more is enough to refuse.
        if (out.length > maxRows) throw tooManyRows(maxRows);
        out.push({ row: row.number, values });
      }
      break;
    }
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    throw unreadable(`The workbook cannot be read (${(error as Error).message}); save it as .xlsx or CSV (UTF-8).`);
  }
  if (!sawSheet) throw unreadable('The workbook has no worksheet.');
  return out;
}

/** Reads records one by one: blank ones are dropped as they come, and the column and row bounds stop it at once. */
function readCsv(bytes: Buffer, maxRows: number): RawRow[] {
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD')) throw unreadable('The CSV file is not UTF-8 text; in Excel choose "CSV UTF-8 (Comma delimited)".');
  let number = 0;
  const numbers: number[] = [];
  try {
    const records = parse(text, {
      bom: true, relax_column_count: true, skip_empty_lines: false,
      on_record: (values: string[]) => {
        number += 1;
        if (values.length > MAX_SHEET_COLUMNS) throw tooManyColumns(number);
        for (const value of values) boundedCell(value, number);
        if (number > 1 && values.every((v) => v.trim() === '')) return null;
        // The header and maxRows data rows; one more is enough to refuse.
        if (numbers.length > maxRows) throw tooManyRows(maxRows);
        numbers.push(number);
        return values;
      },
    });
    return records.map((values, i) => ({ row: numbers[i]!, values }));
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    throw unreadable(`The CSV file cannot be read: ${(error as Error).message}`);
  }
}

/** A header cell as a column name: `Code` → `code`, `Field:contractNo` → `field:contractNo` (ids after the prefix keep their case). */
export function columnName(text: string): string {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  return colon < 0 ? trimmed.toLowerCase() : `${trimmed.slice(0, colon).trim().toLowerCase()}:${trimmed.slice(colon + 1).trim()}`;
}

/**
 * The rows of `bytes` (XLSX when it is a zip archive, CSV otherwise); `maxRows` data rows at most (422 `sheet-too-many-rows`),
 * {@link MAX_SHEET_COLUMNS} columns (422 `sheet-too-many-columns`), a workbook unpacking to {@link MAX_SHEET_UNPACKED_BYTES} (413).
 */
export async function readSheet(bytes: Buffer, maxRows: number): Promise<Sheet> {
  const read = isZip(bytes) ? await readXlsx(bytes, maxRows) : readCsv(bytes, maxRows);
  const first = read[0];
  const header = (first?.row === 1 ? first.values : []).map(columnName);
  if (!header.includes('code')) throw unreadable('The first row must name the columns (code, title, sop, vendor, …): download the template.');
  const seen = new Set<string>();
  for (const name of header) {
    if (name && seen.has(name)) throw unreadable(`Column "${name}" appears twice in the header row.`);
    seen.add(name);
  }
  const rows: SheetRow[] = [];
  for (const { row, values } of read.slice(1)) {
    if (values.every((v) => v.trim() === '')) continue;
    const cells: Record<string, string> = {};
    header.forEach((name, c) => {
      if (name) cells[name] = (values[c] ?? '').trim();
    });
    rows.push({ row, cells });
  }
  if (rows.length === 0) throw unreadable('The sheet has no rows below the header.');
  if (rows.length > maxRows) throw tooManyRows(maxRows);
  return { columns: header.filter(Boolean), rows };
}
