/**
 * Published SOP versions are immutable (a database trigger refuses UPDATE), so
 * their compiled plans and definitions can be kept in memory for good: the
 * read routes (job detail, lists, reviews, analytics) ask for them on every
 * request. One cache per app, bounded by the number of published versions.
 */
import type { ExecutionPlan } from '../../core/sop/compile';
import type { PrismaClient } from '../../platform/db/prisma-types';

export interface CachedVersion {
  plan: ExecutionPlan;
  definition: unknown;
  /** nodeId → the node's `title` (absent when the node has none). */
  titles: ReadonlyMap<string, string>;
  /** Review reason code → label, over every review node of the version. */
  reasonLabels: ReadonlyMap<string, string>;
}

export interface PlanCache {
  /** The version, or undefined when it does not exist (not cached, so a later publish is seen). */
  get(sopKey: string, version: number): Promise<CachedVersion | undefined>;
}

function describe(plan: ExecutionPlan, definition: unknown): CachedVersion {
  const titles = new Map<string, string>();
  const reasonLabels = new Map<string, string>();
  for (const node of Object.values(plan.nodes)) {
    if (node.spec.title) titles.set(node.id, node.spec.title);
    if (node.spec.type === 'review') for (const reason of node.spec.reasons ?? []) reasonLabels.set(reason.code, reason.label);
  }
  return { plan, definition, titles, reasonLabels };
}

export function createPlanCache(prisma: PrismaClient): PlanCache {
  const versions = new Map<string, Promise<CachedVersion | undefined>>();
  return {
    get(sopKey, version) {
      const key = `${sopKey}\n${version}`;
      let found = versions.get(key);
      if (!found) {
        found = prisma.sopVersion
          .findUnique({ where: { sopKey_version: { sopKey, version } }, select: { plan: true, definition: true } })
          .then((row) => (row ? describe(row.plan as unknown as ExecutionPlan, row.definition) : undefined));
        versions.set(key, found);
        // Misses and failures are not remembered.
        found.then((v) => v ?? versions.delete(key), () => versions.delete(key));
      }
      return found;
    },
  };
}

const caches = new WeakMap<PrismaClient, PlanCache>();

/** The one cache of `prisma`'s database (routes built separately share it). */
export function planCacheFor(prisma: PrismaClient): PlanCache {
  let cache = caches.get(prisma);
  if (!cache) {
    cache = createPlanCache(prisma);
    caches.set(prisma, cache);
  }
  return cache;
}
