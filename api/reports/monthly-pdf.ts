/**
 * The monthly vendor report as a PDF (pdfkit, A4): a headline, three vector
 * charts — on-time rate per vendor, the distribution of cycle times, delay
 * reasons — and the ranking table. Text is set in the system's Noto Sans CJK
 * (subset into the file), so vendor names and labels in Chinese render and
 * can be extracted again. Labels are bilingual (中文 / English).
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import type { VendorReport } from './vendor-report';

/** Debian/Ubuntu's `fonts-noto-cjk`; `REPORT_CJK_FONT` (and `REPORT_CJK_FONT_FAMILY` for a collection) override it. */
export const DEFAULT_CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const DEFAULT_FAMILY = 'NotoSansCJKsc-Regular';

export interface MonthlyPdfInput {
  orgName: string;
  period: string;
  zone: string;
  /** Shown as "built at", in the organisation's zone. */
  builtAt: Date;
  report: VendorReport;
  /** Jobs completed in the month by cycle time bucket, in bucket order. */
  cycleBuckets: Array<{ label: string; count: number }>;
  /** Delay reasons (and QA rejections as rework) given in the month, most first. */
  reasons: Array<{ label: string; count: number }>;
}

/** The CJK font to embed; fails with what to install when it is missing. */
export function cjkFont(env: NodeJS.ProcessEnv = process.env): { path: string; family: string | undefined } {
  const path = env.REPORT_CJK_FONT || DEFAULT_CJK_FONT;
  if (!fs.existsSync(path)) {
    throw new Error(`the monthly report PDF needs a CJK font and ${path} does not exist: install it with \`apt-get install fonts-noto-cjk\`, or set REPORT_CJK_FONT to a .ttf/.otf/.ttc file with Chinese glyphs`);
  }
  const family = env.REPORT_CJK_FONT_FAMILY || (path.endsWith('.ttc') ? DEFAULT_FAMILY : undefined);
  return { path, family };
}

const PAGE = { margin: 48, width: 595.28 - 96 };
const INK = '#1f2937';
const MUTED = '#6b7280';
const BAR = '#2563eb';
const GRID = '#e5e7eb';
const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const num = (value: number | null) => (value === null ? '—' : String(value));

type Doc = PDFKit.PDFDocument;

function heading(doc: Doc, text: string): void {
  if (doc.y > 700) doc.addPage();
  doc.moveDown(0.8).fontSize(13).fillColor(INK).text(text, PAGE.margin, doc.y);
  doc.moveDown(0.3);
}

/** Horizontal bars: a label column, a bar scaled to `max`, the value's text after it. */
function barChart(doc: Doc, rows: Array<{ label: string; value: number; text: string }>, max: number): void {
  const labelWidth = 150;
  const barWidth = PAGE.width - labelWidth - 60;
  const rowHeight = 16;
  if (rows.length === 0) {
    doc.fontSize(9).fillColor(MUTED).text('无数据 / no data', PAGE.margin, doc.y);
    return;
  }
  for (const row of rows) {
    if (doc.y + rowHeight > 790) doc.addPage();
    const y = doc.y;
    doc.fontSize(8.5).fillColor(INK).text(row.label, PAGE.margin, y + 3, { width: labelWidth - 8, ellipsis: true, lineBreak: false });
    const x = PAGE.margin + labelWidth;
    doc.rect(x, y + 2, barWidth, rowHeight - 5).fill(GRID);
    const width = max <= 0 ? 0 : Math.max(0, Math.min(1, row.value / max)) * barWidth;
    if (width > 0) doc.rect(x, y + 2, width, rowHeight - 5).fill(BAR);
    doc.fontSize(8.5).fillColor(INK).text(row.text, x + barWidth + 6, y + 3, { lineBreak: false });
    doc.x = PAGE.margin;
    doc.y = y + rowHeight;
  }
}

