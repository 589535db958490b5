import type { SopDefinition } from '../../../../core/sop/types';
import type { SopMigration } from '../../lib/api-types';
import { Link } from '../../lib/router';
import { useMigrationT } from './migration-messages';
import { MigrationPlanView } from './migration-plan-view';
import { RefusalList } from './refusal-list';

/** One row per job of a bulk migration's answer: will move / moved (with the plan in words) or refused (with the reasons). */
export function MigrationResults({ answer, from, to }: { answer: SopMigration; from?: SopDefinition; to?: SopDefinition }) {
  const t = useMigrationT();
  const refused = answer.results.filter((r) => r.status === 'refused').length;
  const heading = answer.dryRun
    ? t('previewTitle', { planned: answer.results.length - refused, refused })
    : t('resultTitle', { migrated: answer.results.length - refused, refused });
  return (
    <section className="card stack" aria-label={heading}>
      <h2 className="card-pad">{heading}</h2>
      {answer.more && <p className="muted card-pad">{t('more')}</p>}
      <div className="table-wrap">
        <table className="table" aria-label={heading}>
          <thead>
            <tr>
              <th>{t('job')}</th>
              <th>{t('result')}</th>
              <th>{t('details')}</th>
            </tr>
          </thead>
          <tbody>
            {answer.results.map((r) => (
              <tr key={r.jobId} className={r.status === 'refused' ? 'row-bad' : undefined}>
                <td className="job-code">{r.jobCode ? <Link to={`/jobs/${encodeURIComponent(r.jobId)}`}>{r.jobCode}</Link> : r.jobId}</td>
                <td>{t(r.status)}</td>
                <td>
                  {r.status === 'refused'
                    ? <RefusalList refusals={r.refusals ?? []} toVersion={r.toVersion} from={from} to={to} />
                    : <MigrationPlanView plan={r} from={from} to={to} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
