/**
 * Reads a bulk-start spreadsheet (CSV in UTF-8, or the first worksheet of an
 * XLSX workbook) into rows of text cells keyed by the header row's column
 * names. Row numbers are the sheet's own (the header is row 1), so a problem
 * report points at the line a person sees in Excel. Blank rows are skipped.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { unprocessable } from '../http/problem';

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

async function readXlsx(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw unreadable(`The workbook cannot be read (${(error as Error).message}); save it as .xlsx or CSV (UTF-8).`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw unreadable('The workbook has no worksheet.');
  const out: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c += 1) cells.push(cellText(row.getCell(c).value));
    out[number - 1] = cells;
  });
  for (let i = 0; i < out.length; i += 1) out[i] ??= [];
  return out;
}

function readCsv(bytes: Buffer): string[][] {
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD')) throw unreadable('The CSV file is not UTF-8 text; in Excel choose "CSV UTF-8 (Comma delimited)".');
  try {
    return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    throw unreadable(`The CSV file cannot be read: ${(error as Error).message}`);
  }
}

/** A header cell as a column name: `Code` → `code`, `Field:contractNo` → `field:contractNo` (ids after the prefix keep their case). */
export function columnName(text: string): string {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  return colon < 0 ? trimmed.toLowerCase() : `${trimmed.slice(0, colon).trim().toLowerCase()}:${trimmed.slice(colon + 1).trim()}`;
}

/** The rows of `bytes` (XLSX when it is a zip archive, CSV otherwise); `maxRows` data rows at most (422 `sheet-too-many-rows`). */
export async function readSheet(bytes: Buffer, maxRows: number): Promise<Sheet> {
  const grid = isZip(bytes) ? await readXlsx(bytes) : readCsv(bytes);
  const header = (grid[0] ?? []).map(columnName);
  if (!header.includes('code')) throw unreadable('The first row must name the columns (code, title, sop, vendor, …): download the template.');
  const seen = new Set<string>();
  for (const name of header) {
    if (name && seen.has(name)) throw unreadable(`Column "${name}" appears twice in the header row.`);
    seen.add(name);
  }
  const rows: SheetRow[] = [];
  for (let i = 1; i < grid.length; i += 1) {
    const values = grid[i] ?? [];
    if (values.every((v) => v.trim() === '')) continue;
    const cells: Record<string, string> = {};
    header.forEach((name, c) => {
      if (name) cells[name] = (values[c] ?? '').trim();
    });
    rows.push({ row: i + 1, cells });
  }
  if (rows.length === 0) throw unreadable('The sheet has no rows below the header.');
  if (rows.length > maxRows) {
    throw unprocessable('sheet-too-many-rows', `The sheet has ${rows.length} rows; at most ${maxRows} jobs start from one upload: split it.`, [{ path: 'body/file', message: `more than ${maxRows} rows` }]);
  }
  return { columns: header.filter(Boolean), rows };
}
