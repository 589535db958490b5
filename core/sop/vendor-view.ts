/**
 * The SOP as a vendor may see it: what to deliver, how to name it, the steps
 * and their deadlines, the checklist, QA's reason labels — and nothing of how
 * the buyer checks and escalates. A task's form questions and a task's or accept step's `reports` (period, grace, questions) are kept (the vendor answers them). Job fields: only those declared visible to vendors. Dropped: check configuration beyond kind and
 * deliverable (OCR phrase lists and languages, visual thresholds, ignore
 * regions), reminders and escalation ladders (their internal text, who is
 * notified, `cc` addresses), notify nodes' messages, review nodes' instructions (for QA), and the SOP description.
 * Built by listing what is kept (an allow-list), so a field added to the
 * format later stays internal until it is added here. Pure.
 */
import type { CheckSpec, DeliverableSpec, JobFieldSpec, SopDefinition, SopEdge, SopNode } from './types';

/** A node as a vendor sees it. */
export type VendorNode =
  | { id: string; type: SopNode['type']; title?: string }
  | (Record<string, unknown> & { id: string; type: SopNode['type'] });

export interface VendorSopView {
  schemaVersion: 1;
  key: string;
  name: string;
  timezone: string;
  calendar?: SopDefinition['calendar'];
  roles: string[];
  deliverables: DeliverableSpec[];
  /** Only the job fields declared visible to vendors. */
  fields?: JobFieldSpec[];
  nodes: VendorNode[];
  edges: SopEdge[];
  layout?: Record<string, { x: number; y: number }>;
}

const pick = <T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> => {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
};

function checkView(check: CheckSpec): Record<string, unknown> {
  return check.kind === 'checklist' ? { kind: check.kind } : { kind: check.kind, deliverable: check.deliverable };
}

function nodeView(node: SopNode): VendorNode {
  const base = { id: node.id, type: node.type, ...(node.title !== undefined ? { title: node.title } : {}) };
  switch (node.type) {
    case 'task':
      return { ...base, ...pick(node, ['assignee', 'due', 'maxRounds', 'instructions', 'produces', 'checklist', 'form', 'reports']) };
    case 'accept':
      // The vendor answers here: the reason labels are the choices of a decline.
      return { ...base, ...pick(node, ['assignee', 'due', 'maxRounds', 'instructions', 'reasons', 'reports']) };
    case 'review':
      return { ...base, ...pick(node, ['assignee', 'due', 'maxRounds', 'reasons']) };
    case 'check':
      return { ...base, checks: node.checks.map(checkView) };
    case 'wait':
      return { ...base, ...pick(node, ['duration', 'until']) };
    default:
      return base;
  }
}

export function vendorSopView(definition: SopDefinition): VendorSopView {
  return {
    schemaVersion: definition.schemaVersion,
    key: definition.key,
    name: definition.name,
    timezone: definition.timezone,
    ...(definition.calendar ? { calendar: definition.calendar } : {}),
    roles: [...definition.roles],
    deliverables: definition.deliverables.map((d) => pick(d, ['id', 'label', 'naming', 'accept', 'maxBytes', 'reference']) as DeliverableSpec),
    ...(definition.fields ? { fields: definition.fields.filter((f) => f.visibleTo?.includes('vendor')) } : {}),
    nodes: definition.nodes.map(nodeView),
    edges: definition.edges.map((e) => pick(e, ['from', 'to', 'on']) as SopEdge),
    ...(definition.layout ? { layout: definition.layout } : {}),
  };
}
