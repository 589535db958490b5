/**
 * Reading bulk-start sheets (api/jobs/bulk-sheet.ts, api/jobs/bulk-rows.ts):
 * CSV and XLSX give the same rows with the sheet's own row numbers, column
 * names keep the case of field ids, cell text becomes typed job field values,
 * and the job start's error paths map back to sheet columns.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { MAX_CELL_CHARS, MAX_SHEET_COLUMNS, MAX_SHEET_UNPACKED_BYTES, readSheet } from '../../api/jobs/bulk-sheet';
import { checkColumns, columnOfPath, fieldValue } from '../../api/jobs/bulk-rows';
import { HttpProblem } from '../../api/http/problem';

const problemOf = async (promise: Promise<unknown> | (() => unknown)): Promise<HttpProblem> => {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error('no problem thrown');
};

describe('reading a bulk-start sheet', () => {
  it('reads CSV with a byte order mark, skipping blank lines, numbering rows as the sheet does', async () => {
    const sheet = await readSheet(Buffer.from('\uFEFFCode,Title,Field:contractNo\r\nA-1,"横幅, 红色",HT-1\r\n,,\r\nA-2,Second,\r\n'), 10);
    expect(sheet.columns).toEqual(['code', 'title', 'field:contractNo']);
    expect(sheet.rows).toEqual([
      { row: 2, cells: { code: 'A-1', title: '横幅, 红色', 'field:contractNo': 'HT-1' } },
      { row: 4, cells: { code: 'A-2', title: 'Second', 'field:contractNo': '' } },
    ]);
  });

  it('reads the first worksheet of an XLSX workbook: numbers as written, dates as YYYY-MM-DD', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('Jobs');
    ws.addRow(['code', 'field:budget', 'field:due']);
    ws.addRow(['A-1', 1200.5, new Date(Date.UTC(2026, 9, 1))]);
    const sheet = await readSheet(Buffer.from(await workbook.xlsx.writeBuffer()), 10);
    expect(sheet.rows).toEqual([{ row: 2, cells: { code: 'A-1', 'field:budget': '1200.5', 'field:due': '2026-10-01' } }]);
  });

  it('refuses sheets without a header, with a repeated column, or over the row limit', async () => {
    expect((await problemOf(readSheet(Buffer.from('a,b\n1,2\n'), 10))).code).toBe('sheet-unreadable');
    expect((await problemOf(readSheet(Buffer.from('code,Code\n1,2\n'), 10))).detail).toBe('Column "code" appears twice in the header row.');
    expect((await problemOf(readSheet(Buffer.from('code\n1\n2\n3\n'), 2))).code).toBe('sheet-too-many-rows');
    expect((await problemOf(readSheet(Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xff, 0xfe]), 2))).code).toBe('sheet-unreadable');
  });

  it('refuses a row of more than 200 columns (422 sheet-too-many-columns) naming the row, in CSV and XLSX', async () => {
    const wide = Array.from({ length: MAX_SHEET_COLUMNS + 1 }, (_, i) => `c${i}`).join(',');
    const csv = await problemOf(readSheet(Buffer.from(`code,title\nA-1,x\n${wide}\n`), 10));
    expect([csv.status, csv.code, csv.detail]).toEqual([422, 'sheet-too-many-columns', 'Row 3 has more than 200 columns; a bulk-start sheet needs a few dozen at most: download the template.']);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Jobs').addRow(wide.split(','));
    const xlsx = await problemOf(readSheet(Buffer.from(await workbook.xlsx.writeBuffer()), 10));
    expect([xlsx.code, xlsx.detail]).toEqual(['sheet-too-many-columns', 'Row 1 has more than 200 columns; a bulk-start sheet needs a few dozen at most: download the template.']);
  });

  it('skips a million blank CSV lines as they come, and stops at the first data row past the limit', async () => {
    const blanks = await readSheet(Buffer.from(`code\n${'\n'.repeat(1_000_000)}A-1\n`), 10);
    expect(blanks.rows).toEqual([{ row: 1_000_002, cells: { code: 'A-1' } }]);
    const many = Array.from({ length: 100_000 }, (_, i) => `A-${i}`).join('\n');
    const refused = await problemOf(readSheet(Buffer.from(`code\n${many}\n`), 1000));
    expect([refused.code, refused.detail]).toEqual(['sheet-too-many-rows', 'The sheet has more than 1000 rows; at most 1000 jobs start from one upload: split it.']);
  });

  it('refuses an XLSX whose parts unpack past 16 MiB with 413 before parsing it, whatever sizes the zip declares', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Jobs').addRow(['code']);
    const zip = await JSZip.loadAsync(Buffer.from(await workbook.xlsx.writeBuffer()));
    zip.file('xl/media/padding.bin', Buffer.alloc(MAX_SHEET_UNPACKED_BYTES + 1));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const problem = await problemOf(readSheet(bomb, 10));
    expect([problem.status, problem.code]).toEqual([413, 'payload-too-large']);
  });

  it('reads a workbook whose sheet merges the whole grid as its few written rows (merged ranges are never expanded into cells)', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('Jobs');
    ws.addRow(['code']);
    ws.addRow(['A-1']);
    const zip = await JSZip.loadAsync(Buffer.from(await workbook.xlsx.writeBuffer()));
    const sheetPath = Object.keys(zip.files).find((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name))!;
    const xml = await zip.file(sheetPath)!.async('string');
    zip.file(sheetPath, xml.replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>'));
    const crafted = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect((await readSheet(crafted, 10)).rows).toEqual([{ row: 2, cells: { code: 'A-1' } }]);
  });

  it('refuses a cell of more than 2,000 characters (422 sheet-cell-too-long), in CSV and XLSX', async () => {
    const long = 'x'.repeat(MAX_CELL_CHARS + 1);
    const csv = await problemOf(readSheet(Buffer.from(`code,title\nA-1,${long}\n`), 10));
    expect([csv.code, csv.detail]).toEqual(['sheet-cell-too-long', 'A cell of row 2 holds 2001 characters; at most 2000.']);
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('Jobs');
    ws.addRow(['code', 'title']);
    ws.addRow(['A-1', long]);
    expect((await problemOf(readSheet(Buffer.from(await workbook.xlsx.writeBuffer()), 10))).code).toBe('sheet-cell-too-long');
  });

  it('refuses an XLSX of more data rows than the limit with 422 sheet-too-many-rows', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('Jobs');
    ws.addRow(['code']);
    for (let i = 0; i < 4; i += 1) ws.addRow([`A-${i}`]);
    expect((await problemOf(readSheet(Buffer.from(await workbook.xlsx.writeBuffer()), 3))).code).toBe('sheet-too-many-rows');
    expect((await readSheet(Buffer.from(await workbook.xlsx.writeBuffer()), 4)).rows).toHaveLength(4);
  });

  it('accepts the template\'s columns and names unknown or missing ones', async () => {
    expect(() => checkColumns(['code', 'title', 'sop', 'version', 'vendor', 'assignee:qa', 'reference:banner', 'field:budget'])).not.toThrow();
    const unknown = await problemOf(() => checkColumns(['code', 'title', 'sop', 'vendor', 'colour', 'field:']));
    expect([unknown.code, unknown.errors?.map((e) => e.message)]).toEqual(['sheet-column-unknown', ['unknown column "colour"', 'unknown column "field:"']]);
    expect((await problemOf(() => checkColumns(['code', 'title', 'sop']))).code).toBe('sheet-column-missing');
  });
});

describe('cells as job field values', () => {
  it('types numbers, money with separators, checkboxes and multi-selects; leaves what does not fit as text for the field rules', () => {
    expect(fieldValue({ id: 'n', label: 'n', type: 'money' }, '1,200.50')).toBe(1200.5);
    expect(fieldValue({ id: 'n', label: 'n', type: 'number' }, 'twelve')).toBe('twelve');
    expect(fieldValue({ id: 'c', label: 'c', type: 'checkbox' }, '是')).toBe(true);
    expect(fieldValue({ id: 'c', label: 'c', type: 'checkbox' }, 'No')).toBe(false);
    expect(fieldValue({ id: 'c', label: 'c', type: 'checkbox' }, 'maybe')).toBe('maybe');
    expect(fieldValue({ id: 'm', label: 'm', type: 'multiSelect', options: ['a', 'b'] }, 'a; b、 c')).toEqual(['a', 'b', 'c']);
    expect(fieldValue({ id: 'd', label: 'd', type: 'date' }, '2026-10-01')).toBe('2026-10-01');
    expect(fieldValue(undefined, 'x')).toBe('x');
  });

  it('maps the job start\'s error paths to sheet columns', () => {
    expect(['body/vendorOrgId', 'body/assignees/qa', 'body/references/banner', '/fields/budget', '/fields/tags/1', 'body/sop'].map(columnOfPath))
      .toEqual(['vendor', 'assignee:qa', 'reference:banner', 'field:budget', 'field:tags', 'sop']);
  });
});