/** Vertical bars (the cycle time histogram) with the count over each bar and the bucket under it. */
function histogram(doc: Doc, buckets: Array<{ label: string; count: number }>): void {
  const height = 120;
  if (doc.y + height + 30 > 790) doc.addPage();
  const top = doc.y + 12;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const slot = PAGE.width / Math.max(1, buckets.length);
  doc.moveTo(PAGE.margin, top + height).lineTo(PAGE.margin + PAGE.width, top + height).lineWidth(0.5).stroke(MUTED);
  buckets.forEach((b, i) => {
    const h = (b.count / max) * height;
    const x = PAGE.margin + i * slot + slot * 0.2;
    if (h > 0) doc.rect(x, top + height - h, slot * 0.6, h).fill(BAR);
    doc.fontSize(8.5).fillColor(INK).text(String(b.count), x, top + height - h - 11, { width: slot * 0.6, align: 'center', lineBreak: false });
    doc.fontSize(8).fillColor(MUTED).text(b.label, PAGE.margin + i * slot, top + height + 4, { width: slot, align: 'center', lineBreak: false });
  });
  doc.x = PAGE.margin;
  doc.y = top + height + 22;
}

function table(doc: Doc, report: VendorReport): void {
  const columns = [
    { title: '排名 Rank', width: 44 }, { title: '供应商 Vendor', width: 128 }, { title: '得分 Score', width: 50 },
    { title: '准时率 On-time', width: 75 }, { title: '完成 Done', width: 46 }, { title: '平均周期 h', width: 54 }, { title: 'P90 h', width: 44 },
    { title: '工作时 Biz h', width: 58 },
  ];
  const row = (cells: string[], color: string) => {
    if (doc.y + 14 > 790) doc.addPage();
    const y = doc.y;
    let x = PAGE.margin;
    cells.forEach((cell, i) => {
      doc.fontSize(8.5).fillColor(color).text(cell, x, y, { width: columns[i]!.width - 4, ellipsis: true, lineBreak: false });
      x += columns[i]!.width;
    });
    doc.x = PAGE.margin;
    doc.y = y + 14;
  };
  row(columns.map((c) => c.title), MUTED);
  for (const v of report.vendors) {
    row([num(v.rank), v.org.name, num(v.score), `${pct(v.onTime.rate)} (${v.onTime.onTime}/${v.onTime.due})`, String(v.cycleHours.completed), num(v.cycleHours.avg), num(v.cycleHours.p90), num(v.cycleHours.businessAvg)], INK);
  }
}

/** Renders the report; resolves to the PDF's bytes. */
export async function monthlyReportPdf(input: MonthlyPdfInput, font = cjkFont()): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: PAGE.margin, info: { Title: `月度供应商报告 Monthly vendor report ${input.period} — ${input.orgName}`, Creator: 'waifa-sop' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (font.family) doc.registerFont('cjk', font.path, font.family);
  else doc.registerFont('cjk', font.path);
  doc.font('cjk');

  const { report } = input;
  const built = new Intl.DateTimeFormat('zh-CN', { timeZone: input.zone, dateStyle: 'medium', timeStyle: 'short' }).format(input.builtAt);
  doc.fontSize(18).fillColor(INK).text(`月度供应商报告 Monthly vendor report · ${input.period}`);
  doc.fontSize(10).fillColor(MUTED).text(`${input.orgName} · ${input.zone} · 生成于 built ${built}`);
  const due = report.vendors.reduce((s, v) => s + v.onTime.due, 0);
  const onTime = report.vendors.reduce((s, v) => s + v.onTime.onTime, 0);
  const completed = report.vendors.reduce((s, v) => s + v.cycleHours.completed, 0);
  doc.moveDown(0.5).fontSize(10).fillColor(INK)
    .text(`供应商 Vendors: ${report.vendors.length} · 完成任务 Jobs completed: ${completed} · 准时 On time: ${onTime}/${due} (${pct(due === 0 ? null : onTime / due)})`);

  heading(doc, '各供应商准时率 On-time rate per vendor');
  const rated = report.vendors.filter((v) => v.onTime.due > 0);
  barChart(doc, rated.map((v) => ({ label: v.org.name, value: v.onTime.rate ?? 0, text: `${pct(v.onTime.rate)} (${v.onTime.onTime}/${v.onTime.due})` })), 1);

  heading(doc, '周期时间分布 Cycle time distribution (jobs completed)');
  histogram(doc, input.cycleBuckets);

  heading(doc, '延误原因 Delay reasons');
  const most = Math.max(0, ...input.reasons.map((r) => r.count));
  barChart(doc, input.reasons.map((r) => ({ label: r.label, value: r.count, text: String(r.count) })), most);

  heading(doc, '排名 Ranking');
  table(doc, report);
  doc.end();
  return done;
}
