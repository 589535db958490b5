/**
 * Validation of SOP definitions (format v1): the JSON Schema, then the graph
 * rules and reference/value rules of SOP-FORMAT.md. Pure: no I/O, no clock,
 * no randomness, no Node built-ins — imported by the workflow sandbox, the
 * API and the browser designer alike.
 */
import { buildGraph, readSkeleton, type SopGraph } from './graph-model';
import { outgoingIssues, structureIssues } from './graph-rules';
import { parallelIssues } from './parallel-rules';
import { loopIssues, pathFacts, reachabilityIssues } from './path-rules';
import { referenceIssues } from './reference-rules';
import { formFieldIssues, jobFieldIssues } from './job-field-rules';
import { comparePaths, schemaIssues } from './schema-issues';
import { sizeIssue } from './size-limits';
import type { SopDefinition } from './types';
import { valueIssues } from './value-rules';

/** One problem found in an SOP definition. */
export interface SopIssue {
  /** Stable code from `SOP_ERROR_CODES` (./error-codes.ts). */
  code: string;
  /** JSON pointer into the document, e.g. `/nodes/3/due/after`; `""` is the whole document. */
  path: string;
  /** The node the issue is about, when there is one. */
  nodeId?: string;
  /** The English message (same as `messages.en`). */
  message: string;
  messages: { en: string; 'zh-CN': string };
  /** The values the messages were filled from (node ids, the value found, what was expected). */
  params?: Record<string, unknown>;
}

/** The outcome of {@link validateSop}. */
export interface SopValidationResult {
  valid: boolean;
  errors: SopIssue[];
  /** The input, typed, when it is valid. */
  definition?: SopDefinition;
}

const BLOCKS_PATH_RULES: ReadonlySet<string> = new Set([
  'NODE_ID_DUPLICATE',
  'START_MISSING',
  'START_MULTIPLE',
  'END_MISSING',
  'EDGE_UNKNOWN_NODE',
]);

function byPath<T extends { path: string }>(items: T[]): T[] {
  return items
    .map((item, order) => ({ item, order }))
    .sort((a, b) => comparePaths(a.item.path, b.item.path) || a.order - b.order)
    .map(({ item }) => item);
}

/**
 * Validates an SOP definition and returns every problem found.
 *
 * Stages, in the order their issues are returned:
 * 0. Size (./size-limits.ts): a document over a limit answers only
 *    `SOP_TOO_LARGE`, before any other rule runs.
 * 1. JSON Schema issues (document order).
 * 2. Graph rules, when node ids/types and edge ends can be read (even if other
 *    fields failed the schema): ids, start/end, edges, outgoing edges and
 *    outcomes, loops without a person; then — only when ids are unique, there
 *    is one start and an end, and every edge names existing nodes —
 *    reachability; then — only when every reachable node can reach an end —
 *    parallel/join nesting (see ./parallel-rules.ts for the exact rule).
 * 3. Reference and value rules (roles, deliverables, reason codes, checks,
 *    durations, dates, time zone, calendar, naming templates, declared job
 *    fields), only when the
 *    schema found nothing, in document order.
 * Later stages are skipped when earlier problems would make their findings
 * misleading; fixing reported issues can reveal new ones.
 *
 * Deterministic: the same input always gives the same issues in the same
 * order. Never throws for any JSON value.
 *
 * @param input - the parsed JSON of an SOP definition (any value).
 */
export function validateSop(input: unknown): SopValidationResult {
  const tooLarge = sizeIssue(input);
  if (tooLarge) return { valid: false, errors: [tooLarge] };
  const errors = schemaIssues(input);
  const schemaValid = errors.length === 0;
  const skeleton = readSkeleton(input);
  let pathSound = false;
  let graphForReferences: SopGraph | undefined;
  if (skeleton) {
    const { graph, defects } = buildGraph(skeleton);
    const structural = [...structureIssues(graph, defects), ...outgoingIssues(graph, defects, skeleton.edges)];
    errors.push(...structural, ...loopIssues(graph));
    pathSound = !structural.some((issue) => BLOCKS_PATH_RULES.has(issue.code));
    if (pathSound) {
      graphForReferences = graph;
      const facts = pathFacts(graph);
      errors.push(...reachabilityIssues(graph, facts));
      const everyNodeFinishes = graph.nodes.every((_, i) => !facts.fromStart[i] || facts.toEnd[i]);
      if (everyNodeFinishes) errors.push(...parallelIssues(graph, facts));
    }
  }
  if (schemaValid) {
    const definition = input as SopDefinition;
    errors.push(...byPath([...referenceIssues({ definition, graph: graphForReferences }), ...valueIssues(definition), ...jobFieldIssues(definition), ...formFieldIssues(definition)]));
  }
  if (errors.length === 0) return { valid: true, errors, definition: input as SopDefinition };
  return { valid: false, errors };
}
