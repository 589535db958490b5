/**
 * What the browser story reads and types, per UI language: the labels, buttons
 * and messages it expects (written out here, not taken from the UI's own
 * dictionaries, so a changed or missing translation fails the story) and the
 * data each role enters. SOP content (deliverable 设计稿, reason 颜色不符, the
 * step titles of a new SOP) is data and reads the same in both runs.
 */
import type { UiLocale } from '../../designer/e2e/browser';

const zh = {
  // SOP designer
  canvas: 'SOP 流程画布', sopSettings: 'SOP 设置', key: '标识（key）', name: '名称', needsReference: '需要参考稿',
  addCheck: '添加自动检查节点', problems: '问题', nodeProps: '节点属性', title: '标题', instructionsLabel: '说明',
  deleteEdge: (from: string, to: string) => `删除连线 ${from} → ${to}`, oneProblem: '1 个问题', noProblems: '没有问题，可以发布。',
  autoLayout: '自动布局', valid: '校验通过', saveDraft: '保存草稿', publish: '发布', published: '已发布版本 1',
  // starting a job and the job page
  jobCode: '任务编号', jobTitleLabel: '任务标题', vendorOrg: '供应商', uploaded: '已上传 reference.png', startJob: '发起任务',
  manage: '管理操作', newDue: (zone: string) => `新期限（${zone}）`, moveDeadline: '更新期限', deadlineMoved: '期限已更新',
  reassign: '改派', role: '角色', person: '负责人', scope: '范围', onlyStep: (step: string) => `仅当前步骤：${step}`, reassigned: '已改派',
  assignedTo: (name: string) => `负责人：${name}`, cancelJob: '取消任务', cancelReason: '取消原因', confirmCancel: '确认取消任务', cancelSent: '已发送取消请求',
  completed: '已完成', cancelled: '已取消', whereTheJobIs: '流程位置', jobsNav: '任务',
  // vendor portal
  submitForm: '提交交付物', nameWrong: '✕ 文件名不符合规则', fixNames: '请先修正文件名', nameOk: '✓ 文件名符合规则', submit: '提交',
  submitted: (round: number) => `已提交第 ${round} 轮`, qaFeedback: 'QA 审核意见', rework: (round: number) => `返工 · 第 ${round} 轮`,
  checkInForm: (step: string, period: number) => `${step} · 第 ${period} 期`, checkIn: '打卡', periodFiled: (period: number) => `第 ${period} 期已提交`,
  accept: '接单', referenceAlt: (name: string) => `参考文件 ${name}`, vendorChecks: '检查结果', checkPassed: '通过',
  handedIn: '外包方提交的内容', formAnswers: '表单回答',
  // QA review
  reference: '参考稿', draft: '提交稿', swipe: '滑动', split: '分割位置', reject: /驳回/, approve: /通过/, reasonRequired: '驳回时请至少选择一个原因',
  comment: '意见', rejectedSent: '已提交：驳回', approvedSent: '已提交：通过',
  // dashboard
  dashboard: '看板', burndown: /未完成工作趋势/, rejections: 'QA 驳回次数',
  // settings
  settings: '设置', sections: '设置分区', myNotifications: '我的通知', email: (address: string) => `邮件（${address}）`,
  notificationLanguage: '通知语言', timezone: '时区', savePrefs: '保存通知设置', prefsSaved: '已保存通知设置',
  channelsTab: '通知渠道', channelsTable: '通知渠道', addChannel: '添加渠道', channel: '渠道', url: '地址', secret: '密钥',
  secretShort: (len: number) => `签名密钥至少需要 16 个字符（现在 ${len} 个）`, channelAdded: (name: string) => `已添加渠道“${name}”`,
  webhookChannel: '签名 Webhook（ERP 等）', orgScope: (org: string) => `组织：${org}`, secretSet: '已设置',
  deliveriesTab: '发送记录', deliveriesTable: '发送记录', retry: /^重试 job\.completed/, retried: '已重新排队：job.completed 将再次发送',
  statusFilter: '状态', refresh: /刷新/,
  // people (admin) and the invited person
  peopleTab: '人员', invite: '邀请', organisation: '组织', emailField: '邮箱', createLink: '生成邀请链接', inviteLink: '邀请链接',
  validUntil: /^有效期至 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} \(Asia\/Shanghai\)，只能使用一次。/,
  disable: (name: string) => `停用 ${name}`, confirmDisable: (name: string) => `确认停用 ${name}`, disabledDone: (name: string) => `已停用 ${name}，其所有会话已立即结束`, disabledBadge: '已停用',
  acceptInvitation: '接受邀请', yourName: '姓名', newPassword: '新密码（至少 10 位）', createAccount: '创建账户', mainNav: '主导航', myTasks: '我的任务',
  signedOut: '你已被登出：会话已过期，或账户已被管理员停用。请重新登录。',
  // bulk start, a new version, migrating running jobs, the portfolio
  bulkStart: '批量发起', downloadCsv: '下载 CSV 模板', sheetInput: '3. 上传表格（CSV 或 XLSX）', bulkProblems: '问题',
  bulkSummary: (rows: number, ready: number, invalid: number) => `共 ${rows} 行：${ready} 行可发起，0 行已存在（将跳过），${invalid} 行有问题`,
  bulkStartN: (n: number) => `发起 ${n} 个任务`, bulkResults: '每行结果', rowStarted: '已发起',
  dueAfter: '激活后', publishedVersion: (v: number) => `已发布版本 ${v}`, migrateOpen: '迁移进行中的任务', fromVersion: '从版本', toVersion: '到版本',
  runningOn: (v: number) => `版本 ${v} 上进行中的任务`, selectAll: '全选已显示的任务', previewMigration: '预览迁移',
  migrationPreview: (planned: number, refused: number) => `预览：${planned} 个可迁移，${refused} 个被拒绝`, willMove: '将迁移',
  migrateN: (n: number) => `迁移 ${n} 个任务`, migrationResult: (moved: number, refused: number) => `结果：${moved} 个已迁移，${refused} 个被拒绝`, moved: '已迁移',
  noRunningJobs: '这个版本上没有进行中的任务', deadlineChange: /提交设计稿：期限 .+ → .+/, portfolioNav: '项目总览', gantt: '甘特图', statusRunning: '进行中',
};

