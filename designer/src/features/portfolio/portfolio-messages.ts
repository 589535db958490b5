import { defineMessages } from '../../lib/i18n';

export const usePortfolioT = defineMessages(
  {
    title: '项目总览', subtitle: '所有任务的计划与实际：按 SOP、供应商、状态和期间筛选；点击条形打开任务。',
    sop: 'SOP', allSops: '全部 SOP', vendor: '供应商', allVendors: '全部供应商', status: '状态', allStatuses: '全部状态',
    from: '开始', to: '结束', zoom: '缩放', 'zoom.day': '日', 'zoom.week': '周', 'zoom.month': '月',
    'status.running': '进行中', 'status.completed': '已完成', 'status.cancelled': '已取消', 'status.failed': '失败', 'status.stuck': '卡住',
    gantt: '甘特图', planned: '计划', actual: '实际', overdue: '逾期', milestone: '里程碑', notStarted: '尚未开始，计划', today: '今天', risk: '延误风险 {n}%',
    jobs: '{n} 个任务', loadMore: '加载更多', loading: '加载中…', empty: '没有符合条件的任务',
    burndown: '燃尽图', burndownHint: '每天结束时仍未完成的步骤（任务、审核、接单），虚线为理想线。', open: '未完成步骤', ideal: '理想',
  },
  {
    title: 'Portfolio', subtitle: 'Planned vs actual across jobs: filter by SOP, vendor, status and period; click a bar to open the job.',
    sop: 'SOP', allSops: 'All SOPs', vendor: 'Vendor', allVendors: 'All vendors', status: 'Status', allStatuses: 'All statuses',
    from: 'From', to: 'To', zoom: 'Zoom', 'zoom.day': 'Day', 'zoom.week': 'Week', 'zoom.month': 'Month',
    'status.running': 'Running', 'status.completed': 'Completed', 'status.cancelled': 'Cancelled', 'status.failed': 'Failed', 'status.stuck': 'Stuck',
    gantt: 'Gantt', planned: 'Planned', actual: 'Actual', overdue: 'Overdue', milestone: 'Milestone', notStarted: 'Not started yet, planned', today: 'Today', risk: 'Delay risk {n}%',
    jobs: '{n} jobs', loadMore: 'Load more', loading: 'Loading…', empty: 'No job matches the filters',
    burndown: 'Burndown', burndownHint: 'Steps still open (tasks, reviews, acceptances) at the end of each day; the dashed line is the ideal.', open: 'Open steps', ideal: 'Ideal',
  },
);

export type PortfolioKey = Parameters<ReturnType<typeof usePortfolioT>>[0];
