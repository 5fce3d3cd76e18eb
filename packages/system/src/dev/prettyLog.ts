/** pino's numeric levels, as a terminal reader wants them: a name, coloured by how much it matters. */
const levels: Record<number, { name: string; colour: string }> = {
  10: { name: 'TRACE', colour: '\x1b[90m' },
  20: { name: 'DEBUG', colour: '\x1b[90m' },
  30: { name: 'INFO ', colour: '\x1b[32m' },
  40: { name: 'WARN ', colour: '\x1b[33m' },
  50: { name: 'ERROR', colour: '\x1b[31m' },
  60: { name: 'FATAL', colour: '\x1b[41m' },
};
const reset = '\x1b[0m';
const dim = '\x1b[2m';

/** Fields every line has, shown as the time and level or not at all (the label already names the service). */
const hidden = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg']);

const show = (value: unknown) => (typeof value === 'string' && !/[\s"=]/.test(value) ? value : JSON.stringify(value));

/**
 * One pino JSON line as a person reads it: `12:00:01.234 INFO  message key=value ...`, with an
 * error's stack on lines of its own. Anything that is not a pino line comes back unchanged.
 */
export function prettyLogLine(line: string, colour = true): string {
  if (!line.startsWith('{')) return line;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof entry.level !== 'number' || typeof entry.time !== 'number') return line;
  const level = levels[entry.level] ?? { name: String(entry.level), colour: '' };
  const time = new Date(entry.time).toISOString().slice(11, 23);
  const err = entry.err as { stack?: string } | undefined;
  const fields = Object.entries(entry)
    .filter(([key]) => !hidden.has(key) && key !== 'err')
    .map(([key, value]) => `${key}=${show(value)}`)
    .join(' ');
  const paint = (code: string, text: string) => (colour ? `${code}${text}${reset}` : text);
  const stack = err?.stack ? `\n${err.stack}` : err ? ` err=${JSON.stringify(err)}` : '';
  return `${paint(dim, time)} ${paint(level.colour, level.name)} ${String(entry.msg ?? '')}${fields ? ` ${paint(dim, fields)}` : ''}${stack}`;
}

/** What `npm run dev` prints of a service's line: readable in a terminal, the JSON as is when piped (to a file, or jq). */
export const devLogLine = (line: string): string => (process.stdout.isTTY ? prettyLogLine(line) : line);
