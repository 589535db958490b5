/**
 * Rules about names an SOP declares and then refers to: roles, deliverables,
 * reason codes, checklist items, and what each check needs from the tasks
 * before it. Run on documents that passed the JSON Schema. Pure: no I/O.
 *
 * Decisions where SOP-FORMAT.md is silent:
 * - In reminders and escalations, `assignee` means the node's own assignee
 *   and needs no declaration; it cannot be declared as a role itself.
 * - A node with `maxRounds` needs an `owner` role (the stuck job goes there).
 * - "Upstream" is any task from which the check node can be reached.
 * - A `checklist` check needs at least one nearest task before it (reached
 *   backwards without passing another task) that has checklist items.
 */
import { reverse } from './graph-algorithms';
import type { SopGraph } from './graph-model';
import { createIssue, friendlyField, type PathSegment } from './issue';
import type { CheckNode, HumanNode, SopDefinition, TaskNode } from './types';
import type { SopIssue } from './validate';

/** The document and, when its edges are sound, its graph (for upstream rules). */
export interface ReferenceContext {
  definition: SopDefinition;
  graph: SopGraph | undefined;
}

function repeats<T>(items: readonly T[], key: (item: T) => string): number[] {
  const seen = new Set<string>();
  return items.flatMap((item, i) => {
    const k = key(item);
    if (seen.has(k)) return [i];
    seen.add(k);
    return [];
  });
}

function roleIssues(def: SopDefinition): SopIssue[] {
  const issues: SopIssue[] = [];
  for (const i of repeats(def.roles, (r) => r)) issues.push(createIssue('ROLE_DUPLICATE', ['roles', i], { value: def.roles[i] }));
  def.roles.forEach((role, i) => {
    if (role === 'assignee') issues.push(createIssue('ROLE_RESERVED', ['roles', i], { value: role }));
  });
  const declared = new Set(def.roles);
  const refer = (nodeIndex: number, nodeId: string, rel: PathSegment[], role: string, assigneeAllowed: boolean): void => {
    if (declared.has(role) || (assigneeAllowed && role === 'assignee')) return;
    issues.push(
      createIssue('ROLE_UNDECLARED', ['nodes', nodeIndex, ...rel], {
        nodeId,
        at: friendlyField(rel),
        value: role,
        declared: def.roles,
      }),
    );
  };
  def.nodes.forEach((node, n) => {
    if (node.type === 'notify') node.notify.forEach((r, k) => refer(n, node.id, ['notify', k], r, false));
    if (node.type !== 'task' && node.type !== 'review' && node.type !== 'accept') return;
    const human: HumanNode = node;
    refer(n, node.id, ['assignee'], human.assignee, false);
    human.reminders?.forEach((rem, k) => rem.notify.forEach((r, m) => refer(n, node.id, ['reminders', k, 'notify', m], r, true)));
    human.escalation?.forEach((level, k) => {
      level.notify.forEach((r, m) => refer(n, node.id, ['escalation', k, 'notify', m], r, true));
      level.cc?.forEach((r, m) => refer(n, node.id, ['escalation', k, 'cc', m], r, true));
    });
    if (human.maxRounds !== undefined && !declared.has('owner')) {
      issues.push(createIssue('OWNER_ROLE_REQUIRED', ['nodes', n, 'maxRounds'], { nodeId: node.id, value: human.maxRounds }));
    }
  });
  return issues;
}

