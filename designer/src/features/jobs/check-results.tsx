import { useState } from 'react';
import type { CheckResult } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { artefactPath, regionsOf } from './artefact';
import { PathImage } from './file-image';
import { useJobT } from './job-messages';
import { percent, reasonText } from './reason-text';

type K = Parameters<ReturnType<typeof useJobT>>[0];

function Figures({ check }: { check: CheckResult }) {
  const t = useJobT();
  const f = check.figures ?? {};
  if (check.kind === 'visual') {
    return (
      <div className="figures">
        <span>{t('diffRatio', { ratio: percent(f.diffRatio), max: percent(f.maxDiffRatio) })}</span>
        {typeof f.diffPixels === 'number' && <span>{t('diffPixels', { n: f.diffPixels })}</span>}
        <span>{t('regions', { n: regionsOf(check).length })}</span>
      </div>
    );
  }
  if (check.kind === 'ocr' && typeof f.text === 'string') {
    return (
      <div className="figures">
        <span>
          {t('ocrText')}: <q>{f.text}</q>
        </span>
        {typeof f.confidence === 'number' && <span>{t('confidence', { n: Math.round(f.confidence) })}</span>}
      </div>
    );
  }
  if (check.kind === 'naming' && typeof f.name === 'string') {
    return (
      <div className="figures">
        <code>{f.name}</code>
        {!check.passed && typeof f.example === 'string' && (
          <span>
            {t('example')}: <code className="good-code">{f.example}</code>
          </span>
        )}
      </div>
    );
  }
  return null;
}

/**
 * A visual check's diff heatmap. It is built on its first open (the API compares again and paints), so while the
 * round's other checks (OCR) still run it is asked for only on a click; it loads by itself once the verdict is in.
 */
function DiffThumb({ path, waiting }: { path: string; waiting: boolean }) {
  const t = useJobT();
  const [asked, setAsked] = useState(false);
  if (waiting && !asked) {
    return (
      <button type="button" className="diff-thumb diff-thumb-pending link-button" onClick={() => setAsked(true)}>
        {t('diffAfterVerdict')}
      </button>
    );
  }
  return <PathImage path={path} alt={t('diffImage')} className="diff-thumb" />;
}

/** A check step still running: its round shows "checking…" until every check has reported, never an early verdict. */
export interface RunningCheck {
  nodeId: string;
  round: number;
}

const roundKey = (nodeId: string | undefined, round: number | undefined) => `${nodeId ?? ''}#${round ?? 1}`;

/** Check results grouped by round, newest first, with reasons and the diff heatmap thumbnail (once the round's verdict is in). */
export function CheckResults({ checks, compact, running = [] }: { checks: CheckResult[]; compact?: boolean; running?: RunningCheck[] }) {
  const t = useJobT();
  const { locale } = useLocale();
  if (checks.length === 0 && running.length === 0) return <p className="muted">{t('noChecks')}</p>;
  const runningKeys = new Set(running.map((r) => roundKey(r.nodeId, r.round)));
  const ordered = [...checks].sort((a, b) => (b.round ?? 1) - (a.round ?? 1));
  const rounds = [...new Set([...running.map((r) => roundKey(r.nodeId, r.round)), ...ordered.map((c) => roundKey(c.nodeId, c.round))])];
  return (
    <div className="check-rounds">
      {rounds.map((key) => {
        const items = checks.filter((c) => roundKey(c.nodeId, c.round) === key);
        const round = items[0]?.round ?? running.find((r) => roundKey(r.nodeId, r.round) === key)?.round ?? 1;
        const ok = items.every((c) => c.passed);
        const verdict = runningKeys.has(key) ? 'active' : ok ? 'passed' : 'failed';
        return (
          <section key={key} className="check-round" aria-busy={verdict === 'active' || undefined}>
            <header>
              <strong>{t('round', { round })}</strong>
              <span className={`badge status-${verdict}`}>{verdict === 'active' ? t('checking') : t(verdict)}</span>
            </header>
            <ul className="check-list">
              {items.map((c, i) => {
                const diff = artefactPath(c, 'diff');
                return (
                  <li key={c.id ?? i} className={`check-item ${c.passed ? 'ok' : 'bad'}`}>
                    <span className="check-icon" aria-hidden="true">{c.passed ? '✓' : '✕'}</span>
                    <div className="check-main">
                      <div className="check-title">
                        {t(`kind.${c.kind}` as K)}
                        {c.deliverable && <span className="muted"> · {c.deliverable}</span>}
                        <span className="sr-only">{c.passed ? t('passed') : t('failed')}</span>
                      </div>
                      <Figures check={c} />
                      {c.reasons && c.reasons.length > 0 && (
                        <ul className="reasons">
                          {c.reasons.map((r, k) => (
                            <li key={k}>{reasonText(r, locale)}</li>
                          ))}
                        </ul>
                      )}
                    </div>
                    {diff && !compact && <DiffThumb path={diff} waiting={verdict === 'active'} />}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

/**
 * Whether the job's checks are working now: a running job with a check step active (not overdue — a step
 * past its time may never finish, e.g. when the job failed, and must not hold back what waits for it).
 */
export function checksInFlight(job: { status?: string; steps?: Array<{ type: string; status: string }> | null }): boolean {
  return job.status === 'running' && (job.steps ?? []).some((s) => s.type === 'check' && s.status === 'active');
}

/** The job's check steps that are running now (their rounds' results are still coming in). */
export function runningChecks(job: { steps?: Array<{ nodeId: string; type: string; round: number; status: string }> | null }): RunningCheck[] {
  return (job.steps ?? []).filter((s) => s.type === 'check' && (s.status === 'active' || s.status === 'overdue')).map((s) => ({ nodeId: s.nodeId, round: s.round }));
}
