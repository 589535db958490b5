import { useEffect, useMemo, useState } from 'react';
import { ShortcutsSwitch } from '../../components/shortcuts-switch';
import { isSingleKeyShortcut, useSingleKeyShortcuts } from '../../lib/keyboard';
import type { ReviewNode } from '../../../../core/sop/types';
import { Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { listItems, type CheckResult, type JobDetail, type JobFiles } from '../../lib/api-types';
import type { TaskPage } from '../../lib/my-tasks';
import { problemOf } from '../../lib/problem';
import { Link, useRouter } from '../../lib/router';
import { useResource } from '../../lib/use-resource';
import { artefactPath, regionsOf } from '../jobs/artefact';
import { CheckResults } from '../jobs/check-results';
import { HandedInPanel } from '../jobs/handed-in';
import { DeadlineChip } from '../vendor-portal/deadline-chip';
import { CompareViewer, type CompareMode } from './compare-viewer';
import { OcrDiff } from './ocr-diff';
import { useQaT } from './qa-messages';
import { ReviewDecision } from './review-decision';
import { reviewedTasks } from './reviewed-tasks';
import { useFileComparison } from './use-file-comparison';
import { versionOptions, type VersionOption } from './version-options';
import { VersionPickers } from './version-pickers';
import { REVIEW_QUEUE_PATH, reviewPath } from './review-queue';

function latest(checks: CheckResult[], kind: CheckResult['kind'], deliverable: string | undefined): CheckResult | undefined {
  return checks.filter((c) => c.kind === kind && (!deliverable || c.deliverable === deliverable)).sort((a, b) => (b.round ?? 0) - (a.round ?? 0))[0];
}

export function QaReviewPage({ jobId, nodeId }: { jobId: string; nodeId: string }) {
  const t = useQaT();
  const { navigate } = useRouter();
  const base = `/jobs/${encodeURIComponent(jobId)}`;
  const job = useResource<JobDetail>(base);
  const checksRes = useResource<unknown>(`${base}/checks`);
  const files = useResource<JobFiles>(`${base}/files`);
  // j/k move through the first 200 reviews of the queue (the queue page pages through all of them).
  const queue = useResource<TaskPage>(`${REVIEW_QUEUE_PATH}&limit=200`);
  const [mode, setMode] = useState<CompareMode>('side');
  const [deliverable, setDeliverable] = useState<string>();
  const [region, setRegion] = useState<number>();
  const [pick, setPick] = useState<{ a?: string; b?: string }>({});

  const checks = listItems<CheckResult>(checksRes.data);
  const versions = useMemo(() => files.data?.versions ?? [], [files.data]);
  const deliverables = useMemo(() => [...new Set([...versions.map((v) => v.deliverable), ...(files.data?.references ?? []).map((r) => r.deliverable)])], [versions, files.data]);
  const current = deliverable ?? deliverables[0];
  const draft = versions.filter((v) => v.deliverable === current).sort((a, b) => b.version - a.version)[0];
  const reference = files.data?.references.find((r) => r.deliverable === current);
  const options = useMemo(() => versionOptions(files.data, current), [files.data, current]);
  // A and B start as the reference and the latest draft (the checks' own results); another pick asks the server to compare.
  const a = 'a' in pick ? pick.a : reference?.fileId;
  const b = 'b' in pick ? pick.b : draft?.fileId;
  const checkedVisual = latest(checks, 'visual', current);
  // Until A or B is picked, the page shows the checks' own results (as before the pickers), and no comparison is asked for.
  const picked = 'a' in pick || 'b' in pick;
  const fromChecks = !picked || (a === reference?.fileId && b === draft?.fileId && checkedVisual !== undefined);
  const comparison = useFileComparison(jobId, fromChecks ? undefined : a, fromChecks ? undefined : b);
  const visual = fromChecks ? checkedVisual : comparison.data?.visual;
  const ocr = fromChecks ? latest(checks, 'ocr', current) : comparison.data?.ocr;
  const regions = regionsOf(visual);
  const sideLabel = (side: 'A' | 'B', id: string | undefined) => {
    const o = options.find((x: VersionOption) => x.fileId === id);
    return o ? `${side} · ${o.kind === 'reference' ? t('reference') : `v${o.version}`}` : side;
  };
  const items = useMemo(() => queue.data?.items ?? [], [queue.data]);
  const here = items.findIndex((i) => i.job.id === jobId && i.step.nodeId === nodeId);
  const [shortcuts] = useSingleKeyShortcuts();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isSingleKeyShortcut(e, shortcuts)) return;
      const next = e.key === 'j' ? items[here + 1] : e.key === 'k' ? items[here - 1] : undefined;
      if (next) navigate(reviewPath(next));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, here, navigate, shortcuts]);
  useEffect(() => setRegion(undefined), [jobId, nodeId, current, a, b]);
  useEffect(() => setPick({}), [jobId, current]);

  if (job.error) {
    return (
      <div className="page">
        <ProblemBanner problem={problemOf(job.error)} />
      </div>
    );
  }
  if (!job.data) return <Loading label={t('loading')} />;
  const j = job.data;
  const step = [...j.steps].reverse().find((s) => s.nodeId === nodeId);
  const node = j.definition?.nodes.find((n) => n.id === nodeId && n.type === 'review') as ReviewNode | undefined;
  const active = step?.status === 'active' || step?.status === 'overdue';
  const namingAndChecklist = checks.filter((c) => (c.kind === 'naming' || c.kind === 'checklist') && c.round === Math.max(...checks.map((x) => x.round ?? 0)));

  return (
    <div className="review-page">
      <header className="review-head">
        <div className="review-title">
          <Link to="/qa" className="back-link">
            ← {t('back')}
          </Link>
          <span className="job-code">{j.code}</span>
          <h1>{j.title}</h1>
          <span className="muted small">
            {j.vendorOrg?.name} · {node?.title ?? nodeId} · {t('round', { round: step?.round ?? 1 })}
          </span>
        </div>
        <div className="row">
          {step && <DeadlineChip dueAt={step.dueAt} />}
          <button type="button" className="btn small" disabled={here <= 0} onClick={() => items[here - 1] && navigate(reviewPath(items[here - 1]!))} aria-label="k">
            ↑ k
          </button>
          <button type="button" className="btn small" disabled={here < 0 || here >= items.length - 1} onClick={() => items[here + 1] && navigate(reviewPath(items[here + 1]!))} aria-label="j">
            ↓ j
          </button>
          <Link to={`/jobs/${encodeURIComponent(jobId)}`} className="btn small ghost">
            {t('openJob')}
          </Link>
        </div>
      </header>
      <div className="review-body">
        <main className="review-main">
          {deliverables.length > 1 && (
            <div className="segmented" role="tablist" aria-label={t('deliverable')}>
              {deliverables.map((d) => (
                <button key={d} type="button" role="tab" aria-selected={d === current} className={d === current ? 'on' : ''} onClick={() => setDeliverable(d)}>
                  {j.definition?.deliverables.find((x) => x.id === d)?.label ?? d}
                </button>
              ))}
            </div>
          )}
          {options.length > 1 && <VersionPickers options={options} a={a} b={b} onChange={setPick} />}
          {comparison.error !== undefined && <ProblemBanner problem={problemOf(comparison.error)} />}
          {comparison.loading && <p className="muted small" role="status">{t('comparing')}</p>}
          <CompareViewer
            key={`${jobId}-${current}-${a}-${b}`}
            referenceId={a}
            draftId={b}
            labels={!picked ? undefined : { reference: sideLabel('A', a), draft: sideLabel('B', b) }}
            diffPath={visual ? artefactPath(visual, 'diff') : undefined}
            regions={regions}
            size={typeof visual?.figures?.width === 'number' ? { width: visual.figures.width, height: visual.figures.height as number } : undefined}
            mode={mode}
            onMode={setMode}
            focusRegion={region}
            onFocusRegion={setRegion}
          />
          <div className="row shortcuts">
            {shortcuts && <p className="muted small">{t('shortcuts')}</p>}
            <ShortcutsSwitch />
          </div>
        </main>
        <aside className="review-side">
          <section className="side-card">
            <h2>{t('decision')}</h2>
            <ReviewDecision jobId={jobId} nodeId={nodeId} reasons={node?.reasons ?? []} active={active} onDecided={() => job.reload()} />
          </section>
          <section className="side-card">
            <h2>{t('handedIn')}</h2>
            <HandedInPanel jobId={jobId} latestOf={reviewedTasks(j.definition, nodeId)} refreshKey={step ? `${step.round}-${step.status}` : undefined} />
          </section>
          <section className="side-card">
            <h2>
              {t('regions')} <span className="count">{regions.length}</span>
            </h2>
            {regions.length === 0 ? (
              <p className="muted small">{t('noRegions')}</p>
            ) : (
              <ol className="region-list">
                {regions.map((r, i) => (
                  <li key={i}>
                    <button type="button" className={i === region ? 'on' : ''} onClick={() => setRegion(i)}>
                      <span>{t('region', { n: i + 1 })}</span>
                      <span className="mono muted small">
                        {r.x},{r.y} · {r.width}×{r.height}
                      </span>
                      {r.pixels !== undefined && <span className="muted small">{t('pixels', { n: r.pixels })}</span>}
                    </button>
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section className="side-card">
            <h2>{t('ocrDiff')}</h2>
            <OcrDiff check={ocr} />
          </section>
          <section className="side-card">
            <h2>{t('naming')}</h2>
            <CheckResults checks={namingAndChecklist} compact />
          </section>
        </aside>
      </div>
    </div>
  );
}
