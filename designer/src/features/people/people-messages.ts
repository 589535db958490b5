import { defineMessages } from '../../lib/i18n';

export const usePeopleT = defineMessages(
  {
    title: '人员', hint: '能登录本应用的人，按组织分组。供应商组织的人只能看到本组织的任务；停用账户会立即结束其所有会话。',
    loading: '正在加载…', loadFailed: '加载失败', refresh: '刷新', save: '保存', saving: '正在保存…', cancel: '取消', done: '完成',
    search: '搜索', searchHint: '姓名或邮箱', orgFilter: '显示', 'filter.all': '全部组织', 'filter.internal': '全部内部组织', 'filter.vendor': '全部供应商',
    'kind.internal': '内部', 'kind.vendor': '供应商', 'group.internal': '内部组织', 'group.vendor': '供应商',
    onePerson: '1 人', nPeople: '{n} 人', noOne: '还没有人。', noMatch: '没有姓名或邮箱包含“{q}”的人', inviteTo: '邀请加入 {org}',
    you: '你', active: '正常', disabled: '已停用', roles: '角色', rolesOf: '{name} 的角色', name: '姓名',
    'role.admin': '管理员', 'role.owner': '流程负责人', 'role.qa': 'QA 质检', 'role.manager': '项目经理', 'role.procurement': '采购', 'role.vendor': '供应商',
    'roleHint.admin': '管理人员、组织和通知渠道', 'roleHint.owner': '设计和发布 SOP，发起任务', 'roleHint.qa': '审核交付物', 'roleHint.manager': '跟进进度，改派、取消任务', 'roleHint.procurement': '可查看预算和合同字段', 'roleHint.vendor': '在供应商门户提交交付物',
    vendorOnly: '供应商组织的人只有“供应商”这一个角色。', pickRole: '请至少选择一个角色', nameRequired: '请填写姓名',
    edit: '编辑', editLabel: '编辑 {name}', editTitle: '编辑 {name}',
    disable: '停用', enable: '启用', disableLabel: '停用 {name}', enableLabel: '启用 {name}',
    confirmDisable: '确认停用', confirmEnable: '确认启用', confirmDisableLabel: '确认停用 {name}', confirmEnableLabel: '确认启用 {name}',
    disableNote: '{name} 会被立即登出，重新启用前无法登录。再点一次确认。', enableNote: '{name} 可以用原来的密码重新登录。再点一次确认。',
    disabledDone: '已停用 {name}，其所有会话已立即结束', enabledDone: '已启用 {name}', savedDone: '已保存 {name}', changeFailed: '无法修改 {name}',

    inviteTitle: '邀请', inviteHint: '生成一个邀请链接，由你发给对方（邮件、微信……）。对方打开链接、设置姓名和密码后即可登录。',
    org: '组织', chooseOrg: '请选择…', orgRequired: '请选择组织', email: '邮箱', emailRequired: '请填写邮箱', emailInvalid: '“{email}”不是有效的邮箱地址',
    createLink: '生成邀请链接', creating: '正在生成…', inviteFailed: '无法生成邀请',
    resetLink: '重设密码链接', resetLinkLabel: '为 {name} 生成重设密码链接', resetLinkFor: '{name} 的重设密码链接（只显示这一次，请交给本人）',
    resetLinkExpires: '有效至 {time}，只能使用一次。', resetLinkFailed: '无法生成重设链接',
    linkFor: '给 {email} 的邀请链接', linkLabel: '邀请链接', copy: '复制链接', copied: '已复制', copyFailed: '无法自动复制：请选中链接后手动复制。',
    linkExpires: '有效期至 {time}，只能使用一次。', linkOnce: '链接只显示这一次，请现在复制并发给对方。',

    userTitle: '创建内部账户', userHint: '为自己公司的同事直接设定初始密码，并通过安全的方式告诉对方。',
    password: '初始密码', passwordHint: '至少 {n} 个字符', passwordShort: '密码至少需要 {n} 个字符（现在 {len} 个）',
    language: '语言', languageDefault: '默认（简体中文）', timezone: '时区', timezoneHint: '留空：Asia/Shanghai', zoneUnknown: '“{zone}”不是有效的 IANA 时区，例如 Asia/Shanghai、Europe/Berlin。',
    createUser: '创建账户', userCreated: '已创建 {name}（{email}）的账户', userFailed: '无法创建账户', noInternalOrg: '还没有内部组织：请先添加一个。',

    orgTitle: '添加组织', orgName: '名称', orgNameHint: '例如：星河设计工作室', orgNameRequired: '请填写名称', kind: '类型',
    'kindHint.vendor': '外发供应商：其人员只能看到本组织的任务', 'kindHint.internal': '自己公司的部门或子公司',
    addOrg: '添加组织', orgAdded: '已添加组织“{name}”', orgFailed: '无法添加组织',

    'problem.email-taken': '该邮箱已有账户。', 'problem.roles-do-not-fit-org': '这些角色不适用于该组织：供应商组织的人只能是“供应商”，内部人员不能是“供应商”。',
    'problem.cannot-lock-out-self': '你不能停用自己的账户，也不能去掉自己的管理员角色；请让另一位管理员来操作。',
    'problem.last-admin': '这是最后一位有效的管理员：请先让另一个人成为管理员。', 'problem.org-unknown': '该组织不存在，请刷新后重试。',
  },
  {
    title: 'People', hint: 'Everyone who can sign in, by organisation. People of a vendor organisation see only their organisation’s jobs; disabling an account ends all its sessions at once.',
    loading: 'Loading…', loadFailed: 'Could not load', refresh: 'Refresh', save: 'Save', saving: 'Saving…', cancel: 'Cancel', done: 'Done',
    search: 'Search', searchHint: 'Name or e-mail', orgFilter: 'Show', 'filter.all': 'All organisations', 'filter.internal': 'All internal organisations', 'filter.vendor': 'All vendors',
    'kind.internal': 'Internal', 'kind.vendor': 'Vendor', 'group.internal': 'Internal organisations', 'group.vendor': 'Vendors',
    onePerson: '1 person', nPeople: '{n} people', noOne: 'No one yet.', noMatch: 'No one’s name or e-mail contains “{q}”', inviteTo: 'Invite to {org}',
    you: 'you', active: 'Active', disabled: 'Disabled', roles: 'Roles', rolesOf: 'Roles of {name}', name: 'Name',
    'role.admin': 'Admin', 'role.owner': 'Process owner', 'role.qa': 'QA inspector', 'role.manager': 'Project manager', 'role.procurement': 'Procurement', 'role.vendor': 'Vendor',
    'roleHint.admin': 'Manages people, organisations and notification channels', 'roleHint.owner': 'Draws and publishes SOPs, starts jobs', 'roleHint.qa': 'Reviews deliverables', 'roleHint.manager': 'Follows jobs, reassigns and cancels them', 'roleHint.procurement': 'May read budget and contract fields', 'roleHint.vendor': 'Submits deliverables in the vendor portal',
    vendorOnly: 'People of a vendor organisation hold only the vendor role.', pickRole: 'Pick at least one role', nameRequired: 'Enter a name',
    edit: 'Edit', editLabel: 'Edit {name}', editTitle: 'Edit {name}',
    disable: 'Disable', enable: 'Enable', disableLabel: 'Disable {name}', enableLabel: 'Enable {name}',
    confirmDisable: 'Confirm disable', confirmEnable: 'Confirm enable', confirmDisableLabel: 'Confirm disabling {name}', confirmEnableLabel: 'Confirm enabling {name}',
    disableNote: '{name} is signed out at once and cannot sign in until enabled again. Click again to confirm.', enableNote: '{name} can sign in again with their old password. Click again to confirm.',
    disabledDone: 'Disabled {name}: their sessions ended at once', enabledDone: 'Enabled {name}', savedDone: 'Saved {name}', changeFailed: 'Could not change {name}',

    inviteTitle: 'Invite', inviteHint: 'Creates a link that you send to the person yourself (e-mail, WeChat, …). They open it, choose a name and a password, and are signed in.',
    org: 'Organisation', chooseOrg: 'Choose…', orgRequired: 'Choose an organisation', email: 'E-mail', emailRequired: 'Enter an e-mail address', emailInvalid: '“{email}” is not an e-mail address',
    createLink: 'Create invitation link', creating: 'Creating…', inviteFailed: 'Could not create the invitation',
    resetLink: 'Reset link', resetLinkLabel: 'Issue a password reset link for {name}', resetLinkFor: 'Password reset link for {name} (shown only this once: hand it to them)',
    resetLinkExpires: 'Valid until {time}; it works once.', resetLinkFailed: 'Could not issue a reset link',
    linkFor: 'Invitation link for {email}', linkLabel: 'Invitation link', copy: 'Copy link', copied: 'Copied', copyFailed: 'Could not copy automatically: select the link and copy it.',
    linkExpires: 'Valid until {time}; it works once.', linkOnce: 'This link is shown only this once: copy it now and send it to them.',

    userTitle: 'Create an internal account', userHint: 'For colleagues of your own company: set a first password and pass it on securely.',
    password: 'First password', passwordHint: 'At least {n} characters', passwordShort: 'The password needs at least {n} characters (has {len})',
    language: 'Language', languageDefault: 'Default (Chinese)', timezone: 'Time zone', timezoneHint: 'Empty: Asia/Shanghai', zoneUnknown: '“{zone}” is not an IANA time zone, e.g. Asia/Shanghai, Europe/Berlin.',
    createUser: 'Create account', userCreated: 'Created the account of {name} ({email})', userFailed: 'Could not create the account', noInternalOrg: 'There is no internal organisation yet: add one first.',

    orgTitle: 'Add an organisation', orgName: 'Name', orgNameHint: 'e.g. Galaxy Design Studio', orgNameRequired: 'Enter a name', kind: 'Kind',
    'kindHint.vendor': 'An outside supplier: its people see only its own jobs', 'kindHint.internal': 'Your own company, a department or a subsidiary',
    addOrg: 'Add organisation', orgAdded: 'Added organisation “{name}”', orgFailed: 'Could not add the organisation',

    'problem.email-taken': 'An account with this e-mail exists already.', 'problem.roles-do-not-fit-org': 'These roles do not fit the organisation: a vendor organisation’s people hold only the vendor role, internal people never hold it.',
    'problem.cannot-lock-out-self': 'You cannot disable your own account or remove your own admin role; ask another admin to do it.',
    'problem.last-admin': 'This is the last active admin: make someone else an admin first.', 'problem.org-unknown': 'This organisation does not exist; refresh and try again.',
  },
);

export type PeopleKey = Parameters<ReturnType<typeof usePeopleT>>[0];
