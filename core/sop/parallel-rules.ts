/**
 * Proper nesting of `parallel` and `join` (SOP-FORMAT.md, "Graph rules").
 * Pure: no I/O.
 *
 * The precise rule. Let P be a parallel node reachable from the start, with at
 * least two distinct successors (its branch heads).
 * 1. P's join J is P's immediate post-dominator: the first node that every
 *    route from P to an end passes through. J must be a `join` node, else
 *    PARALLEL_JOIN_MISSING (a branch ends the job on its own, or the branches
 *    first meet at a non-join node).
 * 2. P's section is every node reachable from a branch head without passing
 *    through P or J. Every section node must be dominated by P (reachable from
 *    the start only through P). A section node that is not is a *leak*:
 *    - if P can be reached from it without passing J, it lies before P: a
 *      branch jumped back out of the section. The edge from P or from a
 *      dominated section node into it is EDGE_LEAVES_PARALLEL_SECTION;
 *    - otherwise something outside jumped in: each edge into it from outside
 *      the section (and not from P) is EDGE_ENTERS_PARALLEL_SECTION.
 *    An edge from a dominated section node back to P is
 *    EDGE_LEAVES_PARALLEL_SECTION. An edge from outside the section (other
 *    than from P) into a dominated section node or into J is
 *    EDGE_ENTERS_PARALLEL_SECTION — e.g. a review after J that sends rework
 *    into one branch. (Rework loops inside one branch, and loops from after J
 *    back to P or to before P, are fine.)
 * 3. Branches stay apart: a node reachable from two branch heads (without
 *    passing P or J) is PARALLEL_BRANCHES_MERGE, reported where they meet.
 * 4. Each branch arrives at J by exactly one edge (the engine counts one
 *    arrival per incoming edge of a join), else JOIN_ARRIVALS_MISMATCH.
 *    Rules 3 and 4 are checked only when rule 2 found nothing and J is not
 *    shared; entries into a shared J are left to rule 5.
 * 5. Every reachable join is the join of exactly one parallel: JOIN_SHARED
 *    when several parallels share it, JOIN_WITHOUT_PARALLEL when none has it
 *    (only reported when every parallel found its join, to avoid repeating
 *    rule 1).
 * Nested parallels satisfy these rules level by level, so a branch may hold a
 * whole inner parallel section. The rules need one start, an end reachable
 * from every reachable node, and edges naming existing nodes; `validateSop`
 * only runs them then.
 */
import { dominates, immediateDominators, reachable, reverse } from './graph-algorithms';
import type { SopGraph } from './graph-model';
import { createIssue } from './issue';
import type { PathFacts } from './path-rules';
import type { SopIssue } from './validate';

interface Section {
  p: number;
  j: number;
  inSection: boolean[];
  dominated: (x: number) => boolean;
}

/** Edges crossing the section's boundary; entries into J are ignored when J is shared (rule 5 reports it). */
function edgeIssues(graph: SopGraph, s: Section, fromStart: readonly boolean[], joinShared: boolean): SopIssue[] {
  const ids = { parallel: graph.nodes[s.p]!.id, join: graph.nodes[s.j]!.id };
  const before = new Map<number, boolean>();
  const liesBefore = (x: number): boolean => {
    if (!before.has(x)) before.set(x, reachable(graph.succ, [x], new Set([s.j]))[s.p]!);
    return before.get(x)!;
  };
  const insideDominated = (u: number): boolean => u === s.p || (s.inSection[u]! && s.dominated(u));
  const outside = (u: number): boolean => u !== s.p && !s.inSection[u];
  const issues: SopIssue[] = [];
  for (const e of graph.edges) {
    const { from: u, to: v } = e;
    if (!fromStart[u] || graph.nodes[u]!.type === 'end') continue;
    let code: 'EDGE_LEAVES_PARALLEL_SECTION' | 'EDGE_ENTERS_PARALLEL_SECTION' | undefined;
    if (v === s.p) {
      if (u !== s.p && insideDominated(u)) code = 'EDGE_LEAVES_PARALLEL_SECTION';
    } else if (s.inSection[v] && !s.dominated(v)) {
      if (liesBefore(v)) code = insideDominated(u) ? 'EDGE_LEAVES_PARALLEL_SECTION' : undefined;
      else code = outside(u) ? 'EDGE_ENTERS_PARALLEL_SECTION' : undefined;
    } else if ((s.inSection[v] || (v === s.j && !joinShared)) && outside(u)) {
      code = 'EDGE_ENTERS_PARALLEL_SECTION';
    }
    if (code) {
      const from = graph.nodes[u]!.id;
      issues.push(createIssue(code, ['edges', e.index], { nodeId: from, from, to: graph.nodes[v]!.id, ...ids }));
    }
  }
  return issues;
}

