/**
 * The part of an SOP document the graph rules need — node ids and types, edge
 * ends and labels — read defensively from untrusted input, and the graph built
 * from it. Pure: no I/O.
 */
import { SOP_NODE_TYPES } from './schema';
import { DEFAULT_OUTCOME, type NodeType } from './types';

/** A node as the graph rules see it; `index` is its position in `nodes`. */
export interface SkeletonNode {
  id: string;
  type: NodeType;
  index: number;
}

/** An edge as written; `index` is its position in `edges`. */
export interface SkeletonEdge {
  from: string;
  to: string;
  on: string | undefined;
  index: number;
}

/** Node ids/types and edges, when the document has them in a usable shape. */
export interface SopSkeleton {
  nodes: SkeletonNode[];
  edges: SkeletonEdge[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNodeType = (v: unknown): v is NodeType => typeof v === 'string' && (SOP_NODE_TYPES as readonly string[]).includes(v);

/**
 * The skeleton of `input`, or undefined when the graph cannot be read: `nodes`
 * and `edges` must be arrays, every node an object with a string `id` and a
 * known `type`, every edge an object with string `from`/`to` and an optional
 * string `on`. Other fields are not looked at.
 */
export function readSkeleton(input: unknown): SopSkeleton | undefined {
  if (!isObject(input) || !Array.isArray(input.nodes) || !Array.isArray(input.edges)) return undefined;
  const nodes: SkeletonNode[] = [];
  for (const [index, n] of input.nodes.entries()) {
    if (!isObject(n) || typeof n.id !== 'string' || !isNodeType(n.type)) return undefined;
    nodes.push({ id: n.id, type: n.type, index });
  }
  const edges: SkeletonEdge[] = [];
  for (const [index, e] of input.edges.entries()) {
    if (!isObject(e) || typeof e.from !== 'string' || typeof e.to !== 'string') return undefined;
    if (e.on !== undefined && typeof e.on !== 'string') return undefined;
    edges.push({ from: e.from, to: e.to, on: e.on, index });
  }
  return { nodes, edges };
}

/**
 * The outcome an edge stands for: its label, or for a plain edge `submitted`
 * when it leaves a task and {@link DEFAULT_OUTCOME} otherwise (as the engine reads it).
 */
export function edgeOutcome(type: NodeType, on: string | undefined): string {
  if (on !== undefined) return on;
  return type === 'task' ? 'submitted' : DEFAULT_OUTCOME;
}

/** An edge between two existing nodes; `from`/`to` are graph positions. */
export interface GraphEdge {
  index: number;
  from: number;
  to: number;
  on: string | undefined;
  outcome: string;
}

/** The graph over nodes with distinct ids (the first node of a repeated id stands for it). */
export interface SopGraph {
  /** Graph position → node (document order, repeated ids dropped). */
  nodes: SkeletonNode[];
  position: ReadonlyMap<string, number>;
  /** Edges with both ends known, repeats dropped, in document order. */
  edges: GraphEdge[];
  /** Distinct successors along `edges`, except that nothing leaves an `end` (the job is over). */
  succ: number[][];
  /** Positions of start and end nodes. */
  starts: number[];
  ends: number[];
}

/** What building the graph dropped: repeated ids, edges naming unknown nodes, repeated edges. */
export interface GraphDefects {
  repeatedIds: Array<{ node: SkeletonNode; first: SkeletonNode }>;
  unknownEnds: Array<{ edge: SkeletonEdge; end: 'from' | 'to' }>;
  repeatedEdges: Array<{ edge: SkeletonEdge; first: SkeletonEdge }>;
}

/** Builds the graph of `skeleton` and lists what it had to drop. */
export function buildGraph(skeleton: SopSkeleton): { graph: SopGraph; defects: GraphDefects } {
  const defects: GraphDefects = { repeatedIds: [], unknownEnds: [], repeatedEdges: [] };
  const nodes: SkeletonNode[] = [];
  const position = new Map<string, number>();
  for (const node of skeleton.nodes) {
    const at = position.get(node.id);
    if (at !== undefined) {
      defects.repeatedIds.push({ node, first: nodes[at]! });
      continue;
    }
    position.set(node.id, nodes.length);
    nodes.push(node);
  }
  const edges: GraphEdge[] = [];
  const firstEdge = new Map<string, SkeletonEdge>();
  for (const edge of skeleton.edges) {
    const from = position.get(edge.from);
    const to = position.get(edge.to);
    if (from === undefined) defects.unknownEnds.push({ edge, end: 'from' });
    if (to === undefined) defects.unknownEnds.push({ edge, end: 'to' });
    if (from === undefined || to === undefined) continue;
    const outcome = edgeOutcome(nodes[from]!.type, edge.on);
    const key = JSON.stringify([from, to, outcome]);
    const first = firstEdge.get(key);
    if (first) {
      defects.repeatedEdges.push({ edge, first });
      continue;
    }
    firstEdge.set(key, edge);
    edges.push({ index: edge.index, from, to, on: edge.on, outcome });
  }
  const succ: number[][] = nodes.map(() => []);
  for (const e of edges) {
    if (nodes[e.from]!.type === 'end') continue;
    const list = succ[e.from]!;
    if (!list.includes(e.to)) list.push(e.to);
  }
  const positionsOf = (type: NodeType): number[] =>
    nodes.flatMap((n, i) => (n.type === type ? [i] : []));
  return { graph: { nodes, position, edges, succ, starts: positionsOf('start'), ends: positionsOf('end') }, defects };
}
