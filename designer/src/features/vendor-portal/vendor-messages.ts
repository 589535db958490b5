import { defineMessages } from '../../lib/i18n';

export const useVendorT = defineMessages(
  {
    title: '我的任务', subtitle: '需要你提交的交付物，已逾期的排在最前。', empty: '目前没有需要你处理的任务', emptyHint: '新任务会出现在这里。',
    overdueBy: '已逾期 {span}', dueIn: '剩余 {span}', noDue: '无期限', dueAt: '截止 {time}', round: '第 {round} 轮', rework: '返工',
    waiting: '等待他人处理', waitingHint: '已提交，等待自动检查或 QA 审核。', done: '已结束',
    back: '返回我的任务', submitTitle: '提交交付物', instructions: '要求', deliverable: '交付物', template: '命名规则', exampleName: '示例', reference: '参考文件', referenceAlt: '参考文件 {name}', downloadFailed: '下载失败，请重试',
    drop: '拖入文件，或点击选择', dropActive: '松开即可添加', replace: '更换文件', remove: '移除',
    namingOk: '文件名符合规则', namingBad: '文件名不符合规则', useExample: '改用正确文件名：{name}', expected: '示例',
    wrongType: '文件类型 {type} 不被接受（允许：{allowed}）', tooBig: '文件 {size} 超过上限 {max}',
    checklist: '提交前确认', required: '必填', note: '备注（可选）', notePlaceholder: '给 QA 的说明…',
    submit: '提交', submitting: '正在上传…', submitted: '已提交第 {round} 轮，系统正在自动检查。',
    missingFiles: '还缺少：{list}', checklistMissing: '请勾选所有必填项', fixNames: '请先修正文件名',
    checks: '检查结果', comments: '评论', qaFeedback: 'QA 审核意见', noFeedback: '还没有 QA 审核意见', approved: '通过', rejected: '驳回', reasonsLabel: '驳回原因', history: '我的版本', loading: '正在加载…', noActive: '这个任务目前不需要你提交。',
    formQuestions: '请回答', fixAnswers: '请先修正表单中的回答',
    job: '任务', status: '状态', nextVersion: '将作为 v{version}', openCount: '待办 {count}', overdueCount: '逾期 {count}',
  },
  {
    title: 'My tasks', subtitle: 'Deliverables you owe, overdue first.', empty: 'Nothing needs you right now', emptyHint: 'New tasks will appear here.',
    overdueBy: 'Overdue by {span}', dueIn: 'Due in {span}', noDue: 'No deadline', dueAt: 'Due {time}', round: 'Round {round}', rework: 'Rework',
    waiting: 'Waiting on others', waitingHint: 'Submitted; automatic checks or QA review in progress.', done: 'Finished',
    back: 'Back to my tasks', submitTitle: 'Submit deliverables', instructions: 'Instructions', deliverable: 'Deliverable', template: 'Naming rule', exampleName: 'for example', reference: 'Reference', referenceAlt: 'Reference file {name}', downloadFailed: 'Download failed; try again',
    drop: 'Drop a file here, or click to choose', dropActive: 'Release to add', replace: 'Replace file', remove: 'Remove',
    namingOk: 'File name follows the rule', namingBad: 'File name does not follow the rule', useExample: 'Use the correct name: {name}', expected: 'Example',
    wrongType: 'File type {type} is not accepted (allowed: {allowed})', tooBig: 'The file is {size}, above the limit of {max}',
    checklist: 'Confirm before submitting', required: 'required', note: 'Note (optional)', notePlaceholder: 'Anything QA should know…',
    submit: 'Submit', submitting: 'Uploading…', submitted: 'Round {round} submitted; automatic checks are running.',
    missingFiles: 'Still missing: {list}', checklistMissing: 'Tick every required item', fixNames: 'Fix the file names first',
    checks: 'Check results', comments: 'Comments', qaFeedback: 'QA review', noFeedback: 'No QA decision yet', approved: 'Approved', rejected: 'Rejected', reasonsLabel: 'Rejection reasons', history: 'My versions', loading: 'Loading…', noActive: 'This job does not need a submission from you now.',
    formQuestions: 'Questions', fixAnswers: 'Fix the answers in the form first',
    job: 'Job', status: 'Status', nextVersion: 'will be v{version}', openCount: '{count} to do', overdueCount: '{count} overdue',
  },
);
