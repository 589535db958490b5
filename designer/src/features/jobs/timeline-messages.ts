import { defineMessages } from '../../lib/i18n';

/**
 * The job timeline in words (event-sentence.ts picks the key). Placeholders:
 * {actor} who, {step} the step's title, {round}, {due}/{to} times in the
 * viewer's zone (in `job.migrated`, {from}/{to} are SOP versions),
 * {outcome}/{reason}/{status}/{role}/{name}/{level}/{code} details.
 */
export const useTimelineT = defineMessages(
  {
    'job.created': '{actor} 创建了任务', 'job.started': '任务开始运行', 'job.completed': '任务完成', 'job.cancelled': '任务已取消',
    'job.failed': '任务失败', 'job.stuck': '任务卡住了：返工次数超过上限，需要负责人处理', 'job.running': '任务恢复运行', 'job.start_failed': '任务启动失败：{error}',
    'job.cancel_requested': '{actor} 请求取消任务：{reason}', 'job.reassigned': '{actor} 改派了「{role}」', 'job.vendor_changed': '{actor} 更换了供应商',
    'job.fields_changed': '{actor} 修改了任务字段',
    'job.migrated': '{actor} 把任务从版本 {from} 迁移到版本 {to}', 'job.migratedPlain': '{actor} 把任务迁移到了新版本',
    'step.activated': '「{step}」第 {round} 轮开始', 'step.activatedDue': '「{step}」第 {round} 轮开始，期限 {due}',
    'step.completed': '「{step}」第 {round} 轮完成', 'step.completedOutcome': '「{step}」第 {round} 轮完成：{outcome}',
    'step.overdue': '「{step}」第 {round} 轮已逾期', 'step.ended': '「{step}」第 {round} 轮结束：{status}', 'step.migrated': '「{step}」迁移到新版本',
    'status.done': '完成', 'status.skipped': '已跳过', 'status.cancelled': '已取消', 'status.active': '进行中',
    'step.deadline_changed': '{actor} 把「{step}」的期限改为 {to}', 'step.deadline_changedReason': '{actor} 把「{step}」的期限改为 {to}（{reason}）',
    'step.deadline_changedCalendar': '工作日历更新：「{step}」的期限改为 {to}',
    'submission.created': '{actor} 提交了「{step}」第 {round} 轮', 'submission.refused': '{actor} 的提交未被接收（{code}）',
    'review.approved': '{actor} 审核通过「{step}」第 {round} 轮', 'review.rejected': '{actor} 驳回了「{step}」第 {round} 轮',
    'acceptance.accepted': '{actor} 接单', 'acceptance.declined': '{actor} 拒单', 'acceptance.declinedReason': '{actor} 拒单：{reason}',
    'notice.reminder': '已发提醒：「{step}」', 'notice.escalation': '已升级第 {level} 级：「{step}」', 'notice.other': '已发通知：{kind}',
    'notice.overdue': '已发逾期通知：「{step}」', 'notice.stuck': '已通知：任务卡住', 'notice.notify': '已发送流程通知', 'notice.task_assigned': '已通知负责人：「{step}」',
    'notice.review_request': '已请 QA 审核：「{step}」', 'notice.job_completed': '已发任务完成通知', 'notice.job_cancelled': '已发任务取消通知', 'notice.job_declined': '已通知负责人：供应商拒单',
    'comment.added': '{actor} 发表了评论', 'comment.internal_added': '{actor} 发表了内部评论（供应商不可见）', 'notice.comment_mentioned': '已通知评论中提及的人', 'file.uploaded': '{actor} 上传了 {name}', 'file.downloaded': '{actor} 下载了文件',
    'report.filed': '{actor} 提交了「{step}」第 {period} 期报告', 'report.missed': '「{step}」第 {period} 期报告未提交',
    'outcome.submitted': '已提交', 'outcome.passed': '通过', 'outcome.failed': '未通过', 'outcome.approved': '通过', 'outcome.rejected': '驳回',
    'outcome.accepted': '已接单', 'outcome.declined': '已拒单', 'outcome.done': '完成',
    system: '系统', rawType: '事件类型',
  },
  {
    'job.created': '{actor} created the job', 'job.started': 'The job started', 'job.completed': 'The job completed', 'job.cancelled': 'The job was cancelled',
    'job.failed': 'The job failed', 'job.stuck': 'The job is stuck: more rework rounds than allowed; the owner needs to act', 'job.running': 'The job runs again', 'job.start_failed': 'The job could not start: {error}',
    'job.cancel_requested': '{actor} asked to cancel the job: {reason}', 'job.reassigned': '{actor} reassigned the {role} role', 'job.vendor_changed': '{actor} changed the vendor',
    'job.fields_changed': '{actor} changed job fields',
    'job.migrated': '{actor} moved the job from version {from} to version {to}', 'job.migratedPlain': '{actor} moved the job to a new version',
    'step.activated': '{step} round {round} started', 'step.activatedDue': '{step} round {round} started, due {due}',
    'step.completed': '{step} round {round} finished', 'step.completedOutcome': '{step} round {round} finished: {outcome}',
    'step.overdue': '{step} round {round} is overdue', 'step.ended': '{step} round {round} ended: {status}', 'step.migrated': '{step} moved to the new version',
    'status.done': 'done', 'status.skipped': 'skipped', 'status.cancelled': 'cancelled', 'status.active': 'in progress',
    'step.deadline_changed': '{actor} moved the deadline of {step} to {to}', 'step.deadline_changedReason': '{actor} moved the deadline of {step} to {to} ({reason})',
    'step.deadline_changedCalendar': 'The work calendar changed: {step} is now due {to}',
    'submission.created': '{actor} submitted round {round} of {step}', 'submission.refused': 'A submission by {actor} was not accepted ({code})',
    'review.approved': '{actor} approved round {round} of {step}', 'review.rejected': '{actor} rejected round {round} of {step}',
    'acceptance.accepted': '{actor} accepted the job', 'acceptance.declined': '{actor} declined the job', 'acceptance.declinedReason': '{actor} declined the job: {reason}',
    'notice.reminder': 'Reminder sent: {step}', 'notice.escalation': 'Escalated to level {level}: {step}', 'notice.other': 'Notice sent: {kind}',
    'notice.overdue': 'Overdue notice sent: {step}', 'notice.stuck': 'Told: the job is stuck', 'notice.notify': 'SOP notice sent', 'notice.task_assigned': 'Assignee told: {step}',
    'notice.review_request': 'QA asked to review: {step}', 'notice.job_completed': 'Completion notice sent', 'notice.job_cancelled': 'Cancellation notice sent', 'notice.job_declined': 'Owner told: the vendor declined',
    'comment.added': '{actor} commented', 'comment.internal_added': '{actor} wrote an internal comment (vendors never see it)', 'notice.comment_mentioned': 'People mentioned in a comment were told', 'file.uploaded': '{actor} uploaded {name}', 'file.downloaded': '{actor} downloaded a file',
    'report.filed': '{actor} filed the period {period} report of {step}', 'report.missed': '{step}: the period {period} report was not filed',
    'outcome.submitted': 'submitted', 'outcome.passed': 'passed', 'outcome.failed': 'failed', 'outcome.approved': 'approved', 'outcome.rejected': 'rejected',
    'outcome.accepted': 'accepted', 'outcome.declined': 'declined', 'outcome.done': 'done',
    system: 'System', rawType: 'Event type',
  },
);

export type TimelineKey = Parameters<ReturnType<typeof useTimelineT>>[0];
