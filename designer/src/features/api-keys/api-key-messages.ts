import { defineMessages } from '../../lib/i18n';

export const useApiKeyT = defineMessages(
  {
    title: 'API 密钥', hint: '供 ERP、CRM 等系统调用本应用的 API。密钥以所选角色在所选组织内行事：供应商密钥只能看到本组织的任务。密钥不能登录界面，也不能管理密钥、人员或密码。',
    loading: '正在加载…', loadFailed: '加载失败', refresh: '刷新', none: '还没有 API 密钥。', showAll: '显示已吊销和已过期的密钥',
    name: '名称', nameHint: '例如：ERP 生产环境', nameRequired: '请填写名称', org: '组织', chooseOrg: '请选择…', orgRequired: '请选择组织', roles: '角色',
    expiry: '有效期', 'expiry.30': '30 天', 'expiry.90': '90 天', 'expiry.365': '1 年', 'expiry.never': '永不过期',
    create: '创建密钥', creating: '正在创建…', createTitle: '新建 API 密钥', createFailed: '无法创建密钥',
    secretFor: '密钥“{name}”', secretLabel: 'API 密钥', copy: '复制密钥', copied: '已复制', copyFailed: '无法自动复制：请选中密钥后手动复制。',
    secretWarning: '密钥只显示这一次，关闭后无法再次查看。请现在复制，并保存在对方系统的密钥管理中；遗失后请吊销并新建一个。', done: '我已保存',
    usage: '调用方式：在请求头中发送 Authorization: Bearer <密钥>（或 X-Api-Key: <密钥>）。',
    'status.active': '有效', 'status.expired': '已过期', 'status.revoked': '已吊销',
    lastUsed: '最近使用：{time}', neverUsed: '从未使用', expires: '有效至 {time}', noExpiry: '永不过期', createdBy: '{name} 创建于 {time}', createdAt: '创建于 {time}',
    revoke: '吊销', revokeLabel: '吊销 {name}', confirmRevoke: '确认吊销', confirmRevokeLabel: '确认吊销 {name}', cancel: '取消',
    revokeNote: '使用“{name}”的系统将立即无法调用 API。此操作不可撤销。', revoked: '已吊销“{name}”', revokeFailed: '无法吊销 {name}',
    'problem.roles-do-not-fit-org': '这些角色不适用于该组织：供应商密钥只能是“供应商”，内部密钥不能是“供应商”。', 'problem.org-unknown': '该组织不存在，请刷新后重试。',
  },
  {
    title: 'API keys', hint: 'For ERP, CRM and other systems that call this application’s API. A key acts with the chosen roles in the chosen organisation: a vendor key sees only its organisation’s jobs. Keys cannot sign in to the UI, nor manage keys, people or passwords.',
    loading: 'Loading…', loadFailed: 'Could not load', refresh: 'Refresh', none: 'No API keys yet.', showAll: 'Show revoked and expired keys',
    name: 'Name', nameHint: 'e.g. ERP production', nameRequired: 'Enter a name', org: 'Organisation', chooseOrg: 'Choose…', orgRequired: 'Choose an organisation', roles: 'Roles',
    expiry: 'Expires', 'expiry.30': 'in 30 days', 'expiry.90': 'in 90 days', 'expiry.365': 'in 1 year', 'expiry.never': 'never',
    create: 'Create key', creating: 'Creating…', createTitle: 'New API key', createFailed: 'Could not create the key',
    secretFor: 'Key “{name}”', secretLabel: 'API key', copy: 'Copy key', copied: 'Copied', copyFailed: 'Could not copy automatically: select the key and copy it.',
    secretWarning: 'This key is shown only this once and cannot be seen again. Copy it now into the other system’s secret store; if it is lost, revoke it and create another.', done: 'I have saved it',
    usage: 'Send it as Authorization: Bearer <key> (or X-Api-Key: <key>).',
    'status.active': 'Active', 'status.expired': 'Expired', 'status.revoked': 'Revoked',
    lastUsed: 'Last used {time}', neverUsed: 'Never used', expires: 'Valid until {time}', noExpiry: 'Never expires', createdBy: 'Created by {name}, {time}', createdAt: 'Created {time}',
    revoke: 'Revoke', revokeLabel: 'Revoke {name}', confirmRevoke: 'Confirm revoke', confirmRevokeLabel: 'Confirm revoking {name}', cancel: 'Cancel',
    revokeNote: 'Systems using “{name}” lose access at once. This cannot be undone.', revoked: 'Revoked “{name}”', revokeFailed: 'Could not revoke {name}',
    'problem.roles-do-not-fit-org': 'These roles do not fit the organisation: a vendor key holds only the vendor role, an internal key never holds it.', 'problem.org-unknown': 'This organisation does not exist; refresh and try again.',
  },
);

export type ApiKeyKey = Parameters<ReturnType<typeof useApiKeyT>>[0];
