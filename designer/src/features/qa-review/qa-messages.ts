import { defineMessages } from '../../lib/i18n';

export const useQaT = defineMessages(
  {
    queue: '质检队列', queueSubtitle: '等待你审核的交付物，按期限排序。', empty: '队列已清空', emptyHint: '新的审核请求会出现在这里。',
    round: '第 {round} 轮', waitingCount: '待审 {count}', loading: '正在加载…', back: '返回队列', shortcuts: '快捷键：j/k 下一个/上一个 · a 通过 · r 驳回 · +/- 缩放 · 0 适应',
    side: '并排', overlay: '叠加', swipe: '滑动', heatmap: '差异热力图', reference: '参考稿', draft: '提交稿', opacity: '提交稿不透明度', position: '分割位置',
    zoomIn: '放大', zoomOut: '缩小', fit: '适应窗口', regions: '变化区域', noRegions: '没有变化区域', region: '区域 {n}', pixels: '{n} 像素',
    noDiff: '没有差异图（未运行像素对比）', noReference: '没有参考稿', noDraft: '还没有提交稿',
    handedIn: '外包方提交的内容',
    ocrDiff: 'OCR 文字差异', noOcr: '没有 OCR 结果', noText: '两边都没有识别到文字', similarity: '相似度 {n}%', naming: '命名与清单', decision: '审核结论',
    reasons: '驳回原因', comment: '意见', commentPlaceholder: '写给外包方的具体修改意见…', approve: '通过 (a)', reject: '驳回 (r)',
    reasonRequired: '驳回时请至少选择一个原因', decided: '已提交：{decision}', approved: '通过', rejected: '驳回',
    deliverable: '交付物', vendor: '供应商', due: '期限', checks: '自动检查', openJob: '任务详情', notActive: '这个审核步骤已不在进行中。',
    compareVersions: '比较版本', compareA: 'A（基准）', compareB: 'B（对比）', chooseVersion: '选择版本…', swap: '交换 A 和 B', comparing: '正在比较…', compareAfterChecks: '检查完成后比较。', compareNow: '现在比较',
    compareSummary: '{n} 个像素不同 · {r} 个变化区域', cachedResult: '（缓存）', resizedNote: 'B 的尺寸不同，已缩放到 A 的尺寸后比较',
  },
  {
    queue: 'QA queue', queueSubtitle: 'Deliverables waiting for your review, by deadline.', empty: 'Queue is empty', emptyHint: 'New review requests will appear here.',
    round: 'Round {round}', waitingCount: '{count} waiting', loading: 'Loading…', back: 'Back to queue', shortcuts: 'Keys: j/k next/previous · a approve · r reject · +/- zoom · 0 fit',
    side: 'Side by side', overlay: 'Overlay', swipe: 'Swipe', heatmap: 'Diff heatmap', reference: 'Reference', draft: 'Draft', opacity: 'Draft opacity', position: 'Split position',
    zoomIn: 'Zoom in', zoomOut: 'Zoom out', fit: 'Fit', regions: 'Changed regions', noRegions: 'No changed regions', region: 'Region {n}', pixels: '{n} px',
    noDiff: 'No diff image (no pixel check ran)', noReference: 'No reference file', noDraft: 'Nothing submitted yet',
    handedIn: 'What the vendor handed in',
    ocrDiff: 'OCR text diff', noOcr: 'No OCR result', noText: 'No text was read on either side', similarity: 'similarity {n}%', naming: 'Naming & checklist', decision: 'Decision',
    reasons: 'Rejection reasons', comment: 'Comment', commentPlaceholder: 'Concrete changes the vendor should make…', approve: 'Approve (a)', reject: 'Reject (r)',
    reasonRequired: 'Pick at least one reason to reject', decided: 'Submitted: {decision}', approved: 'approved', rejected: 'rejected',
    deliverable: 'Deliverable', vendor: 'Vendor', due: 'Due', checks: 'Automatic checks', openJob: 'Job details', notActive: 'This review step is no longer active.',
    compareVersions: 'Compare versions', compareA: 'A (base)', compareB: 'B (compared)', chooseVersion: 'Choose a version…', swap: 'Swap A and B', comparing: 'Comparing…', compareAfterChecks: 'Compared once the running checks are done.', compareNow: 'Compare now',
    compareSummary: '{n} pixels differ · {r} changed regions', cachedResult: '(cached)', resizedNote: 'B has another size; it was scaled to A\'s size for the comparison',
  },
);
