import type { NodeType, SopDefinition, SopEdge, SopNode } from '../../../../core/sop/types';
import { connectionRefusal, type ConnectionAttempt, type ConnectionRefusal } from './connection-rules';
import { createNode, outcomeForHandle } from './node-kinds';

export interface XY {
  x: number;
  y: number;
}

/** Pure edits of an SOP definition; each returns a new definition and leaves its input untouched. */
export function addNode(def: SopDefinition, type: NodeType, position: XY, title?: string): { def: SopDefinition; id: string } {
  const node = createNode(def, type, title);
  return {
    id: node.id,
    def: { ...def, nodes: [...def.nodes, node], layout: { ...def.layout, [node.id]: roundXY(position) } },
  };
}

export function connect(def: SopDefinition, attempt: ConnectionAttempt): { def: SopDefinition; refusal: ConnectionRefusal | null } {
  const refusal = connectionRefusal(def, attempt);
  if (refusal) return { def, refusal };
  const on = outcomeForHandle(attempt.sourceHandle);
  const edge: SopEdge = { from: attempt.source as string, to: attempt.target as string, ...(on ? { on } : {}) };
  return { def: { ...def, edges: [...def.edges, edge] }, refusal: null };
}

export function removeNodes(def: SopDefinition, ids: readonly string[]): SopDefinition {
  const gone = new Set(ids);
  const layout = { ...def.layout };
  for (const id of ids) delete layout[id];
  return {
    ...def,
    nodes: def.nodes.filter((n) => !gone.has(n.id)),
    edges: def.edges.filter((e) => !gone.has(e.from) && !gone.has(e.to)),
    layout,
  };
}

export function removeEdges(def: SopDefinition, edgeIds: readonly string[]): SopDefinition {
  const gone = new Set(edgeIds);
  return { ...def, edges: def.edges.filter((e) => !gone.has(edgeId(e))) };
}

export function replaceNode(def: SopDefinition, id: string, node: SopNode): SopDefinition {
  if (node.id === id) return { ...def, nodes: def.nodes.map((n) => (n.id === id ? node : n)) };
  return renameNode({ ...def, nodes: def.nodes.map((n) => (n.id === id ? { ...node, id } : n)) }, id, node.id);
}

/** Renames a node and every edge and layout entry that names it. */
export function renameNode(def: SopDefinition, from: string, to: string): SopDefinition {
  const layout = { ...def.layout };
  if (layout[from]) {
    layout[to] = layout[from];
    delete layout[from];
  }
  return {
    ...def,
    nodes: def.nodes.map((n) => (n.id === from ? { ...n, id: to } : n)),
    edges: def.edges.map((e) => ({ ...e, from: e.from === from ? to : e.from, to: e.to === from ? to : e.to })),
    layout,
  };
}

export function moveNodes(def: SopDefinition, positions: Record<string, XY>): SopDefinition {
  const layout = { ...def.layout };
  for (const [id, p] of Object.entries(positions)) layout[id] = roundXY(p);
  return { ...def, layout };
}

/** A stable React Flow id for an edge (duplicates are refused, so it is unique). */
export function edgeId(e: SopEdge): string {
  return `${e.from}->${e.to}${e.on ? `:${e.on}` : ''}`;
}

function roundXY(p: XY): XY {
  return { x: Math.round(p.x), y: Math.round(p.y) };
}

/**
 * Pins every node at `positions` (where it is drawn now) unless it already has a
 * saved place, so a structural edit never re-runs the automatic layout under
 * the user's hands: nodes stay where they were seen.
 */
export function keepPlaces(def: SopDefinition, positions: Record<string, XY>): SopDefinition {
  const layout: Record<string, XY> = {};
  for (const n of def.nodes) {
    const p = def.layout?.[n.id] ?? positions[n.id];
    if (p) layout[n.id] = p;
  }
  return { ...def, layout };
}
