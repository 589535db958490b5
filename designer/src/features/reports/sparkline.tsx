/** A small inline SVG line of rates in [0, 1] (null: a gap); the last measured point is marked. */
export function Sparkline({ values, label, width = 96, height = 24 }: { values: Array<number | null>; label: string; width?: number; height?: number }) {
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const y = (v: number) => 2 + (1 - v) * (height - 4);
  const segments: string[] = [];
  let current = '';
  values.forEach((v, i) => {
    if (v === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? ' L' : 'M'}${(i * step).toFixed(1)},${y(v).toFixed(1)}`;
  });
  if (current) segments.push(current);
  const lastIndex = values.map((v, i) => (v === null ? -1 : i)).filter((i) => i >= 0).at(-1);
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      {segments.map((d) => (
        <path key={d} d={d} fill="none" stroke="currentColor" strokeWidth={1.5} />
      ))}
      {lastIndex !== undefined && <circle cx={lastIndex * step} cy={y(values[lastIndex]!)} r={2} fill="currentColor" />}
    </svg>
  );
}
