/** The monthly vendor report as an XLSX workbook: the ranking table with Chinese headers, and again with English ones. */
import ExcelJS from 'exceljs';
import type { VendorReport } from './vendor-report';
import { vendorReportTable } from './vendor-report-table';

export async function monthlyReportXlsx(report: VendorReport, period: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'waifa-sop';
  for (const [name, locale] of [[`供应商 ${period}`, 'zh-CN'], [`Vendors ${period}`, 'en']] as const) {
    const sheet = book.addWorksheet(name);
    const { headers, rows } = vendorReportTable(report, locale);
    sheet.addRow(headers).font = { bold: true };
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