const en: typeof zh = {
  canvas: 'SOP flow canvas', sopSettings: 'SOP settings', key: 'Key', name: 'Name', needsReference: 'Needs a reference file',
  addCheck: 'Add Auto check node', problems: 'Problems', nodeProps: 'Node properties', title: 'Title', instructionsLabel: 'Instructions',
  deleteEdge: (from, to) => `Delete edge ${from} → ${to}`, oneProblem: '1 problem', noProblems: 'No problems: ready to publish.',
  autoLayout: 'Auto layout', valid: 'Valid', saveDraft: 'Save draft', publish: 'Publish', published: 'Published version 1',
  jobCode: 'Job code', jobTitleLabel: 'Job title', vendorOrg: 'Vendor', uploaded: 'Uploaded reference.png', startJob: 'Start job',
  manage: 'Manage', newDue: (zone) => `New deadline (${zone})`, moveDeadline: 'Update deadline', deadlineMoved: 'Deadline updated',
  reassign: 'Reassign', role: 'Role', person: 'Person', scope: 'Scope', onlyStep: (step) => `Only the current step: ${step}`, reassigned: 'Reassigned',
  assignedTo: (name) => `Assigned to ${name}`, cancelJob: 'Cancel job', cancelReason: 'Reason', confirmCancel: 'Confirm cancellation', cancelSent: 'Cancellation sent',
  completed: 'Completed', cancelled: 'Cancelled', whereTheJobIs: 'Where the job is', jobsNav: 'Jobs',
  submitForm: 'Submit deliverables', nameWrong: '✕ File name does not follow the rule', fixNames: 'Fix the file names first', nameOk: '✓ File name follows the rule', submit: 'Submit',
  submitted: (round) => `Round ${round} submitted`, qaFeedback: 'QA review', rework: (round) => `Rework · Round ${round}`,
  checkInForm: (step, period) => `${step} · period ${period}`, checkIn: 'Check in', periodFiled: (period) => `Period ${period} filed`,
  accept: 'Accept', referenceAlt: (name) => `Reference file ${name}`, vendorChecks: 'Check results', checkPassed: 'Passed',
  handedIn: 'What the vendor handed in', formAnswers: 'Form answers',
  reference: 'Reference', draft: 'Draft', swipe: 'Swipe', split: 'Split position', reject: /Reject/, approve: /Approve/, reasonRequired: 'Pick at least one reason to reject',
  comment: 'Comment', rejectedSent: 'Submitted: rejected', approvedSent: 'Submitted: approved',
  dashboard: 'Dashboard', burndown: /Open work over time/, rejections: 'QA rejections',
  settings: 'Settings', sections: 'Settings sections', myNotifications: 'My notifications', email: (address) => `E-mail (${address})`,
  notificationLanguage: 'Notification language', timezone: 'Time zone', savePrefs: 'Save notification settings', prefsSaved: 'Notification settings saved',
  channelsTab: 'Channels', channelsTable: 'Notification channels', addChannel: 'Add a channel', channel: 'Channel', url: 'URL', secret: 'Secret',
  secretShort: (len) => `The signing secret needs at least 16 characters (has ${len})`, channelAdded: (name) => `Added channel “${name}”`,
  webhookChannel: 'Signed webhook (ERP, …)', orgScope: (org) => `Organisation: ${org}`, secretSet: 'set',
  deliveriesTab: 'Deliveries', deliveriesTable: 'Deliveries', retry: /^Retry job\.completed/, retried: 'Queued again: job.completed will be sent again',
  statusFilter: 'Status', refresh: /Refresh/,
  peopleTab: 'People', invite: 'Invite', organisation: 'Organisation', emailField: 'E-mail', createLink: 'Create invitation link', inviteLink: 'Invitation link',
  validUntil: /^Valid until \d{2}\/\d{2}\/\d{4}, \d{2}:\d{2} \(Asia\/Shanghai\); it works once\./,
  disable: (name) => `Disable ${name}`, confirmDisable: (name) => `Confirm disabling ${name}`, disabledDone: (name) => `Disabled ${name}: their sessions ended at once`, disabledBadge: 'Disabled',
  acceptInvitation: 'Accept your invitation', yourName: 'Name', newPassword: 'New password (at least 10 characters)', createAccount: 'Create account', mainNav: 'Main navigation', myTasks: 'My tasks',
  signedOut: 'You were signed out: your session expired, or an admin disabled your account. Sign in again.',
  bulkStart: 'Bulk start', downloadCsv: 'Download CSV template', sheetInput: '3. Upload the sheet (CSV or XLSX)', bulkProblems: 'Problems',
  bulkSummary: (rows, ready, invalid) => `${rows} rows: ${ready} ready, 0 started before (skipped), ${invalid} with problems`,
  bulkStartN: (n) => `Start ${n} jobs`, bulkResults: 'Result per row', rowStarted: 'Started',
  dueAfter: 'After activation', publishedVersion: (v) => `Published version ${v}`, migrateOpen: 'Migrate running jobs', fromVersion: 'From version', toVersion: 'To version',
  runningOn: (v) => `Running jobs on version ${v}`, selectAll: 'Select all shown jobs', previewMigration: 'Preview migration',
  migrationPreview: (planned, refused) => `Preview: ${planned} will move, ${refused} refused`, willMove: 'Will move',
  migrateN: (n) => `Migrate ${n} jobs`, migrationResult: (moved, refused) => `Result: ${moved} moved, ${refused} refused`, moved: 'Moved',
  noRunningJobs: 'No running jobs on this version', deadlineChange: /提交设计稿: deadline .+ → .+/, portfolioNav: 'Portfolio', gantt: 'Gantt', statusRunning: 'Running',
};

