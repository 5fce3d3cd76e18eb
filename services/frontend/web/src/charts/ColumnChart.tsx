export interface Column {
  label: string;
  value: number;
  /** Shown above the column instead of the bare number. */
  display?: string;
  tone?: 'accent' | 'warn' | 'bad' | 'good';
}

/** Vertical columns with their values on top; scales to its box, which keeps a fixed height. */
export function ColumnChart({ columns, title, height = 180 }: { columns: Column[]; title: string; height?: number }) {
  const width = 320;
  const top = 22;
  const bottom = 28;
  const max = Math.max(1, ...columns.map((c) => c.value));
  const slot = width / Math.max(1, columns.length);
  const barWidth = Math.min(48, slot * 0.6);
  const plot = height - top - bottom;
  const summary = columns.map((c) => `${c.label}: ${c.display ?? c.value}`).join(', ');
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${title}. ${summary}`}
      preserveAspectRatio="xMidYMid meet"
    >
      <line x1={0} x2={width} y1={top + plot} y2={top + plot} className="chart-axis" />
      {columns.map((c, i) => {
        const h = c.value === 0 ? 0 : Math.max(2, (c.value / max) * plot);
        const x = i * slot + (slot - barWidth) / 2;
        return (
          <g key={c.label}>
            <rect
              x={x}
              y={top + plot - h}
              width={barWidth}
              height={h}
              rx={3}
              className={`bar bar-${c.tone ?? 'accent'}`}
            />
            <text x={x + barWidth / 2} y={top + plot - h - 6} textAnchor="middle" className="chart-value">
              {c.display ?? c.value}
            </text>
            <text x={i * slot + slot / 2} y={height - 9} textAnchor="middle" className="chart-label">
              {c.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
