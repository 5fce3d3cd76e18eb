import type { Stats } from '../api/client';
import { useWidth } from './useWidth';

/** Attempts finished per minute over the last hour: delivered stacked under failed. */
export function ThroughputChart({ minutes }: { minutes: Stats['throughput'] }) {
  const { ref, width } = useWidth<HTMLDivElement>(960);
  const height = 200;
  const top = 14;
  const bottom = 24;
  const left = 30;
  const plot = height - top - bottom;
  const max = niceCeiling(Math.max(...minutes.map((m) => m.delivered + m.failed)));
  const slot = (width - left) / Math.max(1, minutes.length);
  const y = (value: number) => top + plot - (value / max) * plot;
  const delivered = minutes.reduce((sum, m) => sum + m.delivered, 0);
  const failed = minutes.reduce((sum, m) => sum + m.failed, 0);
  const busiest = minutes.reduce((best, m) => Math.max(best, m.delivered + m.failed), 0);
  return (
    <div ref={ref} className="chart-box">
      <svg
        className="chart"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Attempts per minute over the last hour: ${delivered} delivered, ${failed} failed; busiest minute ${busiest}.`}
      >
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line
              x1={left}
              x2={width}
              y1={y(max * f)}
              y2={y(max * f)}
              className={f === 0 ? 'chart-axis' : 'chart-grid'}
            />
            <text x={left - 6} y={y(max * f) + 4} textAnchor="end" className="chart-label">
              {Math.round(max * f)}
            </text>
          </g>
        ))}
        {minutes.map((m, i) => {
          const x = left + i * slot + slot * 0.15;
          const w = slot * 0.7;
          return (
            <g key={m.minute}>
              {m.delivered > 0 ? (
                <rect x={x} y={y(m.delivered)} width={w} height={y(0) - y(m.delivered)} className="bar bar-good" />
              ) : null}
              {m.failed > 0 ? (
                <rect
                  x={x}
                  y={y(m.delivered + m.failed)}
                  width={w}
                  height={y(m.delivered) - y(m.delivered + m.failed)}
                  className="bar bar-bad"
                />
              ) : null}
            </g>
          );
        })}
        <text x={left} y={height - 6} className="chart-label">
          60 min ago
        </text>
        <text x={left + (width - left) / 2} y={height - 6} textAnchor="middle" className="chart-label">
          30 min ago
        </text>
        <text x={width} y={height - 6} textAnchor="end" className="chart-label">
          now
        </text>
      </svg>
    </div>
  );
}

/** The axis top: at least 4, else the next 1, 2 or 5 times a power of ten, so gridlines read well. */
function niceCeiling(value: number): number {
  if (value <= 4) return 4;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * power).find((top) => top >= value) ?? 10 * power;
}
