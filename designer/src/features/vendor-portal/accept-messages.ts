import { defineMessages } from '../../lib/i18n';

export const useAcceptT = defineMessages(
  {
    title: '接单', toAnswer: '待接单', intro: '请确认是否承接此任务。拒单时请选择原因，负责人会收到通知。', accept: '接单', decline: '拒单',
    reason: '拒单原因', pickReason: '请选择原因', reasonRequired: '拒单需要选择一个原因', note: '备注（可选）',
    confirmDecline: '确认拒单', cancel: '返回', accepted: '已接单', declined: '已拒单，负责人已收到通知',
  },
  {
    title: 'Accept the job', toAnswer: 'Accept or decline', intro: 'Please confirm whether you take on this job. If you decline, pick a reason; the owner is notified.', accept: 'Accept', decline: 'Decline',
    reason: 'Reason to decline', pickReason: 'Pick a reason', reasonRequired: 'Pick a reason to decline', note: 'Note (optional)',
    confirmDecline: 'Confirm decline', cancel: 'Back', accepted: 'Accepted', declined: 'Declined; the owner has been notified',
  },
);
