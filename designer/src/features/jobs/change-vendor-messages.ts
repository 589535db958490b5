import { defineMessages } from '../../lib/i18n';

export const useChangeVendorT = defineMessages(
  {
    title: '换供应商', vendor: '新的供应商', chooseVendor: '选择供应商…', person: '供应商负责人', nobody: '不指定（该供应商的任何人）',
    restart: '从哪一步重新开始', noRestart: '不重新开始（当前步骤交给新供应商）', submit: '换供应商', done: '已换供应商',
  },
  {
    title: 'Hand to another vendor', vendor: 'New vendor', chooseVendor: 'Choose a vendor…', person: 'Vendor contact', nobody: 'Nobody in particular (anyone of that vendor)',
    restart: 'Restart from', noRestart: 'Do not restart (the current steps go to the new vendor)', submit: 'Hand over', done: 'Vendor changed',
  },
);
