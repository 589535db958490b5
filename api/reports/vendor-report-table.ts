/** The vendor report as an export table: one row per vendor, in rank order, headers in the caller's language; cycle times in calendar, then business hours. */
import type { Cell } from './table-export';
import type { ReasonCount, VendorReport } from './vendor-report';

const HEADERS = {
  en: ['Rank', 'Vendor', 'Score', 'Rank change', 'On-time rate', 'On time', 'Due', 'Jobs completed', 'Avg cycle (h)', 'P90 cycle (h)', 'Avg business cycle (h)', 'P90 business cycle (h)',
    'First-pass rate', 'Rework rounds', 'Open jobs', 'Open steps', 'Overdue steps', 'Top delay reasons', 'Top rejection reasons'],
  'zh-CN': ['排名', '供应商', '综合得分', '排名变化', '准时率', '准时', '有期限', '完成任务数', '平均周期（小时）', 'P90 周期（小时）', '平均工作时周期（小时）', 'P90 工作时周期（小时）',
    '一次通过率', '返工轮次', '进行中任务', '进行中步骤', '逾期步骤', '主要延误原因', '主要驳回原因'],
};

const reasons = (list: ReasonCount[]) => (list.length === 0 ? null : list.map((r) => `${r.label} ×${r.count}`).join('; '));

export function vendorReportTable(report: VendorReport, locale: string): { headers: string[]; rows: Cell[][] } {
  const headers = locale.startsWith('zh') ? HEADERS['zh-CN'] : HEADERS.en;
  const rows = report.vendors.map((v): Cell[] => [
    v.rank, v.org.name, v.score, v.rankChange, v.onTime.rate, v.onTime.onTime, v.onTime.due, v.cycleHours.completed, v.cycleHours.avg, v.cycleHours.p90, v.cycleHours.businessAvg, v.cycleHours.businessP90,
    v.firstPass.rate, v.rework.rounds, v.openLoad.jobs, v.openLoad.steps, v.openLoad.overdueSteps, reasons(v.delayReasons), reasons(v.rejectionReasons),
  ]);
  return { headers, rows };
}
