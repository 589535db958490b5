import { defineMessages } from '../../lib/i18n';

export const useDashboardT = defineMessages(
  {
    title: '看板', subtitle: '外发任务总览：状态、逾期与供应商表现。', myWork: '我的待办', myWorkEmpty: '没有需要你处理的事项', 'kind.task': '待提交', 'kind.review': '待审核', 'kind.acceptance': '待接单', 'kind.stuck': '卡住', 'kind.overdue': '逾期升级', overdueCount: '逾期 {count}', byStatus: '任务状态', overdue: '逾期步骤', noOverdue: '没有逾期的步骤',
    vendors: '供应商', vendor: '供应商', jobs: '任务数', running: '进行中', completed: '已完成', stuck: '卡住', overdueSteps: '逾期步骤', onTrack: '按期率',
    loading: '正在加载…', total: '全部任务', step: '步骤',
    kpis: '关键指标（近 30 天）', 'kpi.onTimeRate': '供应商按时交付率', 'kpi.firstPassRate': '自动检查一次通过率', 'kpi.avgCycleHours': '平均交付周期', 'kpi.avgReworkRounds': '平均返工轮次',
    'kpi.rejections': 'QA 驳回次数',
    burndown: '未完成工作趋势', burndownHint: '每天结束时仍在进行的任务与审核步骤',
    open: '未完成', onTime: '按时率', firstPass: '一次通过', cycle: '平均周期', rework: '返工轮次', delayCause: '主要驳回原因', assignee: '负责人',
    hours: '{n} 小时', days: '{n} 天', rounds: '{n} 轮',
  },
  {
    title: 'Dashboard', subtitle: 'Outsourced work at a glance: status, overdue steps, vendor performance.', myWork: 'My work', myWorkEmpty: 'Nothing needs you right now', 'kind.task': 'To submit', 'kind.review': 'To review', 'kind.acceptance': 'To accept', 'kind.stuck': 'Stuck', 'kind.overdue': 'Escalated', overdueCount: '{count} overdue', byStatus: 'Jobs by status', overdue: 'Overdue steps', noOverdue: 'Nothing is overdue',
    vendors: 'Vendors', vendor: 'Vendor', jobs: 'Jobs', running: 'Running', completed: 'Completed', stuck: 'Stuck', overdueSteps: 'Overdue steps', onTrack: 'On track',
    loading: 'Loading…', total: 'All jobs', step: 'Step',
    kpis: 'Key figures (last 30 days)', 'kpi.onTimeRate': 'Vendor on-time delivery', 'kpi.firstPassRate': 'First-pass rate of checks', 'kpi.avgCycleHours': 'Average delivery cycle', 'kpi.avgReworkRounds': 'Average rework rounds',
    'kpi.rejections': 'QA rejections',
    burndown: 'Open work over time', burndownHint: 'Task and review steps still open at the end of each day',
    open: 'Open', onTime: 'On time', firstPass: 'First pass', cycle: 'Avg cycle', rework: 'Rework rounds', delayCause: 'Top rejection reason', assignee: 'Assignee',
    hours: '{n} h', days: '{n} d', rounds: '{n}',
  },
);

export type DashboardKey = Parameters<ReturnType<typeof useDashboardT>>[0];
