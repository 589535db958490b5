import { defineMessages } from '../../lib/i18n';

export const useReportT = defineMessages(
  {
    title: '供应商报表', subtitle: '按期间统计供应商的准时率、周期、一次通过率与返工，综合得分排名并与上一期比较。',
    period: '期间', month: '月度', quarter: '季度', custom: '自定义', from: '开始日期', to: '结束日期', pickMonth: '月份', pickQuarter: '季度',
    rank: '排名', vendor: '供应商', score: '综合得分', change: '较上期', onTime: '准时率', trend: '按周准时率', cycle: '平均 / P90 周期', businessCycle: '平均 / P90 工作时',
    firstPass: '一次通过率', rework: '返工轮次', openLoad: '进行中', reasons: '主要延误原因', rejections: '主要驳回原因', jobs: '任务',
    up: '上升 {n} 名', down: '下降 {n} 名', same: '持平', new: '新上榜', none: '—', hours: '{n} 小时', businessHint: '按 SOP 工作日历计的工作时间（节假日不计，调休补班计入）', loading: '正在加载…',
    empty: '该期间没有供应商数据', exportCsv: '导出 CSV', exportXlsx: '导出 Excel', exportJobs: '查看任务', allSops: '全部 SOP', sop: 'SOP',
    weights: '得分权重：准时 {onTime} · 一次通过 {firstPass} · 周期 {cycle} · 返工 {rework}', noTrend: '无数据',
  },
  {
    title: 'Vendor report', subtitle: 'On-time rate, cycle time, first pass and rework per vendor over a period, ranked by a composite score and compared with the previous period.',
    period: 'Period', month: 'Month', quarter: 'Quarter', custom: 'Custom', from: 'From', to: 'To', pickMonth: 'Month', pickQuarter: 'Quarter',
    rank: 'Rank', vendor: 'Vendor', score: 'Score', change: 'vs previous', onTime: 'On time', trend: 'On time by week', cycle: 'Avg / P90 cycle', businessCycle: 'Avg / P90 business hours',
    firstPass: 'First pass', rework: 'Rework rounds', openLoad: 'Open', reasons: 'Top delay reasons', rejections: 'Top rejection reasons', jobs: 'Jobs',
    up: 'up {n}', down: 'down {n}', same: 'unchanged', new: 'new', none: '—', hours: '{n} h', businessHint: 'Working time under the SOP\'s business calendar (holidays off, make-up workdays on)', loading: 'Loading…',
    empty: 'No vendor data in this period', exportCsv: 'Export CSV', exportXlsx: 'Export Excel', exportJobs: 'Jobs', allSops: 'All SOPs', sop: 'SOP',
    weights: 'Score weights: on time {onTime} · first pass {firstPass} · cycle {cycle} · rework {rework}', noTrend: 'no data',
  },
);

export type ReportKey = Parameters<ReturnType<typeof useReportT>>[0];
