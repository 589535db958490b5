import { defineMessages } from '../../lib/i18n';

/** Recurring reports and check-ins (日报/周报/打卡) on the vendor's task page and the job page. */
export const useReportsT = defineMessages(
  {
    title: '定期报告 / 打卡', reportDue: '待交报告', none: '还没有报告。', period: '第 {period} 期', periodSpan: '{start} – {end}',
    filed: '已提交', missed: '未提交', filedBy: '{name} 提交于 {time}', missedAt: '截止 {time} 未提交',
    owedTitle: '{step} · 第 {period} 期', dueBy: '请在 {time} 前提交', note: '备注（可选）',
    fileReport: '提交报告', checkIn: '打卡', sending: '正在提交…', sent: '第 {period} 期已提交',
    checkInHint: '本步骤只需打卡：确认本期工作在进行即可。', fixAnswers: '请修改标出的回答。', yes: '是', no: '否',
  },
  {
    title: 'Reports and check-ins', reportDue: 'Report due', none: 'No reports yet.', period: 'Period {period}', periodSpan: '{start} – {end}',
    filed: 'Filed', missed: 'Missed', filedBy: 'Filed by {name} at {time}', missedAt: 'Not filed by {time}',
    owedTitle: '{step} · period {period}', dueBy: 'Due by {time}', note: 'Note (optional)',
    fileReport: 'File report', checkIn: 'Check in', sending: 'Sending…', sent: 'Period {period} filed',
    checkInHint: 'This step only asks for a check-in: confirm the work of this period is going on.', fixAnswers: 'Please fix the marked answers.', yes: 'Yes', no: 'No',
  },
);
