import type { SopDefinition } from '../../../../core/sop/types';

/** A refusal of a migration plan as the API answers it (JobMigration.refusals, or a 422's `errors`). */
export interface Refusal {
  code: string;
  message: string;
  nodeId?: string;
  deliverable?: string;
}

/** The title of node `id`, looked up in the given definitions in turn, else the id itself. */
export function nodeTitle(id: string, ...definitions: Array<SopDefinition | undefined>): string {
  for (const definition of definitions) {
    const node = definition?.nodes.find((n) => n.id === id);
    if (node) return node.title || id;
  }
  return id;
}

/** The label of deliverable `id` in the given definitions, else the id. */
export function deliverableLabel(id: string, ...definitions: Array<SopDefinition | undefined>): string {
  for (const definition of definitions) {
    const found = definition?.deliverables.find((d) => d.id === id);
    if (found) return found.label || id;
  }
  return id;
}

/** The refusals of a single job's 422 problem: `errors` carry the code, and the step in `path` (`job/steps/<id>`, `job/deliverables/<id>`). */
export function refusalsOfProblem(errors: Array<{ path?: string; message: string; code?: string }> | undefined): Refusal[] {
  return (errors ?? []).filter((e) => e.code?.startsWith('MIGRATE_')).map((e) => {
    const step = /^job\/steps\/(.+)$/u.exec(e.path ?? '')?.[1];
    const deliverable = /^job\/deliverables\/(.+)$/u.exec(e.path ?? '')?.[1];
    return { code: e.code!, message: e.message, ...(step ? { nodeId: step } : {}), ...(deliverable ? { deliverable } : {}) };
  });
}
