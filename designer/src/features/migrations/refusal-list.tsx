import type { SopDefinition } from '../../../../core/sop/types';
import { useMigrationT } from './migration-messages';
import { deliverableLabel, nodeTitle, type Refusal } from './plan-words';

const KNOWN = new Set([
  'MIGRATE_NODE_MISSING', 'MIGRATE_TYPE_CHANGED', 'MIGRATE_MAPPING_COLLISION', 'MIGRATE_MAPPING_UNKNOWN', 'MIGRATE_JOIN_CHANGED',
  'MIGRATE_DELIVERABLE_REMOVED', 'MIGRATE_STEP_BUSY', 'MIGRATE_REPORTS_CHANGED', 'MIGRATE_SAME_VERSION', 'MIGRATE_JOB_NOT_ELIGIBLE', 'JOB_NOT_RUNNING',
]);

/** Why a job cannot move, in the reader's language with step titles (the server's sentence for codes this list does not know). */
export function RefusalList({ refusals, toVersion, from, to }: { refusals: Refusal[]; toVersion: number; from?: SopDefinition; to?: SopDefinition }) {
  const t = useMigrationT();
  return (
    <ul className="refusals">
      {refusals.map((r, i) => (
        <li key={`${r.code}-${i}`}>
          {KNOWN.has(r.code)
            ? t(r.code as 'MIGRATE_NODE_MISSING', { step: r.nodeId ? nodeTitle(r.nodeId, from, to) : '', deliverable: r.deliverable ? deliverableLabel(r.deliverable, from, to) : '', version: toVersion })
            : r.message}
        </li>
      ))}
    </ul>
  );
}
