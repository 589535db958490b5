import { defineMessages } from '../lib/i18n';

const useStatusT = defineMessages(
  {
    running: '进行中', completed: '已完成', cancelled: '已取消', failed: '失败', stuck: '卡住',
    active: '进行中', done: '已完成', overdue: '已逾期', skipped: '已跳过',
    draft: '草稿', published: '已发布', passed: '通过', rejected: '驳回', approved: '通过', submitted: '已提交',
  },
  {
    running: 'Running', completed: 'Completed', cancelled: 'Cancelled', failed: 'Failed', stuck: 'Stuck',
    active: 'Active', done: 'Done', overdue: 'Overdue', skipped: 'Skipped',
    draft: 'Draft', published: 'Published', passed: 'Passed', rejected: 'Rejected', approved: 'Approved', submitted: 'Submitted',
  },
);

type Known = Parameters<ReturnType<typeof useStatusT>>[0];

export function StatusBadge({ status }: { status: string }) {
  const t = useStatusT();
  return <span className={`badge status-${status}`}>{t(status as Known)}</span>;
}
