import { useEffect, useState } from 'react';
import type { SopDefinition } from '../../../../core/sop/types';
import { ProblemBanner } from '../../components/problem-banner';
import { useSession } from '../auth/session-context';
import { apiRequest } from '../../lib/api-client';
import type { SopVersion, SopVersionInfo } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { problemOf, type Problem } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { useEditorT } from './editor-messages';
import { SopDiffView } from './sop-diff-view';
import { MigrateJobsLink } from '../migrations/migrate-jobs-link';

const CURRENT = 0;

/** Version list with a visual diff between any two versions (0 = what is being edited). */
export function VersionsPanel({ sopKey, versions, current, onClose }: { sopKey: string; versions: SopVersionInfo[]; current: SopDefinition; onClose: () => void }) {
  const t = useEditorT();
  const { locale } = useLocale();
  const { zone } = useSession();
  const newest = versions[0]?.version;
  const [base, setBase] = useState<number | undefined>(newest);
  const [target, setTarget] = useState<number>(CURRENT);
  const [loaded, setLoaded] = useState<Record<number, SopDefinition>>({ [CURRENT]: current });
  const [problem, setProblem] = useState<Problem>();

  useEffect(() => {
    for (const v of [base, target]) {
      if (v === undefined || v === CURRENT || loaded[v]) continue;
      apiRequest<SopVersion>(`/sops/${encodeURIComponent(sopKey)}/versions/${v}`)
        .then((res) => setLoaded((l) => ({ ...l, [v]: res.definition })))
        .catch((e: unknown) => setProblem(problemOf(e)));
    }
  }, [base, target, loaded, sopKey]);

  const label = (v: number) => (v === CURRENT ? t('currentDraft') : `v${v}`);
  const a = base !== undefined ? loaded[base] : undefined;
  const b = loaded[target];
  const options = [CURRENT, ...versions.map((v) => v.version)];
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label={t('versionsTitle')}>
      <div className="modal wide">
        <div className="modal-head">
          <h2>{t('versionsTitle')}</h2>
          {versions.length > 1 && <MigrateJobsLink sopKey={sopKey} />}
          <button type="button" className="icon-btn" aria-label={t('close')} onClick={onClose}>
            ×
          </button>
        </div>
        <div className="versions-layout">
          <div className="versions-list">
            {versions.length === 0 && <p className="muted">{t('noVersions')}</p>}
            <table className="table compact">
              <thead>
                <tr>
                  <th>{t('base')}</th>
                  <th>{t('target')}</th>
                  <th>#</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {options.map((v) => (
                  <tr key={v} className={v === base || v === target ? 'selected' : undefined}>
                    <td>
                      <input type="radio" name="base" aria-label={`${t('base')} ${label(v)}`} checked={base === v} onChange={() => setBase(v)} />
                    </td>
                    <td>
                      <input type="radio" name="target" aria-label={`${t('target')} ${label(v)}`} checked={target === v} onChange={() => setTarget(v)} />
                    </td>
                    <td className="mono">{label(v)}</td>
                    <td className="muted small">{v === CURRENT ? '' : formatDateTime(versions.find((x) => x.version === v)?.publishedAt, zone, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted small">{t('compareHint')}</p>
          </div>
          <div className="versions-diff">
            {problem && <ProblemBanner problem={problem} />}
            {a && b ? <SopDiffView a={a} b={b} aLabel={label(base as number)} bLabel={label(target)} /> : <p className="muted">{t('compareHint')}</p>}
          </div>
        </div>
      </div>
    </div>
  );
}
