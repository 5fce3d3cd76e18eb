const steps: [unit: string, ms: number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/**
 * How far `at` is from `now`, the way people say it: `in 2h`, `3m ago`, `in 1h 30m`, `now`.
 * A second, smaller unit only while the first is under 10 (`1d 4h`, but `12d`), rounded to the
 * last unit shown, so a task created `--in 2h` a moment ago is `in 2h`, not `in 1h 59m`.
 * Beyond 60 days, the date itself.
 */
export function relativeTime(at: string | Date, now: number = Date.now()): string {
  const ms = new Date(at).getTime() - now;
  const distance = Math.abs(ms);
  if (distance < 1000) return 'now';
  if (distance >= 60 * 86_400_000) return new Date(at).toISOString().slice(0, 10);
  const first = steps.findIndex(([, size]) => distance >= size);
  const [unit, size] = steps[first]!;
  const next = steps[first + 1];
  let text: string;
  if (next && distance < 10 * size) {
    const ratio = size / next[1];
    const total = Math.round(distance / next[1]);
    const rest = total % ratio;
    text = `${Math.floor(total / ratio)}${unit}${rest > 0 ? ` ${rest}${next[0]}` : ''}`;
  } else {
    text = `${Math.round(distance / size)}${unit}`;
  }
  return ms > 0 ? `in ${text}` : `${text} ago`;
}