function branchIssues(graph: SopGraph, s: Section, heads: readonly number[]): SopIssue[] {
  const blocked = new Set([s.p, s.j]);
  const branches = heads.map((h) => reachable(graph.succ, [h], blocked));
  const members = (x: number): string => branches.flatMap((b, k) => (b[x] ? [k] : [])).join(',');
  const pred = reverse(graph.succ);
  const ids = { parallel: graph.nodes[s.p]!.id, join: graph.nodes[s.j]!.id };
  const issues: SopIssue[] = [];
  graph.nodes.forEach((node, x) => {
    if (!s.inSection[x] || !s.dominated(x)) return;
    const own = members(x);
    if (!own.includes(',')) return;
    const meetsHere = heads.includes(x) || pred[x]!.some((u) => s.inSection[u] && members(u) !== own);
    if (!meetsHere) return;
    const branchHeads = own.split(',').map((k) => graph.nodes[heads[Number(k)]!]!.id);
    issues.push(createIssue('PARALLEL_BRANCHES_MERGE', ['nodes', node.index], { nodeId: node.id, branches: branchHeads, ...ids }));
  });
  if (issues.length > 0) return issues;
  heads.forEach((h, k) => {
    const count = graph.edges.filter((e) => e.to === s.j && (h === s.j ? e.from === s.p : branches[k]![e.from])).length;
    if (count > 1) {
      const join = graph.nodes[s.j]!;
      issues.push(
        createIssue('JOIN_ARRIVALS_MISMATCH', ['nodes', join.index], {
          nodeId: join.id,
          parallel: ids.parallel,
          branch: graph.nodes[h]!.id,
          count,
        }),
      );
    }
  });
  return issues;
}

/** Issues of the parallel/join nesting rule described in this module's comment. */
export function parallelIssues(graph: SopGraph, facts: PathFacts): SopIssue[] {
  const exit = graph.nodes.length;
  const withExit = [...graph.succ.map((s) => [...s]), []];
  for (const e of graph.ends) withExit[e]!.push(exit);
  const idom = immediateDominators(graph.succ, graph.starts[0]!);
  const ipdom = immediateDominators(reverse(withExit), exit);
  const claims = new Map<number, number[]>();
  let everyParallelJoined = true;
  // Pass 1: each parallel's join (or why it has none) and its section.
  const found: Array<{ p: number; missing?: SopIssue; section?: Section }> = [];
  graph.nodes.forEach((node, p) => {
    if (node.type !== 'parallel' || !facts.fromStart[p]) return;
    if (graph.succ[p]!.length < 2) {
      everyParallelJoined = false; // PARALLEL_BRANCHES_TOO_FEW already says why
      return;
    }
    const j = ipdom[p]!;
    if (j < 0 || j === exit || graph.nodes[j]!.type !== 'join') {
      everyParallelJoined = false;
      const meetsAt = j >= 0 && j !== exit ? { meetsAt: graph.nodes[j]!.id } : {};
      found.push({ p, missing: createIssue('PARALLEL_JOIN_MISSING', ['nodes', node.index], { nodeId: node.id, ...meetsAt }) });
      return;
    }
    claims.set(j, [...(claims.get(j) ?? []), p]);
    const inSection = reachable(graph.succ, graph.succ[p]!, new Set([p, j]));
    found.push({ p, section: { p, j, inSection, dominated: (x) => x !== p && dominates(idom, p, x) } });
  });
  // Pass 2: issues per parallel in document order, then per join.
  const issues: SopIssue[] = [];
  for (const { p, missing, section } of found) {
    if (missing) issues.push(missing);
    if (!section) continue;
    const shared = (claims.get(section.j) ?? []).length > 1;
    const crossing = edgeIssues(graph, section, facts.fromStart, shared);
    issues.push(...crossing);
    if (crossing.length === 0 && !shared) issues.push(...branchIssues(graph, section, graph.succ[p]!));
  }
  graph.nodes.forEach((node, j) => {
    if (node.type !== 'join' || !facts.fromStart[j]) return;
    const parallels = claims.get(j) ?? [];
    if (parallels.length > 1) {
      const ids = parallels.map((p) => graph.nodes[p]!.id);
      issues.push(createIssue('JOIN_SHARED', ['nodes', node.index], { nodeId: node.id, parallels: ids }));
    } else if (parallels.length === 0 && everyParallelJoined) {
      issues.push(createIssue('JOIN_WITHOUT_PARALLEL', ['nodes', node.index], { nodeId: node.id }));
    }
  });
  return issues;
}
