import { defineMessages } from '../../lib/i18n';

export const useBulkT = defineMessages(
  {
    title: '批量发起', subtitle: '上传 CSV 或 XLSX 表格，每行一个任务。先检查，确认无误后再发起；已存在的任务编号会跳过，不会重复发起。',
    bulkStart: '批量发起', template: '1. 下载模板', templateHint: '模板的列：任务编号、标题、SOP、供应商（名称）、各角色负责人（邮箱）、参考稿（文件名）、任务字段。',
    sop: 'SOP', pick: '请选择…', csv: '下载 CSV 模板', xlsx: '下载 XLSX 模板',
    references: '2. 上传参考稿（可选）', referencesHint: '表格的 reference:<交付物> 列写文件名；在这里逐个上传这些文件，或选择一个 zip 包。', uploading: '正在上传…', zip: '或：参考稿 zip 包（随表格一起上传，按文件名对应）',
    sheet: '3. 上传表格（CSV 或 XLSX）', checking: '正在检查…',
    summary: '共 {rows} 行：{ready} 行可发起，{existing} 行已存在（将跳过），{invalid} 行有问题', problems: '问题',
    row: '行', column: '列', reason: '原因', code: '任务编号', status: '结果',
    start: '发起 {n} 个任务', startHint: '有问题的行不会发起；修正后再次上传同一表格即可补发。', progress: '进度', progressText: '已处理 {done} / {total}',
    results: '每行结果', resultSummary: '已发起 {started}，跳过 {skipped}，失败 {failed}',
    started: '已发起', 'skipped-existing': '已存在，跳过', failed: '失败', running: '进行中', done: '已完成', interrupted: '已中断（再次上传同一表格可继续）',
    again: '再上传一个表格', failedTitle: '无法处理表格',
  },
  {
    title: 'Bulk start', subtitle: 'Upload a CSV or XLSX sheet, one row per job. It is checked first; start when the report is clean. Codes that exist already are skipped, never started twice.',
    bulkStart: 'Bulk start', template: '1. Download the template', templateHint: 'Columns: job code, title, SOP, vendor (name), a person per role (e-mail), reference files (file name), job fields.',
    sop: 'SOP', pick: 'Choose…', csv: 'Download CSV template', xlsx: 'Download XLSX template',
    references: '2. Upload reference files (optional)', referencesHint: 'The sheet\'s reference:<deliverable> columns name files: upload them here one by one, or choose a zip.', uploading: 'Uploading…', zip: 'Or: a zip of reference files (sent with the sheet, matched by file name)',
    sheet: '3. Upload the sheet (CSV or XLSX)', checking: 'Checking…',
    summary: '{rows} rows: {ready} ready, {existing} started before (skipped), {invalid} with problems', problems: 'Problems',
    row: 'Row', column: 'Column', reason: 'Reason', code: 'Job code', status: 'Result',
    start: 'Start {n} jobs', startHint: 'Rows with problems are left out; fix them and upload the same sheet again to start them.', progress: 'Progress', progressText: '{done} of {total} done',
    results: 'Result per row', resultSummary: '{started} started, {skipped} skipped, {failed} failed',
    started: 'Started', 'skipped-existing': 'Exists, skipped', failed: 'Failed', running: 'Running', done: 'Done', interrupted: 'Interrupted (upload the same sheet again to finish)',
    again: 'Upload another sheet', failedTitle: 'The sheet cannot be used',
  },
);
