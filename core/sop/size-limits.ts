/**
 * Upper bounds on one SOP definition, checked before any other rule so the
 * graph algorithms never run on an unbounded document. Generous for real
 * processes (the seed SOP has a dozen nodes); beyond them, split the process.
 * Pure: no I/O.
 */
import { createIssue } from './issue';
import type { SopIssue } from './validate';

export const SOP_LIMITS = { nodes: 200, edges: 500, characters: 1_000_000 } as const;

const countOf = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

/** The `SOP_TOO_LARGE` issue when `input` exceeds a limit; undefined otherwise. Never throws for any JSON value. */
export function sizeIssue(input: unknown): SopIssue | undefined {
  const document = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  const nodes = countOf(document.nodes);
  const edges = countOf(document.edges);
  let characters: number;
  try {
    characters = JSON.stringify(input)?.length ?? 0;
  } catch {
    characters = 0;
  }
  if (nodes <= SOP_LIMITS.nodes && edges <= SOP_LIMITS.edges && characters <= SOP_LIMITS.characters) return undefined;
  return createIssue('SOP_TOO_LARGE', '', {
    nodes, edges, characters, maxNodes: SOP_LIMITS.nodes, maxEdges: SOP_LIMITS.edges, maxCharacters: SOP_LIMITS.characters,
  });
}
