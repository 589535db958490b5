import {
  DEFAULT_OUTCOME,
  inlineCalendar,
  isCalendarRef,
  type BusinessCalendarSpec,
  type DeliverableSpec,
  type SopDefinition,
  type SopNode,
} from './types';

/** A node of the execution plan: the node's own spec plus its resolved exits. */
export interface PlanNode {
  id: string;
  spec: SopNode;
  /** Outcome → target node ids (plain edges use {@link DEFAULT_OUTCOME}; a task's plain edge is `submitted`). */
  next: Record<string, string[]>;
  /** For `parallel`: the join that closes it. */
  joinId?: string;
  /** For `join`: how many branches arrive before it continues. */
  arrivals?: number;
}

/** What the interpreter workflow runs: a validated SOP version, resolved for execution. */
export interface ExecutionPlan {
  planVersion: 1;
  sopKey: string;
  sopVersion: number;
  name: string;
  timezone: string;
  /** The inline calendar; for a shared one, the version the job started on (filled in at job start, then replaced by `calendarChanged`). */
  calendar?: BusinessCalendarSpec;
  /** The key of the shared organisation calendar the SOP names (`calendar: { ref }`). */
  calendarRef?: string;
  roles: string[];
  deliverables: Record<string, DeliverableSpec>;
  start: string;
  nodes: Record<string, PlanNode>;
}

/** The outcome an edge stands for, given the type of the node it leaves. */
export function edgeOutcome(node: SopNode, on: string | undefined): string {
  if (on) return on;
  return node.type === 'task' ? 'submitted' : DEFAULT_OUTCOME;
}

/**
 * Finds the join matching each parallel by walking forward from the parallel
 * and counting nesting depth: the first join reached at depth 0 closes it.
 * Assumes the definition passed validation (properly nested parallel/join).
 */
function matchJoin(parallelId: string, nodes: Map<string, SopNode>, out: Map<string, string[]>): string | undefined {
  const seen = new Set<string>();
  const queue: Array<{ id: string; depth: number }> = (out.get(parallelId) ?? []).map((id) => ({ id, depth: 0 }));
  while (queue.length > 0) {
    const { id, depth } = queue.shift()!;
    const key = `${id}@${depth}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const node = nodes.get(id);
    if (!node) continue;
    let nextDepth = depth;
    if (node.type === 'join') {
      if (depth === 0) return id;
      nextDepth = depth - 1;
    } else if (node.type === 'parallel') {
      nextDepth = depth + 1;
    }
    for (const target of out.get(id) ?? []) queue.push({ id: target, depth: nextDepth });
  }
  return undefined;
}

/**
 * Compiles a validated SOP definition into the plan the workflow interprets.
 * Pure and deterministic; call {@link validateSop} first.
 */
export function compileSop(definition: SopDefinition, sopVersion: number): ExecutionPlan {
  const byId = new Map(definition.nodes.map((n) => [n.id, n] as const));
  const out = new Map<string, string[]>();
  const nodes: Record<string, PlanNode> = {};
  for (const node of definition.nodes) nodes[node.id] = { id: node.id, spec: node, next: {} };
  for (const edge of definition.edges) {
    const from = byId.get(edge.from);
    const plan = nodes[edge.from];
    if (!from || !plan) continue;
    const outcome = edgeOutcome(from, edge.on);
    (plan.next[outcome] ??= []).push(edge.to);
    out.set(edge.from, [...(out.get(edge.from) ?? []), edge.to]);
  }
  const incoming = new Map<string, number>();
  for (const edge of definition.edges) incoming.set(edge.to, (incoming.get(edge.to) ?? 0) + 1);
  for (const node of definition.nodes) {
    const plan = nodes[node.id]!;
    if (node.type === 'parallel') plan.joinId = matchJoin(node.id, byId, out);
    if (node.type === 'join') plan.arrivals = incoming.get(node.id) ?? 0;
  }
  const start = definition.nodes.find((n) => n.type === 'start');
  if (!start) throw new Error('compileSop needs a validated SOP: it has no start node');
  return {
    planVersion: 1,
    sopKey: definition.key,
    sopVersion,
    name: definition.name,
    timezone: definition.timezone,
    calendar: inlineCalendar(definition.calendar),
    ...(isCalendarRef(definition.calendar) ? { calendarRef: definition.calendar.ref } : {}),
    roles: [...definition.roles],
    deliverables: Object.fromEntries(definition.deliverables.map((d) => [d.id, d])),
    start: start.id,
    nodes,
  };
}
