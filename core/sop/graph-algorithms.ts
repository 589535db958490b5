/**
 * Small graph algorithms over adjacency lists (`succ[i]` = successors of node
 * `i`), used by SOP validation. Pure and deterministic: results depend only on
 * the order of the lists.
 */

/** Adjacency lists: `succ[i]` holds the successors of node `i`. */
export type Adjacency = readonly (readonly number[])[];

/**
 * Marks every node reachable from `roots` (roots included) without entering a
 * node of `blocked`; blocked roots are not marked.
 */
export function reachable(succ: Adjacency, roots: Iterable<number>, blocked: ReadonlySet<number> = new Set()): boolean[] {
  const seen = new Array<boolean>(succ.length).fill(false);
  const stack: number[] = [];
  for (const r of roots) {
    if (!blocked.has(r) && !seen[r]) {
      seen[r] = true;
      stack.push(r);
    }
  }
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const s of succ[n] ?? []) {
      if (!seen[s] && !blocked.has(s)) {
        seen[s] = true;
        stack.push(s);
      }
    }
  }
  return seen;
}

/** Reverses adjacency lists, keeping successor order stable. */
export function reverse(succ: Adjacency): number[][] {
  const pred: number[][] = succ.map(() => []);
  succ.forEach((targets, from) => {
    for (const t of targets) pred[t]!.push(from);
  });
  return pred;
}

/**
 * Strongly connected components (Tarjan, iterative), restricted to nodes for
 * which `include(i)` holds. Each component is sorted ascending; components are
 * returned sorted by their smallest node.
 */
export function stronglyConnected(succ: Adjacency, include: (i: number) => boolean): number[][] {
  const n = succ.length;
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const result: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (!include(root) || index[root] !== -1) continue;
    const work: Array<{ node: number; next: number }> = [{ node: root, next: 0 }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const targets = succ[frame.node] ?? [];
      if (frame.next < targets.length) {
        const t = targets[frame.next++]!;
        if (!include(t)) continue;
        if (index[t] === -1) {
          index[t] = low[t] = counter++;
          stack.push(t);
          onStack[t] = true;
          work.push({ node: t, next: 0 });
        } else if (onStack[t]) {
          low[frame.node] = Math.min(low[frame.node]!, index[t]!);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent.node] = Math.min(low[parent.node]!, low[frame.node]!);
      if (low[frame.node] === index[frame.node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = false;
          component.push(member);
        } while (member !== frame.node);
        result.push(component.sort((a, b) => a - b));
      }
    }
  }
  return result.sort((a, b) => a[0]! - b[0]!);
}

/**
 * Immediate dominators from `root` (Cooper, Harvey & Kennedy, "A Simple, Fast
 * Dominance Algorithm"). `idom[root] === root`; nodes unreachable from `root`
 * get -1. For post-dominators pass the reversed graph and the exit node.
 */
export function immediateDominators(succ: Adjacency, root: number): number[] {
  const n = succ.length;
  const pred = reverse(succ);
  // Reverse post-order of a DFS from root.
  const order: number[] = [];
  const visited = new Array<boolean>(n).fill(false);
  const work: Array<{ node: number; next: number }> = [{ node: root, next: 0 }];
  visited[root] = true;
  while (work.length > 0) {
    const frame = work[work.length - 1]!;
    const targets = succ[frame.node] ?? [];
    if (frame.next < targets.length) {
      const t = targets[frame.next++]!;
      if (!visited[t]) {
        visited[t] = true;
        work.push({ node: t, next: 0 });
      }
      continue;
    }
    work.pop();
    order.push(frame.node);
  }
  order.reverse();
  const rpo = new Array<number>(n).fill(-1);
  order.forEach((node, i) => (rpo[node] = i));

  const idom = new Array<number>(n).fill(-1);
  idom[root] = root;
  const intersect = (a: number, b: number): number => {
    let x = a;
    let y = b;
    while (x !== y) {
      while (rpo[x]! > rpo[y]!) x = idom[x]!;
      while (rpo[y]! > rpo[x]!) y = idom[y]!;
    }
    return x;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const node of order) {
      if (node === root) continue;
      let candidate = -1;
      for (const p of pred[node] ?? []) {
        if (idom[p] === -1) continue;
        candidate = candidate === -1 ? p : intersect(p, candidate);
      }
      if (candidate !== -1 && idom[node] !== candidate) {
        idom[node] = candidate;
        changed = true;
      }
    }
  }
  return idom;
}

/** True when `a` dominates `b` in the tree `idom` (every node dominates itself). */
export function dominates(idom: readonly number[], a: number, b: number): boolean {
  if (idom[b] === -1) return false;
  let x = b;
  for (;;) {
    if (x === a) return true;
    const up = idom[x]!;
    if (up === x || up === -1) return false;
    x = up;
  }
}
