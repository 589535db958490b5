import { defineMessages } from '../../lib/i18n';

export const useStartT = defineMessages(
  {
    title: '发起外发任务', subtitle: '选择已发布的 SOP，指定供应商与各角色负责人，上传参考稿。', sop: 'SOP', pick: '请选择…',
    code: '任务编号', codeHint: '用于文件命名，例如 DD11-042', jobTitle: '任务标题', vendor: '供应商', assignees: '角色负责人',
    references: '参考稿', upload: '上传', uploading: '正在上传…', uploaded: '已上传 {name}', fields: '任务字段（每个字段仅其可见角色能看到）',
    start: '发起任务', starting: '正在发起…', failed: '无法发起任务', version: '版本 v{v}',
    noPublished: '还没有已发布的 SOP', newJob: '发起任务',
  },
  {
    title: 'Start an outsourced job', subtitle: 'Pick a published SOP, the vendor and the people for each role, and upload references.', sop: 'SOP', pick: 'Choose…',
    code: 'Job code', codeHint: 'Used in file names, e.g. DD11-042', jobTitle: 'Job title', vendor: 'Vendor', assignees: 'People for each role',
    references: 'Reference files', upload: 'Upload', uploading: 'Uploading…', uploaded: 'Uploaded {name}', fields: 'Job fields (each visible only to the roles it names)',
    start: 'Start job', starting: 'Starting…', failed: 'Could not start the job', version: 'version v{v}',
    noPublished: 'No published SOP yet', newJob: 'Start job',
  },
);
