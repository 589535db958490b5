import { defineMessages } from '../../lib/i18n';

/** Texts of the comments panel: internal comments and @mentions. */
export const useCommentT = defineMessages(
  {
    internalToggle: '内部评论（供应商不可见）', internalBadge: '内部 — 供应商不可见', internalPlaceholder: '写下内部评论…（供应商不可见）',
    mentionHint: '输入 @ 提及相关人员', suggestions: '可提及的人员', staff: '内部', vendorSide: '供应商',
    notified: '已通知：{names}', unresolved: '未找到可提及的人员：{names}（未通知任何人）',
  },
  {
    internalToggle: 'Internal comment (vendors never see it)', internalBadge: 'Internal — vendors never see this', internalPlaceholder: 'Write an internal comment… (vendors never see it)',
    mentionHint: 'Type @ to mention someone', suggestions: 'People you can mention', staff: 'staff', vendorSide: 'vendor',
    notified: 'Notified: {names}', unresolved: 'Nobody you can mention is called: {names} (no one was notified)',
  },
);
