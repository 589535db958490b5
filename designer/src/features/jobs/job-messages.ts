import { defineMessages } from '../../lib/i18n';

export const useJobT = defineMessages(
  {
    checks: '自动检查结果', noChecks: '还没有检查结果', round: '第 {round} 轮', passed: '通过', failed: '未通过',
    'kind.naming': '文件命名', 'kind.visual': '像素对比', 'kind.ocr': 'OCR 文字', 'kind.checklist': '检查清单',
    diffRatio: '差异比例 {ratio}（上限 {max}）', diffPixels: '{n} 个像素不同', regions: '{n} 个变化区域', example: '正确示例',
    ocrText: '识别文字', confidence: '置信度 {n}%', diffImage: '差异热力图',
    files: '文件版本', noFiles: '还没有上传文件', version: '版本', name: '文件名', size: '大小', by: '上传人', at: '时间',
    namingOk: '命名正确', namingBad: '命名不符', reference: '参考稿', download: '下载',
    comments: '评论与 QA 意见', noComments: '暂无评论', addComment: '写下评论…', send: '发送',
    timeline: '时间线', gantt: '计划与实际', planned: '计划', actual: '实际', graph: '流程位置',
    steps: '步骤', status: '状态', due: '期限', vendor: '供应商', sop: 'SOP', code: '编号', title: '标题',
    loading: '正在加载…', loadFailed: '加载失败', jobs: '任务', jobsSubtitle: '所有外发任务，最新在前。', empty: '没有任务',
    active: '当前步骤', open: '打开', events: '{n} 条事件', hash: '哈希', overdueBy: '逾期 {span}', dueIn: '剩余 {span}',
    all: '全部', now: '现在',
  },
  {
    checks: 'Automatic check results', noChecks: 'No check results yet', round: 'Round {round}', passed: 'Passed', failed: 'Failed',
    'kind.naming': 'File name', 'kind.visual': 'Pixel diff', 'kind.ocr': 'OCR text', 'kind.checklist': 'Checklist',
    diffRatio: 'Diff ratio {ratio} (max {max})', diffPixels: '{n} pixels differ', regions: '{n} changed regions', example: 'Correct example',
    ocrText: 'Recognised text', confidence: 'confidence {n}%', diffImage: 'Diff heatmap',
    files: 'File versions', noFiles: 'No files uploaded yet', version: 'Version', name: 'File name', size: 'Size', by: 'Uploaded by', at: 'When',
    namingOk: 'Name OK', namingBad: 'Name wrong', reference: 'Reference', download: 'Download',
    comments: 'Comments & QA notes', noComments: 'No comments yet', addComment: 'Write a comment…', send: 'Send',
    timeline: 'Timeline', gantt: 'Planned vs actual', planned: 'Planned', actual: 'Actual', graph: 'Where the job is',
    steps: 'Steps', status: 'Status', due: 'Due', vendor: 'Vendor', sop: 'SOP', code: 'Code', title: 'Title',
    loading: 'Loading…', loadFailed: 'Could not load', jobs: 'Jobs', jobsSubtitle: 'Every outsourced job, newest first.', empty: 'No jobs',
    active: 'Current step', open: 'Open', events: '{n} events', hash: 'Hash', overdueBy: 'Overdue by {span}', dueIn: 'Due in {span}',
    all: 'All', now: 'now',
  },
);
