import type { SopDefinition } from '../../../../core/sop/types';
import type { JobMigration } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { formatDateTime } from '../../lib/time';
import { useSession } from '../auth/session-context';
import { useMigrationT } from './migration-messages';
import { nodeTitle } from './plan-words';

/**
 * A migration plan in words, with step titles of the two versions: where each
 * active step continues, and what the new version changes for the job
 * (checks, deadlines in the viewer's zone, assigned roles).
 */
export function MigrationPlanView({ plan, from, to, label }: { plan: JobMigration; from?: SopDefinition; to?: SopDefinition; label?: string }) {
  const t = useMigrationT();
  const { locale } = useLocale();
  const { zone } = useSession();
  const title = (id: string) => nodeTitle(id, to, from);
  const when = (at: string | null) => (at ? formatDateTime(at, zone, locale) : t('noDeadline'));
  const kinds = (list: string[]) => list.map((k) => t(`kind.${k}` as 'kind.naming')).join(', ');
  const changes = plan.changes ?? { deadlines: [], checks: [], assignees: [] };
  const items = (lines: string[]) => (lines.length > 0 ? <ul>{lines.map((line, i) => <li key={i}>{line}</li>)}</ul> : t('none'));
  return (
    <dl className="migration-preview" aria-label={label}>
      <dt>{t('moves')}</dt>
      <dd>
        {items((plan.moves ?? []).map((m) =>
          m.from === m.to
            ? t('stays', { step: nodeTitle(m.from, from, to), round: m.round })
            : t('movesTo', { from: nodeTitle(m.from, from, to), to: title(m.to), round: m.round, toRound: m.toRound }),
        ))}
      </dd>
      <dt>{t('checks')}</dt>
      <dd>{items(changes.checks.map((c) => t(`check.${c.change}`, { step: nodeTitle(c.nodeId, c.change === 'removed' ? from : to, to, from), kinds: kinds(c.kinds) })))}</dd>
      <dt>{t('deadlines')}</dt>
      <dd>{items(changes.deadlines.map((d) => t(d.kind === 'wake' ? 'wake' : 'deadline', { step: title(d.nodeId), from: when(d.from), to: when(d.to) })))}</dd>
      <dt>{t('assignees')}</dt>
      <dd>{items(changes.assignees.map((a) => t('assignee', { step: title(a.nodeId), from: a.from ?? t('nobody'), to: a.to ?? t('nobody') })))}</dd>
    </dl>
  );
}
