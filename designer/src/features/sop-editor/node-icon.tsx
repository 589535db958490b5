import type { NodeType } from '../../../../core/sop/types';

const PATHS: Record<NodeType | 'sop' | 'edge', string> = {
  start: 'M5 3.5v9l7-4.5z',
  end: 'M4 4h8v8H4z',
  task: 'M3 13l1-3.5L10.5 3 13 5.5 6.5 12zM9 4.5l2.5 2.5',
  check: 'M3 8.5l3 3 7-7',
  accept: 'M2 9.5l2-2 2.5 1.5L10 5.5l4 3.5M6.5 9l2 2M8.5 8l2 2',
  review: 'M1.5 8s2.5-4.5 6.5-4.5S14.5 8 14.5 8s-2.5 4.5-6.5 4.5S1.5 8 1.5 8zM8 6a2 2 0 100 4 2 2 0 000-4z',
  parallel: 'M3 8h3M6 8l3-4h4M6 8l3 4h4',
  join: 'M3 4h4l3 4M3 12h4l3-4M10 8h3',
  wait: 'M8 2.5a5.5 5.5 0 100 11 5.5 5.5 0 000-11zM8 5v3.2l2 1.3',
  notify: 'M2.5 4h11v8h-11zM2.5 4.5L8 8.5l5.5-4',
  sop: 'M8 5.5a2.5 2.5 0 100 5 2.5 2.5 0 000-5zM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
  edge: 'M2 8h10M9 5l3 3-3 3',
};

/** A small line icon per node type (no emoji: fonts on servers and phones differ). */
export function NodeIcon({ type, size = 14 }: { type: NodeType | 'sop' | 'edge'; size?: number }) {
  const filled = type === 'start' || type === 'end';
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={PATHS[type] ?? PATHS.task} fill={filled ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
