/**
 * The monthly report's months (in an organisation's zone) and its PDF: the
 * text extracted from the PDF again names the vendors, in Chinese too, and
 * the charts' figures; a missing CJK font fails with what to install.
 */
import { cjkFont, monthlyReportPdf } from '../../api/reports/monthly-pdf';
import type { VendorReportRow } from '../../api/reports/vendor-report';
import { monthPeriod, previousMonth } from '../../core/reports/monthly-period';
import { pdfText } from '../support/pdf-text';

const row = (id: string, name: string, rank: number, onTime: number, due: number): VendorReportRow => ({
  org: { id, name }, rank, previousRank: null, rankChange: null, score: 90 - rank, previousScore: null, scoreChange: null,
  onTime: { rate: Number((onTime / due).toFixed(4)), onTime, due }, cycleHours: { completed: 2, avg: 30, p90: 45.5, businessAvg: 12.5, businessP90: 20.25 },
  firstPass: { rate: 1, passed: 2, completed: 2 }, rework: { rounds: 0, avgRounds: 0 }, openLoad: { jobs: 0, steps: 0, overdueSteps: 0 },
  delayReasons: [], rejectionReasons: [], weekly: [],
});

describe('monthly periods', () => {
  test('a run at 09:00 on 1 December in Shanghai builds November, from Shanghai midnight to Shanghai midnight', () => {
    expect(previousMonth(new Date('2026-12-01T01:00:00Z'), 'Asia/Shanghai')).toEqual({
      period: '2026-11', from: new Date('2026-10-31T16:00:00Z'), to: new Date('2026-11-30T16:00:00Z'),
    });
  });

  test('the same instant is still 30 November in Los Angeles, so there it is October (with the DST change inside)', () => {
    expect(previousMonth(new Date('2026-12-01T01:00:00Z'), 'America/Los_Angeles')).toEqual({
      period: '2026-10', from: new Date('2026-10-01T07:00:00Z'), to: new Date('2026-11-01T07:00:00Z'),
    });
  });

  test('January looks back to December of the year before; a named month is that month', () => {
    expect(previousMonth(new Date('2027-01-01T01:00:00Z'), 'Asia/Shanghai').period).toBe('2026-12');
    expect(monthPeriod('2026-02', 'UTC')).toEqual({ period: '2026-02', from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') });
    expect(() => monthPeriod('2026-13', 'UTC')).toThrow('not a month: "2026-13" (YYYY-MM)');
  });
});

describe('the PDF', () => {
  test('its extracted text names every vendor (Chinese and Latin), the chart figures and the bilingual titles', async () => {
    const pdf = await monthlyReportPdf({
      orgName: '演示公司', period: '2026-11', zone: 'Asia/Shanghai', builtAt: new Date('2026-12-01T01:00:00Z'),
      report: {
        from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z', previous: { from: '2026-10-01T16:00:00.000Z', to: '2026-10-31T16:00:00.000Z' }, sop: null,
        weights: { onTime: 0.4, firstPass: 0.3, cycle: 0.2, rework: 0.1 },
        vendors: [row('a', '深圳星光印刷厂', 1, 3, 4), row('b', 'Acme Print', 2, 1, 2)],
      },
      cycleBuckets: [{ label: '< 1 天 day', count: 3 }, { label: '1–3 天 days', count: 7 }],
      reasons: [{ label: '缺少材料 Missing material', count: 4 }],
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain('月度供应商报告 Monthly vendor report · 2026-11');
    expect(text).toContain('深圳星光印刷厂 75.0% (3/4)');
    expect(text).toContain('Acme Print 50.0% (1/2)');
    // The ranking row: done, average and p90 cycle (calendar hours), then the average in business hours.
    expect(text).toContain('Acme Print 88 50.0% (1/2) 2 30 45.5 12.5');
    expect(text).toContain('缺少材料 Missing material 4');
    expect(text).toContain('1–3 天 days');
    expect(text).toContain('生成于 built 2026年12月1日 09:00');
  });

  test('without the CJK font it says to install fonts-noto-cjk or set REPORT_CJK_FONT', () => {
    expect(() => cjkFont({ REPORT_CJK_FONT: '/nonexistent/font.ttc' })).toThrow(
      'the monthly report PDF needs a CJK font and /nonexistent/font.ttc does not exist: install it with `apt-get install fonts-noto-cjk`, or set REPORT_CJK_FONT to a .ttf/.otf/.ttc file with Chinese glyphs',
    );
  });
});
