/** Horizontal bars, most first: for counts by name (failures by error class, by host). */
export function BarList({
  rows,
  title,
  tone = 'bad',
}: {
  rows: { name: string; count: number }[];
  title: string;
  tone?: 'bad' | 'accent';
}) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <ul className="bar-list" aria-label={title}>
      {rows.map((r) => (
        <li key={r.name}>
          <span className="bar-list-name">{r.name}</span>
          <span className="bar-list-track" aria-hidden="true">
            <span className={`bar-list-fill bar-${tone}`} style={{ width: `${(r.count / max) * 100}%` }} />
          </span>
          <span className="bar-list-count">{r.count}</span>
        </li>
      ))}
    </ul>
  );
}
