import { useEffect, useEffectEvent, useRef, type PointerEvent, type ReactNode } from 'react';
import type { Region } from '../jobs/artefact';
import { zoomAt, type Size, type View } from './zoom-view';

interface Props {
  label: string;
  view: View;
  image: Size;
  onView: (v: View) => void;
  onSize?: (s: Size) => void;
  regions: Region[];
  activeRegion?: number;
  /** Shown instead of the layers when there is nothing to show. */
  empty?: string;
  children?: ReactNode;
}

/**
 * A pane that shows image layers under a shared zoom/pan transform: wheel to
 * zoom at the pointer, drag to pan. Panes given the same `view` move together.
 */
export function ZoomPane({ label, view, image, onView, onSize, regions, activeRegion, empty, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);

  // The wheel listener is added once (non-passive, to keep the page from scrolling) and zooms from the view shown now.
  const zoomByWheel = useEffectEvent((e: WheelEvent, el: HTMLDivElement) => {
    e.preventDefault();
    const r = el.getBoundingClientRect();
    onView(zoomAt(view, e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - r.left, e.clientY - r.top));
  });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => zoomByWheel(e, el);
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el || !onSize) return;
    const report = () => onSize({ width: el.clientWidth, height: el.clientHeight });
    report();
    const ro = new ResizeObserver(report);
    ro.observe(el);
    return () => ro.disconnect();
  }, [onSize]);

  const onPointerDown = (e: PointerEvent) => {
    drag.current = { x: e.clientX, y: e.clientY };
    (e.target as Element).setPointerCapture?.(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent) => {
    if (!drag.current) return;
    const dx = e.clientX - drag.current.x;
    const dy = e.clientY - drag.current.y;
    drag.current = { x: e.clientX, y: e.clientY };
    onView({ ...view, x: view.x + dx, y: view.y + dy });
  };
  const end = () => {
    drag.current = null;
  };

  return (
    <div className="zoom-pane" ref={ref} aria-label={label} role="img" onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={end} onPointerCancel={end}>
      <div className="zoom-layer" style={{ width: image.width, height: image.height, transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}>
        {children}
        {regions.map((r, i) => (
          <div
            key={i}
            className={`region-box${i === activeRegion ? ' active' : ''}`}
            style={{ left: r.x, top: r.y, width: r.width, height: r.height, borderWidth: 2 / view.scale }}
          />
        ))}
      </div>
      {empty && <div className="pane-empty">{empty}</div>}
      <span className="pane-label">{label}</span>
    </div>
  );
}
