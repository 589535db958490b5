import { NODE_OUTCOMES, type NodeType, type SopDefinition, type SopEdge, type SopNode } from '../../../../core/sop/types';

/** Every node type the palette offers, in palette order. */
export const NODE_KINDS: readonly NodeType[] = ['start', 'accept', 'task', 'check', 'review', 'parallel', 'join', 'wait', 'notify', 'end'];

/** The source handles of a node type: one per outcome, or `next` for a plain edge; none for `end`. */
export function sourceHandles(type: NodeType): string[] {
  if (type === 'end') return [];
  const outcomes = NODE_OUTCOMES[type] ?? [];
  return outcomes.length > 0 ? [...outcomes] : ['next'];
}

/** The source handle an existing edge leaves from. */
export function edgeHandle(edge: SopEdge, sourceType: NodeType | undefined): string {
  if (edge.on) return edge.on;
  return sourceType === 'task' ? 'submitted' : 'next';
}

/** The `on` to store for an edge leaving `handle` (plain edges carry none). */
export function outcomeForHandle(handle: string | null | undefined): string | undefined {
  return handle && handle !== 'next' ? handle : undefined;
}

/** Outcomes that read as success get a green edge, the others red; plain edges stay neutral. */
export function outcomeTone(outcome: string | undefined): 'good' | 'bad' | 'plain' {
  if (outcome === 'passed' || outcome === 'approved' || outcome === 'accepted') return 'good';
  if (outcome === 'failed' || outcome === 'rejected' || outcome === 'declined') return 'bad';
  return 'plain';
}

export function nextNodeId(def: SopDefinition, type: NodeType): string {
  const taken = new Set(def.nodes.map((n) => n.id));
  if ((type === 'start' || type === 'end') && !taken.has(type)) return type;
  for (let i = 1; ; i++) {
    const id = `${type}_${i}`;
    if (!taken.has(id)) return id;
  }
}

/** A new node of `type` with the fields its form needs, filled from what the SOP declares. */
export function createNode(def: SopDefinition, type: NodeType, title?: string): SopNode {
  const id = nextNodeId(def, type);
  const role = (preferred: string) => (def.roles.includes(preferred) ? preferred : (def.roles[0] ?? preferred));
  const firstDeliverable = def.deliverables[0]?.id;
  const base = title ? { id, title } : { id };
  switch (type) {
    case 'task':
      return { ...base, type, assignee: role('vendor'), produces: firstDeliverable ? [firstDeliverable] : [] };
    case 'review':
      return { ...base, type, assignee: role('qa') };
    case 'accept':
      return { ...base, type, assignee: role('vendor'), due: { after: 'PT8H' } };
    case 'check':
      return { ...base, type, checks: firstDeliverable ? [{ kind: 'naming', deliverable: firstDeliverable }] : [{ kind: 'checklist' }] };
    case 'wait':
      return { ...base, type, duration: 'P1D' };
    case 'notify':
      return { ...base, type, notify: [role('owner')], message: '' };
    default:
      return { ...base, type };
  }
}