function listIssues(def: SopDefinition): SopIssue[] {
  const issues: SopIssue[] = [];
  for (const i of repeats(def.deliverables, (d) => d.id)) {
    issues.push(createIssue('DELIVERABLE_DUPLICATE', ['deliverables', i, 'id'], { value: def.deliverables[i]!.id }));
  }
  const declared = def.deliverables.map((d) => d.id);
  def.nodes.forEach((node, n) => {
    if (node.type === 'task') {
      node.produces.forEach((d, k) => {
        if (declared.includes(d)) return;
        const at = friendlyField(['produces', k]);
        issues.push(createIssue('DELIVERABLE_UNDECLARED', ['nodes', n, 'produces', k], { nodeId: node.id, at, value: d, declared }));
      });
      for (const k of repeats(node.checklist ?? [], (c) => c.id)) {
        const value = node.checklist![k]!.id;
        issues.push(createIssue('CHECKLIST_ITEM_DUPLICATE', ['nodes', n, 'checklist', k, 'id'], { nodeId: node.id, value }));
      }
    }
    if (node.type === 'review' || node.type === 'accept') {
      for (const k of repeats(node.reasons ?? [], (r) => r.code)) {
        const value = node.reasons![k]!.code;
        issues.push(createIssue('REASON_DUPLICATE', ['nodes', n, 'reasons', k, 'code'], { nodeId: node.id, value }));
      }
    }
  });
  return issues;
}

/** Tasks before node `at`: all of them, or only the nearest (not passing another task). */
function tasksBefore(graph: SopGraph, at: number, nearest: boolean): number[] {
  const pred = reverse(graph.succ);
  const isTask = (i: number): boolean => graph.nodes[i]!.type === 'task';
  const seen = new Set<number>();
  const stack = [...pred[at]!];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (nearest && isTask(n)) continue;
    stack.push(...pred[n]!);
  }
  return [...seen].filter(isTask).sort((a, b) => a - b);
}

function checkIssues(ctx: ReferenceContext, node: CheckNode, n: number): SopIssue[] {
  const { definition: def, graph } = ctx;
  const at = graph?.position.get(node.id);
  const taskSpec = (i: number): TaskNode => def.nodes[graph!.nodes[i]!.index] as TaskNode;
  const declared = def.deliverables.map((d) => d.id);
  const issues: SopIssue[] = [];
  node.checks.forEach((check, k) => {
    const path: PathSegment[] = ['nodes', n, 'checks', k];
    if (check.kind === 'checklist') {
      if (graph === undefined || at === undefined) return;
      const sources = tasksBefore(graph, at, true).filter((t) => (taskSpec(t).checklist ?? []).length > 0);
      if (sources.length === 0) issues.push(createIssue('CHECKLIST_SOURCE_MISSING', path, { nodeId: node.id }));
      return;
    }
    const value = check.deliverable;
    const deliverable = def.deliverables.find((d) => d.id === value);
    const base = { nodeId: node.id, value };
    if (!deliverable) {
      const where = { at: friendlyField(['checks', k, 'deliverable']), declared };
      issues.push(createIssue('DELIVERABLE_UNDECLARED', [...path, 'deliverable'], { ...base, ...where }));
      return;
    }
    if (graph !== undefined && at !== undefined) {
      const producers = tasksBefore(graph, at, false).filter((t) => taskSpec(t).produces.includes(value));
      if (producers.length === 0) issues.push(createIssue('DELIVERABLE_NOT_PRODUCED_UPSTREAM', [...path, 'deliverable'], base));
    }
    if (check.kind === 'naming' && deliverable.naming === undefined) {
      issues.push(createIssue('NAMING_TEMPLATE_MISSING', [...path, 'deliverable'], base));
    }
    const needsReference = check.kind === 'visual' || (check.kind === 'ocr' && check.compareWithReference === true);
    if (needsReference && deliverable.reference !== true) {
      issues.push(createIssue('REFERENCE_REQUIRED', path, { ...base, checkKind: check.kind }));
    }
  });
  return issues;
}

/** Issues about declarations and references, in rule order then document order. */
export function referenceIssues(ctx: ReferenceContext): SopIssue[] {
  const issues = [...roleIssues(ctx.definition), ...listIssues(ctx.definition)];
  ctx.definition.nodes.forEach((node, n) => {
    if (node.type === 'check') issues.push(...checkIssues(ctx, node, n));
  });
  return issues;
}