export type StoryText = typeof zh;
export const STORY_TEXT: Record<UiLocale, StoryText> = { 'zh-CN': zh, en };

/** What the people in the story write, in their language. */
export const STORY_DATA: Record<UiLocale, { sopName: string; jobTitle: string; bulkTitle: string; cancelTitle: string; instructions: string; qaComment: string; approveComment: string; cancelReason: string; webhookName: string; managerZone: string; newcomer: string; phoneJobTitle: string; fonts: string }> = {
  'zh-CN': {
    sopName: '双十一横幅（端到端）', jobTitle: '双十一店铺横幅', bulkTitle: '双十二门店海报', cancelTitle: '618 预热横幅（将取消）', instructions: '按参考稿制作 1200×600 横幅，PNG 格式',
    qaComment: '主色偏暗，请按参考稿的红色 #E4393C 调整', approveComment: '与参考稿一致，通过', cancelReason: '客户撤回需求', webhookName: 'ERP 网关（中文）', managerZone: 'Europe/Berlin', newcomer: '新设计师 陈',
    phoneJobTitle: '年货节主图（手机上接单）', fonts: '思源黑体 Bold',
  },
  en: {
    sopName: 'Double 11 banner (end to end)', jobTitle: 'Double 11 store banner', bulkTitle: 'Double 12 store poster', cancelTitle: '618 warm-up banner (to be cancelled)', instructions: 'Make a 1200×600 banner after the reference, as PNG',
    qaComment: 'The main colour is too dark: use the reference red #E4393C', approveComment: 'Matches the reference, approved', cancelReason: 'The client withdrew the request', webhookName: 'ERP gateway (English)', managerZone: 'America/New_York', newcomer: 'Casey Chen (new designer)',
    phoneJobTitle: 'New Year sale key visual (taken on a phone)', fonts: 'Source Han Sans Bold',
  },
};
