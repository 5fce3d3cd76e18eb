/** One sample line of a Prometheus text exposition: `name{label="value",...} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  status: number;
  /** How long the answer took (ms). */
  elapsedMs: number;
  samples: Sample[];
  /** The value of the sample named `name` with exactly `labels`, or undefined when there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** Whether the scrape declares a metric family of this name (`# TYPE name ...`), with or without samples. */
  declares(name: string): boolean;
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Reads `text` in Prometheus' text format (what GET /metrics answers). */
export function parsePrometheusText(text: string): Pick<Scrape, 'samples' | 'value' | 'declares'> {
  const samples: Sample[] = [];
  const declared = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) declared.add(line.split(' ')[2]!);
    const match = sampleLine.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(labelPair))
      labels[key!] = value!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  const sameLabels = (a: Record<string, string>, b: Record<string, string>) =>
    Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);
  return {
    samples,
    value: (name, labels = {}) => samples.find((s) => s.name === name && sameLabels(s.labels, labels))?.value,
    declares: (name) => declared.has(name),
  };
}

/** GET `<serviceUrl>/metrics`, parsed. */
export async function scrapeMetrics(serviceUrl: string): Promise<Scrape> {
  const started = Date.now();
  const res = await fetch(new URL('/metrics', serviceUrl), { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  return { status: res.status, elapsedMs: Date.now() - started, ...parsePrometheusText(text) };
}
