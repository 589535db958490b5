import type { SopDefinition } from '../../../../core/sop/types';

/** The starting point of a new SOP: start → task → review → end, with a rework loop. */
export function newSopDefinition(): SopDefinition {
  return {
    schemaVersion: 1,
    key: 'new-sop',
    name: '新的外发流程',
    timezone: 'Asia/Shanghai',
    roles: ['owner', 'vendor', 'qa', 'manager'],
    deliverables: [{ id: 'design', label: '设计稿', naming: '{job.code}_design_v{version:2}.{ext:png|jpg}', accept: ['image/png', 'image/jpeg'] }],
    nodes: [
      { id: 'start', type: 'start', title: '开始' },
      { id: 'draft', type: 'task', title: '提交设计稿', assignee: 'vendor', produces: ['design'], due: { after: 'P2D' } },
      { id: 'qa', type: 'review', title: '质检审核', assignee: 'qa', reasons: [{ code: 'wrong-colour', label: '颜色不符' }] },
      { id: 'end', type: 'end', title: '完成' },
    ],
    edges: [
      { from: 'start', to: 'draft' },
      { from: 'draft', to: 'qa', on: 'submitted' },
      { from: 'qa', to: 'end', on: 'approved' },
      { from: 'qa', to: 'draft', on: 'rejected' },
    ],
  };
}
