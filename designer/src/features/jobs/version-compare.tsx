import { useMemo, useState } from 'react';
import { ProblemBanner } from '../../components/problem-banner';
import type { JobDetail, JobFiles } from '../../lib/api-types';
import { problemOf } from '../../lib/problem';
import { CompareViewer, type CompareMode } from '../qa-review/compare-viewer';
import { OcrDiff } from '../qa-review/ocr-diff';
import { useQaT } from '../qa-review/qa-messages';
import { useFileComparison } from '../qa-review/use-file-comparison';
import { defaultPair, versionOptions } from '../qa-review/version-options';
import { VersionPickers } from '../qa-review/version-pickers';
import { artefactPath, regionsOf } from './artefact';

/**
 * Any two versions of a deliverable (or a version and the reference) in the compare viewer, with the pixel and OCR text differences.
 * While the job's checks run (`checksRunning`), the default pair is not compared: the server would compare the new version
 * and read its text on the same machine the checks need, and compares it from their results once they are in. A pair
 * someone picks is compared at once.
 */
export function VersionCompare({ jobId, files, definition, checksRunning = false }: { jobId: string; files: JobFiles | undefined; definition: JobDetail['definition']; checksRunning?: boolean }) {
  const t = useQaT();
  const deliverables = useMemo(() => [...new Set([...(files?.references ?? []).map((r) => r.deliverable), ...(files?.versions ?? []).map((v) => v.deliverable)])], [files]);
  const [chosen, setChosen] = useState<string>();
  const deliverable = chosen ?? deliverables[0];
  const options = useMemo(() => versionOptions(files, deliverable), [files, deliverable]);
  const [pick, setPick] = useState<{ deliverable?: string; a?: string; b?: string }>({});
  const picked = pick.deliverable === deliverable;
  const pair = picked ? pick : defaultPair(options);
  const waiting = checksRunning && !picked;
  const comparison = useFileComparison(jobId, waiting ? undefined : pair.a, waiting ? undefined : pair.b);
  const [mode, setMode] = useState<CompareMode>('side');
  const [region, setRegion] = useState<number>();
  const visual = comparison.data?.visual;
  const regions = regionsOf(visual);
  const label = (side: 'A' | 'B', id: string | undefined) => {
    const o = options.find((x) => x.fileId === id);
    return o ? `${side} · ${o.kind === 'reference' ? t('reference') : `v${o.version}`}` : side;
  };
  if (options.length < 2) return <p className="muted small">{t('noDraft')}</p>;
  return (
    <div className="stack version-compare">
      <div className="row">
        {deliverables.length > 1 && (
          <label className="field inline">
            <span>{t('deliverable')}</span>
            <select value={deliverable} onChange={(e) => setChosen(e.target.value)}>
              {deliverables.map((d) => (
                <option key={d} value={d}>
                  {definition?.deliverables.find((x) => x.id === d)?.label ?? d}
                </option>
              ))}
            </select>
          </label>
        )}
        <VersionPickers options={options} a={pair.a} b={pair.b} onChange={(p) => { setPick({ deliverable, ...p }); setRegion(undefined); }} />
      </div>
      {waiting && (
        <p className="muted small" role="status">
          {t('compareAfterChecks')}{' '}
          <button type="button" className="link-button" onClick={() => setPick({ deliverable, a: pair.a, b: pair.b })}>{t('compareNow')}</button>
        </p>
      )}
      {!waiting && <>
      {comparison.error !== undefined && <ProblemBanner problem={problemOf(comparison.error)} />}
      {comparison.loading && <p className="muted small" role="status">{t('comparing')}</p>}
      {visual && typeof visual.figures.diffPixels === 'number' && (
        <p className="small" data-testid="compare-summary">
          {t('compareSummary', { n: visual.figures.diffPixels, r: regions.length })} {comparison.data?.cached ? t('cachedResult') : ''}
          {visual.figures.resized === true && <span className="muted"> · {t('resizedNote')}</span>}
        </p>
      )}
      <CompareViewer
        key={`${deliverable}-${pair.a}-${pair.b}`}
        referenceId={pair.a}
        draftId={pair.b}
        labels={{ reference: label('A', pair.a), draft: label('B', pair.b) }}
        diffPath={visual ? artefactPath(visual, 'diff') : undefined}
        regions={regions}
        size={typeof visual?.figures.width === 'number' ? { width: visual.figures.width, height: visual.figures.height as number } : undefined}
        mode={mode}
        onMode={setMode}
        focusRegion={region}
        onFocusRegion={setRegion}
      />
      <section>
        <h3>{t('ocrDiff')}</h3>
        <OcrDiff check={comparison.data?.ocr} />
      </section>
      </>}
    </div>
  );
}
