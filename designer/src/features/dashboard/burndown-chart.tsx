import type { Locale } from '../../lib/i18n';
import { formatShortDate } from '../../lib/time';
import type { BurndownPoint } from './analytics';

const W = 560;
const H = 200;
const PAD = { left: 32, right: 12, top: 12, bottom: 26 };

interface Props {
  points: BurndownPoint[];
  zone: string;
  locale: Locale;
  title: string;
  seriesLabel: string;
  /** An ideal line (dashed), over the whole period — it may run past the last counted day. */
  ideal?: BurndownPoint[];
  idealLabel?: string;
}

/** What was open at the end of each day, as an area line in plain SVG (no chart library); optionally an ideal line. */
export function BurndownChart({ points, zone, locale, title, seriesLabel, ideal = [], idealLabel = '' }: Props) {
  if (points.length === 0 && ideal.length === 0) return null;
  const all = [...points, ...ideal];
  const max = Math.max(1, ...all.map((p) => Math.ceil(p.open)));
  const first = Math.min(...all.map((p) => p.day));
  const last = Math.max(...all.map((p) => p.day));
  const span = Math.max(last - first, 1);
  const x = (day: number) => PAD.left + ((day - first) / span) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.day).toFixed(1)},${y(p.open).toFixed(1)}`).join(' ');
  const ticks = [...new Set([0, Math.round(max / 2), max])];
  const now = points[points.length - 1];
  const idealLine = ideal.map((p, i) => `${i ? 'L' : 'M'}${x(p.day).toFixed(1)},${y(p.open).toFixed(1)}`).join(' ');
  return (
    <figure className="burndown">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${seriesLabel} ${now?.open ?? '—'}`} preserveAspectRatio="none">
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="grid-line" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="axis-label">
              {v}
            </text>
          </g>
        ))}
        <text x={PAD.left} y={H - 6} className="axis-label">
          {formatShortDate(first, zone, locale)}
        </text>
        <text x={W - PAD.right} y={H - 6} textAnchor="end" className="axis-label">
          {formatShortDate(last, zone, locale)}
        </text>
        {points.length > 0 && <path d={`${line} L${x(points[points.length - 1]!.day)},${y(0)} L${x(points[0]!.day)},${y(0)} Z`} className="series-area" />}
        {points.length > 0 && <path d={line} className="series open" />}
        {ideal.length > 0 && (
          <path d={idealLine} className="series ideal" data-testid="ideal-line">
            <title>{idealLabel}</title>
          </path>
        )}
        {points.map((p) => (
          <circle key={p.day} cx={x(p.day)} cy={y(p.open)} r={2.5} className="series-dot">
            <title>{`${formatShortDate(p.day, zone, locale)}: ${seriesLabel} ${p.open}`}</title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}
