import { defineMessages } from '../../lib/i18n';

export const useCalendarT = defineMessages(
  {
    title: '工作日历', hint: '组织共享的工作日、工作时间、节假日和调休上班日。SOP 用 calendar: { ref } 引用；每次修改都是新版本，使用该日历的进行中任务会按新日历重新计算期限。',
    loading: '正在加载…', loadFailed: '加载失败', none: '还没有工作日历。', newCalendar: '新建日历', back: '← 全部日历',
    key: '标识', keyHint: '小写字母、数字和连字符，例如 cn-2027；创建后不能修改', name: '名称', latestVersion: '最新版本', timezone: '时区', updated: '更新时间',
    note: '备注', noteHint: '例如：国务院 2027 年放假安排', create: '创建日历', creating: '正在创建…', createTitle: '新建工作日历', createFailed: '无法创建日历',
    created: '已创建日历“{name}”', cancel: '取消', edit: '修改', editTitle: '修改日历（保存为第 {version} 版）', save: '保存为新版本', saving: '正在保存…', saveFailed: '无法保存',
    saved: '已保存第 {version} 版，{jobs} 个进行中的任务已按新日历重新计时', keyRequired: '请填写标识', nameRequired: '请填写名称', zoneInvalid: '“{zone}”不是有效的 IANA 时区，例如 Asia/Shanghai',
    version: '第 {version} 版', workWeek: '工作日', hours: '工作时间', holidays: '节假日', makeUp: '调休上班日', noDates: '无', dateCount: '{n} 天',
    versions: '版本记录', versionsMore: '只显示最近 {n} 个版本', versionCol: '版本', when: '时间', who: '修改人', noNote: '—', show: '查看', hide: '收起', versionSpec: '第 {version} 版的内容',
    importTitle: '导入法定节假日', importHint: '上传国务院发布的放假安排文件（holiday-cn JSON，或 CSV：date,name,type，type 为 休/班）。先预览，确认后保存为新版本；文件里那一年的节假日和调休会整体替换。',
    file: '放假安排文件', year: '年份（可选，用于核对）', preview: '预览', previewing: '正在读取…', previewFailed: '无法读取文件', confirm: '确认导入（保存为新版本）', importing: '正在导入…', importFailed: '无法导入',
    previewOf: '{year} 年：基于第 {version} 版', added: '新增', removed: '移除', holidaysChange: '节假日', makeUpChange: '调休上班日', nothingChanges: '导入不会改变这个日历。',
    imported: '已导入 {year} 年，保存为第 {version} 版，{jobs} 个进行中的任务已按新日历重新计时',
    'problem.calendar-version-stale': '这段时间里有人保存了新版本。请刷新日历后重新修改。', 'problem.calendar-key-taken': '这个标识已被其他日历使用，请换一个。',
    refresh: '刷新',
  },
  {
    title: 'Calendars', hint: 'Shared work days, working hours, holidays and make-up workdays (调休). SOPs name one with calendar: { ref }; every change is a new version, and running jobs on the calendar get their deadlines re-timed.',
    loading: 'Loading…', loadFailed: 'Could not load', none: 'No calendars yet.', newCalendar: 'New calendar', back: '← All calendars',
    key: 'Key', keyHint: 'Lower-case letters, digits and hyphens, e.g. cn-2027; cannot be changed later', name: 'Name', latestVersion: 'Latest version', timezone: 'Time zone', updated: 'Updated',
    note: 'Note', noteHint: 'e.g. State Council holiday schedule 2027', create: 'Create calendar', creating: 'Creating…', createTitle: 'New calendar', createFailed: 'Could not create the calendar',
    created: 'Created calendar “{name}”', cancel: 'Cancel', edit: 'Edit', editTitle: 'Edit calendar (saved as version {version})', save: 'Save as new version', saving: 'Saving…', saveFailed: 'Could not save',
    saved: 'Saved version {version}; {jobs} running jobs re-timed', keyRequired: 'Enter a key', nameRequired: 'Enter a name', zoneInvalid: '“{zone}” is not an IANA time zone, e.g. Asia/Shanghai',
    version: 'Version {version}', workWeek: 'Work week', hours: 'Working hours', holidays: 'Holidays', makeUp: 'Make-up workdays', noDates: 'None', dateCount: '{n} days',
    versions: 'Versions', versionsMore: 'Only the latest {n} versions are shown', versionCol: 'Version', when: 'When', who: 'By', noNote: '—', show: 'Show', hide: 'Hide', versionSpec: 'Version {version}',
    importTitle: 'Import official holidays', importHint: 'Upload the official holiday schedule (holiday-cn JSON, or CSV date,name,type with type off/work or 休/班). Preview first, then confirm to save a new version; the file’s year replaces that year’s holidays and make-up days.',
    file: 'Schedule file', year: 'Year (optional, checked against the file)', preview: 'Preview', previewing: 'Reading…', previewFailed: 'Could not read the file', confirm: 'Confirm import (save new version)', importing: 'Importing…', importFailed: 'Could not import',
    previewOf: '{year}: based on version {version}', added: 'Added', removed: 'Removed', holidaysChange: 'Holidays', makeUpChange: 'Make-up workdays', nothingChanges: 'The import changes nothing in this calendar.',
    imported: 'Imported {year} as version {version}; {jobs} running jobs re-timed',
    'problem.calendar-version-stale': 'Someone saved a newer version meanwhile. Refresh the calendar and make the change again.', 'problem.calendar-key-taken': 'Another calendar has this key; choose another.',
    refresh: 'Refresh',
  },
);

export type CalendarMessageKey = Parameters<ReturnType<typeof useCalendarT>>[0];
