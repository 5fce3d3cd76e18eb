/** Where a command writes, and how: colour only on a terminal, never with NO_COLOR. */
export interface Output {
  write(text: string): void;
  color: boolean;
}

const codes = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
export type Color = keyof typeof codes;

export function paint(out: Output, color: Color | undefined, text: string): string {
  return out.color && color ? `\u001b[${codes[color]}m${text}\u001b[0m` : text;
}

const statusColors: Record<string, Color> = {
  delivered: 'green',
  dead: 'red',
  retrying: 'yellow',
  running: 'cyan',
  cancelled: 'dim',
  paused: 'yellow',
  ended: 'dim',
  active: 'green',
};

/** A status in its colour, padded to `width` before painting so columns stay aligned. */
export const paintStatus = (out: Output, status: string, width = 0) =>
  paint(out, statusColors[status], status.padEnd(width));

// eslint-disable-next-line no-control-regex
const visibleWidth = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length;

/** Rows under a header, each column as wide as its widest cell (colour codes take no room). */
export function table(out: Output, header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => visibleWidth(row[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visibleWidth(cell))))
      .join('  ')
      .trimEnd();
  return [paint(out, 'bold', line(header)), ...rows.map(line)].join('\n') + '\n';
}

/** `label  value` lines with the labels aligned, for one record. */
export function fields(entries: [label: string, value: string | undefined][]): string {
  const shown = entries.filter((entry): entry is [string, string] => entry[1] !== undefined);
  const width = Math.max(...shown.map(([label]) => label.length));
  return shown.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n') + '\n';
}

export const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
