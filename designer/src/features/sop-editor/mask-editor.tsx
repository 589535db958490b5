import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { Rect } from '../../../../core/sop/types';
import { useEditorT } from './editor-messages';
import { moveRect, nudge, rectFromDrag, resizeRect, type ImageSize, type Point } from './mask-geometry';

type Drag =
  | { mode: 'draw'; start: Point; now: Point }
  | { mode: 'move' | 'resize'; index: number; start: Point; origin: Rect };

const pct = (v: number, of: number) => `${(v / of) * 100}%`;

/**
 * The visual check's ignore masks drawn on a reference image: drag on the image to add a mask, drag a mask to
 * move it, its corner to resize it; a focused mask moves with the arrow keys (Shift: 10 px), resizes with
 * Alt+arrows and goes with Delete. The image stays in the browser; only the numbers are saved.
 */
export function MaskEditor({ masks, onChange }: { masks: readonly Rect[]; onChange: (masks: Rect[]) => void }) {
  const t = useEditorT();
  const [image, setImage] = useState<{ url: string; name: string }>();
  const [size, setSize] = useState<ImageSize>();
  const [selected, setSelected] = useState<number>();
  const [drag, setDrag] = useState<Drag>();
  const stage = useRef<HTMLDivElement>(null);
  const maskRefs = useRef<Array<HTMLDivElement | null>>([]);

  useEffect(() => () => {
    if (image) URL.revokeObjectURL(image.url);
  }, [image]);

  const toImage = (e: { clientX: number; clientY: number }): Point => {
    const box = stage.current!.getBoundingClientRect();
    return { x: ((e.clientX - box.left) / (box.width || 1)) * size!.width, y: ((e.clientY - box.top) / (box.height || 1)) * size!.height };
  };
  const replace = (index: number, r: Rect) => onChange(masks.map((m, i) => (i === index ? r : m)));
  const capture = (e: PointerEvent) => stage.current?.setPointerCapture?.(e.pointerId);

  const onStageDown = (e: PointerEvent<HTMLDivElement>) => {
    if (!size || e.button !== 0) return;
    capture(e);
    const p = toImage(e);
    setSelected(undefined);
    setDrag({ mode: 'draw', start: p, now: p });
  };
  const onMaskDown = (index: number, mode: 'move' | 'resize') => (e: PointerEvent<HTMLElement>) => {
    if (!size || e.button !== 0) return;
    e.stopPropagation();
    capture(e);
    setSelected(index);
    maskRefs.current[index]?.focus();
    setDrag({ mode, index, start: toImage(e), origin: masks[index]! });
  };
  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag || !size) return;
    const p = toImage(e);
    if (drag.mode === 'draw') setDrag({ ...drag, now: p });
    else {
      const dx = p.x - drag.start.x;
      const dy = p.y - drag.start.y;
      replace(drag.index, drag.mode === 'move' ? moveRect(drag.origin, dx, dy, size) : resizeRect(drag.origin, dx, dy, size));
    }
  };
  const onUp = (e: PointerEvent<HTMLDivElement>) => {
    if (drag?.mode === 'draw' && size) {
      const r = rectFromDrag(drag.start, toImage(e), size);
      if (r) {
        onChange([...masks, r]);
        setSelected(masks.length);
      }
    }
    setDrag(undefined);
  };
  const onMaskKey = (index: number) => (e: KeyboardEvent<HTMLDivElement>) => {
    if (!size) return;
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      onChange(masks.filter((_, i) => i !== index));
      setSelected(undefined);
      return;
    }
    if (e.key === 'Escape') {
      setSelected(undefined);
      stage.current?.focus();
      return;
    }
    const next = nudge(masks[index]!, e, size);
    if (next) {
      e.preventDefault();
      replace(index, next);
    }
  };
  const pickImage = (file: File | undefined) => {
    if (!file) return;
    setSize(undefined);
    setImage({ url: URL.createObjectURL(file), name: file.name });
  };
  const addCentred = () => {
    if (!size) return;
    const width = Math.max(1, Math.round(size.width / 5));
    const height = Math.max(1, Math.round(size.height / 5));
    onChange([...masks, { x: Math.round((size.width - width) / 2), y: Math.round((size.height - height) / 2), width, height }]);
    setSelected(masks.length);
  };

  const drawing = drag?.mode === 'draw' && size ? rectFromDrag(drag.start, drag.now, size) : undefined;
  return (
    <div className="mask-editor stack tight">
      <div className="row">
        <label className="btn small">
          {image ? t('maskChangeImage') : t('maskChooseImage')}
          <input type="file" accept="image/png,image/jpeg,image/webp,image/gif" className="sr-only" aria-label={t('maskChooseImage')} onChange={(e) => pickImage(e.target.files?.[0])} />
        </label>
        {image && <span className="muted small">{image.name}{size ? ` · ${size.width}×${size.height}` : ''}</span>}
        {size && (
          <button type="button" className="btn small" onClick={addCentred}>
            {t('maskAdd')}
          </button>
        )}
      </div>
      {!image && <p className="muted small">{t('maskHint')}</p>}
      {image && (
        <>
          <p className="muted small">{t('maskKeys')}</p>
          <div
            ref={stage}
            className="mask-stage"
            role="application"
            aria-label={t('maskStage')}
            tabIndex={-1}
            onPointerDown={onStageDown}
            onPointerMove={onMove}
            onPointerUp={onUp}
            onPointerCancel={() => setDrag(undefined)}
          >
            <img src={image.url} alt={image.name} draggable={false} onLoad={(e) => setSize({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })} />
            {size && masks.map((m, i) => (
              <div
                key={i}
                ref={(el) => { maskRefs.current[i] = el; }}
                className={`mask-rect ${i === selected ? 'on' : ''}`}
                role="button"
                tabIndex={0}
                aria-pressed={i === selected}
                aria-label={t('maskLabel', { n: i + 1, x: m.x, y: m.y, w: m.width, h: m.height })}
                style={{ left: pct(m.x, size.width), top: pct(m.y, size.height), width: pct(m.width, size.width), height: pct(m.height, size.height) }}
                onPointerDown={onMaskDown(i, 'move')}
                onFocus={() => setSelected(i)}
                onKeyDown={onMaskKey(i)}
              >
                <span className="mask-number">{i + 1}</span>
                <span className="mask-handle" aria-hidden="true" data-testid={`mask-handle-${i + 1}`} onPointerDown={onMaskDown(i, 'resize')} />
              </div>
            ))}
            {drawing && size && (
              <div className="mask-rect drawing" style={{ left: pct(drawing.x, size.width), top: pct(drawing.y, size.height), width: pct(drawing.width, size.width), height: pct(drawing.height, size.height) }} />
            )}
          </div>
        </>
      )}
    </div>
  );
}
