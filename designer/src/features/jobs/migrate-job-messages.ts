import { defineMessages } from '../../lib/i18n';

export const useMigrateJobT = defineMessages(
  {
    title: '迁移到新版本', version: '目标版本', chooseVersion: '选择版本…', versionLabel: '版本 {version}', current: '当前版本 {version}',
    preview: '预览', migrate: '迁移', done: '已迁移到版本 {version}', moves: '进行中的步骤', checks: '检查', deadlines: '期限', assignees: '负责人',
    none: '无', added: '新增', removed: '删除', changed: '修改', noDeadline: '无期限', wake: '等待结束',
  },
  {
    title: 'Move to another version', version: 'Target version', chooseVersion: 'Choose a version…', versionLabel: 'Version {version}', current: 'Current version {version}',
    preview: 'Preview', migrate: 'Migrate', done: 'Moved to version {version}', moves: 'Active steps', checks: 'Checks', deadlines: 'Deadlines', assignees: 'Assignees',
    none: 'none', added: 'added', removed: 'removed', changed: 'changed', noDeadline: 'no deadline', wake: 'wait ends',
  },
);
