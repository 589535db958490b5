import { Graph, layout } from '@dagrejs/dagre';
import type { SopDefinition } from '../../../../core/sop/types';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 84;

/** Positions every node top-to-bottom with dagre (rework loops become back edges). */
export function autoLayout(def: SopDefinition): Record<string, { x: number; y: number }> {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 60, ranksep: 70, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of def.nodes) g.setNode(n.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  def.edges.forEach((e, i) => {
    if (g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to, {}, `e${i}`);
  });
  layout(g);
  const out: Record<string, { x: number; y: number }> = {};
  for (const n of def.nodes) {
    const p = g.node(n.id) as { x: number; y: number } | undefined;
    if (p) out[n.id] = { x: Math.round(p.x - NODE_WIDTH / 2), y: Math.round(p.y - NODE_HEIGHT / 2) };
  }
  return out;
}

/**
 * The positions to draw: the saved layout, with missing nodes laid out
 * automatically; a saved layout whose nodes would overlap at this designer's
 * node size (drawn by another tool) is replaced by an automatic one.
 */
export function positionsOf(def: SopDefinition): Record<string, { x: number; y: number }> {
  const saved = def.layout ?? {};
  const complete = def.nodes.every((n) => saved[n.id]);
  const merged = complete ? saved : { ...autoLayout(def), ...saved };
  return overlaps(def, merged) ? autoLayout(def) : merged;
}

/** Whether saved positions make nodes overlap at the designer's node size (layouts drawn elsewhere). */
function overlaps(def: SopDefinition, layout: Record<string, { x: number; y: number }>): boolean {
  const boxes = def.nodes.map((n) => layout[n.id]).filter((p): p is { x: number; y: number } => !!p);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i] as { x: number; y: number };
      const b = boxes[j] as { x: number; y: number };
      if (Math.abs(a.x - b.x) < NODE_WIDTH + 8 && Math.abs(a.y - b.y) < NODE_HEIGHT) return true;
    }
  }
  return false;
}
