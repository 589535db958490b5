import { defineMessages } from '../../lib/i18n';

export const useMigrateJobT = defineMessages(
  {
    title: '迁移到新版本', version: '目标版本', chooseVersion: '选择版本…', versionLabel: '版本 {version}', current: '当前版本 {version}',
    preview: '预览', migrate: '迁移', done: '已迁移到版本 {version}', refused: '不能迁移',
  },
  {
    title: 'Move to another version', version: 'Target version', chooseVersion: 'Choose a version…', versionLabel: 'Version {version}', current: 'Current version {version}',
    preview: 'Preview', migrate: 'Migrate', done: 'Moved to version {version}', refused: 'Cannot move',
  },
);
