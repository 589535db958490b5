import { useCallback, useEffect, useState } from 'react';
import { isSingleKeyShortcut, useSingleKeyShortcuts } from '../../lib/keyboard';
import { useFileUrl, useImageUrl } from '../../lib/use-file-url';
import type { Region } from '../jobs/artefact';
import { useQaT } from './qa-messages';
import { ZoomPane } from './zoom-pane';
import { fitView, viewOfRegion, type Size, type View } from './zoom-view';

export type CompareMode = 'side' | 'overlay' | 'swipe' | 'heatmap';
export const COMPARE_MODES: readonly CompareMode[] = ['side', 'overlay', 'swipe', 'heatmap'];

interface Props {
  referenceId?: string;
  draftId?: string;
  /** API path of the diff image (built on first open for a check's result). */
  diffPath?: string;
  regions: Region[];
  /** Image size from the visual check, if known (else read from the images). */
  size?: Size;
  mode: CompareMode;
  onMode: (m: CompareMode) => void;
  focusRegion?: number;
  onFocusRegion: (i: number | undefined) => void;
  /** Names of the two sides when they are not the reference and the draft (e.g. `A · v1`, `B · v3`). */
  labels?: { reference: string; draft: string };
}

function Img({ url, alt, className, onSize }: { url?: string; alt: string; className?: string; onSize?: (s: Size) => void }) {
  if (!url) return null;
  return <img src={url} alt={alt} className={`layer-img ${className ?? ''}`} draggable={false} onLoad={(e) => onSize?.({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })} />;
}

/** Draft vs reference: side by side, overlay, swipe or diff heatmap, with one synchronised zoom/pan. */
export function CompareViewer({ referenceId, draftId, diffPath, regions, size, mode, onMode, focusRegion, onFocusRegion, labels }: Props) {
  const qaT = useQaT();
  const t = (key: Parameters<typeof qaT>[0]) => (key === 'reference' || key === 'draft' ? labels?.[key] ?? qaT(key) : qaT(key));
  const ref = useFileUrl(referenceId);
  const draft = useFileUrl(draftId);
  const diff = useImageUrl(diffPath);
  const [image, setImage] = useState<Size>(size ?? { width: 0, height: 0 });
  const [pane, setPane] = useState<Size>({ width: 0, height: 0 });
  const [view, setView] = useState<View>({ scale: 1, x: 0, y: 0 });
  const [shortcuts] = useSingleKeyShortcuts();
  const [opacity, setOpacity] = useState(0.5);
  const [split, setSplit] = useState(50);
  const onImageSize = useCallback((s: Size) => setImage((prev) => (prev.width ? prev : s)), []);
  const fit = useCallback(() => setView(fitView(image, pane)), [image, pane]);

  useEffect(() => fit(), [fit, mode]);
  useEffect(() => {
    const r = focusRegion !== undefined ? regions[focusRegion] : undefined;
    if (r && pane.width) setView(viewOfRegion(r, pane));
  }, [focusRegion, regions, pane]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isSingleKeyShortcut(e, shortcuts)) return;
      const c = { x: pane.width / 2, y: pane.height / 2 };
      const zoom = (f: number) => setView((v) => ({ scale: v.scale * f, x: c.x - (c.x - v.x) * f, y: c.y - (c.y - v.y) * f }));
      if (e.key === '+' || e.key === '=') zoom(1.25);
      else if (e.key === '-') zoom(0.8);
      else if (e.key === '0') {
        onFocusRegion(undefined);
        fit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pane, fit, onFocusRegion, shortcuts]);

  const common = { view, image, onView: setView, onSize: setPane, regions, activeRegion: focusRegion };
  return (
    <div className="compare">
      <div className="compare-toolbar">
        <div className="segmented" role="tablist" aria-label="mode">
          {COMPARE_MODES.map((m) => (
            <button key={m} type="button" role="tab" aria-selected={mode === m} data-mode={m} className={mode === m ? 'on' : ''} onClick={() => onMode(m)}>
              {t(m)}
            </button>
          ))}
        </div>
        {mode === 'overlay' && (
          <label className="slider">
            <span>{t('opacity')}</span>
            <input type="range" min={0} max={1} step={0.01} value={opacity} onChange={(e) => setOpacity(Number(e.target.value))} />
          </label>
        )}
        {mode === 'swipe' && (
          <label className="slider">
            <span>{t('position')}</span>
            <input type="range" min={0} max={100} step={0.5} value={split} onChange={(e) => setSplit(Number(e.target.value))} />
          </label>
        )}
        <div className="zoom-buttons">
          <button type="button" className="btn small icon" aria-label={t('zoomOut')} onClick={() => setView((v) => ({ ...v, scale: v.scale * 0.8 }))}>
            −
          </button>
          <span className="zoom-level">{Math.round(view.scale * 100)}%</span>
          <button type="button" className="btn small icon" aria-label={t('zoomIn')} onClick={() => setView((v) => ({ ...v, scale: v.scale * 1.25 }))}>
            +
          </button>
          <button type="button" className="btn small" onClick={() => { onFocusRegion(undefined); fit(); }}>
            {t('fit')}
          </button>
        </div>
      </div>
      <div className={`compare-stage mode-${mode}`}>
        {mode === 'side' && (
          <>
            <ZoomPane label={t('reference')} {...common} empty={referenceId ? undefined : t('noReference')}>
              <Img url={ref.url} alt={t('reference')} onSize={onImageSize} />
            </ZoomPane>
            <ZoomPane label={t('draft')} {...common} onSize={undefined} empty={draftId ? undefined : t('noDraft')}>
              <Img url={draft.url} alt={t('draft')} onSize={onImageSize} />
            </ZoomPane>
          </>
        )}
        {mode === 'overlay' && (
          <ZoomPane label={`${t('reference')} + ${t('draft')}`} {...common}>
            <Img url={ref.url} alt={t('reference')} onSize={onImageSize} />
            <div className="layer-abs" style={{ opacity }}>
              <Img url={draft.url} alt={t('draft')} />
            </div>
          </ZoomPane>
        )}
        {mode === 'swipe' && (
          <ZoomPane label={`${t('draft')} | ${t('reference')}`} {...common}>
            <Img url={ref.url} alt={t('reference')} onSize={onImageSize} />
            <div className="layer-abs" style={{ clipPath: `inset(0 ${100 - split}% 0 0)` }}>
              <Img url={draft.url} alt={t('draft')} />
            </div>
            <div className="swipe-line" style={{ left: `${split}%`, width: 2 / view.scale }} />
          </ZoomPane>
        )}
        {mode === 'heatmap' && (
          <ZoomPane label={t('heatmap')} {...common} empty={diffPath ? undefined : t('noDiff')}>
            <Img url={diff.url} alt={t('heatmap')} onSize={onImageSize} />
          </ZoomPane>
        )}
      </div>
    </div>
  );
}
