/** One line of the table: a metric measured for Later and, where it has one, for BullMQ. */
export interface ResultRow {
  scenario: string;
  metric: string;
  later: number;
  /** BullMQ's figure, or a reference (named in `versus`) where BullMQ has no such operation. */
  other?: number;
  versus?: string;
  /** Whether a higher figure is the better one (rates) or a lower (lateness, bytes, seconds). */
  higherIsBetter: boolean;
  /** The advantage issue 19 asks for, printed beside the one measured. */
  target?: number;
}

const format = (value: number | undefined): string => {
  if (value === undefined || Number.isNaN(value)) return '-';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
};

/** Later's advantage as a factor (>1 = Later better), whichever direction the metric goes. */
export function advantage(row: ResultRow): number | undefined {
  if (row.other === undefined || row.later === 0 || row.other === 0) return undefined;
  return row.higherIsBetter ? row.later / row.other : row.other / row.later;
}

/** A Markdown table: every run's figure, separated by `/`, and the advantage of the median. */
export function resultTable(runs: ResultRow[][]): string {
  const lines = [
    '| scenario | metric | Later | BullMQ (or reference) | Later advantage |',
    '| --- | --- | ---: | ---: | ---: |',
  ];
  const first = runs[0] ?? [];
  first.forEach((row, i) => {
    const all = runs.map((run) => run[i]).filter((r): r is ResultRow => r !== undefined);
    const median = (values: (number | undefined)[]) => {
      const defined = values.filter((v): v is number => v !== undefined && !Number.isNaN(v)).sort((a, b) => a - b);
      if (defined.length === 0) return undefined;
      const middle = (defined.length - 1) / 2;
      return (defined[Math.floor(middle)]! + defined[Math.ceil(middle)]!) / 2;
    };
    const later = all.map((r) => format(r.later)).join(' / ');
    const other =
      row.other === undefined
        ? '-'
        : `${all.map((r) => format(r.other)).join(' / ')}${row.versus ? ` (${row.versus})` : ''}`;
    const factor = advantage({
      ...row,
      later: median(all.map((r) => r.later))!,
      other: median(all.map((r) => r.other)),
    });
    const goal =
      row.target === undefined || factor === undefined
        ? ''
        : ` (target >= ${row.target}x: ${factor >= row.target ? 'met' : 'not met'})`;
    lines.push(
      `| ${row.scenario} | ${row.metric} | ${later} | ${other} | ${factor === undefined ? '-' : `${factor.toFixed(2)}x`}${goal} |`,
    );
  });
  return lines.join('\n');
}

/**
 * A Markdown table of Later's figures alone, one line per scenario and one column per metric
 * (each in the order first seen), every run's figure separated by `/`: for scenarios that
 * compare set-ups of Later with each other, where a BullMQ column would be all '-'.
 */
export function setupTable(runs: ResultRow[][]): string {
  const all = runs.flat();
  const scenarios = [...new Set(all.map((row) => row.scenario))];
  const metrics = [...new Set(all.map((row) => row.metric))];
  const cell = (scenario: string, metric: string) =>
    runs
      .map((run) => run.find((row) => row.scenario === scenario && row.metric === metric))
      .map((row) => format(row?.later))
      .join(' / ');
  return [
    `| scenario | ${metrics.join(' | ')} |`,
    `| --- |${' ---: |'.repeat(metrics.length)}`,
    ...scenarios.map((scenario) => `| ${scenario} | ${metrics.map((metric) => cell(scenario, metric)).join(' | ')} |`),
  ].join('\n');
}
