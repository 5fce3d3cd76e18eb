import { parseArgs } from 'node:util';
import type { LaterClient } from '../client.js';
import type { Output } from './output.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Shown in --help, e.g. `URL`; boolean options have none. */
  value?: string;
  description: string;
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface CommandContext {
  out: Output;
  err: Output;
  env: NodeJS.ProcessEnv;
  /** `--json`: machine-readable output, one JSON document (or one per line for a stream). */
  json: boolean;
  /** A client for the stored login, LATER_URL and LATER_API_KEY taking precedence. */
  client(): Promise<LaterClient>;
  /** Asks on the terminal; undefined when stdin is not one. */
  prompt: ((question: string, options?: { secret?: boolean }) => Promise<string>) | undefined;
  /** Aborted on Ctrl-C, for a long-running command (tail) to end cleanly; asking for it takes Ctrl-C over. */
  interrupted(): AbortSignal;
}

export interface Command {
  /** The words that name it: `['tasks', 'create']`. */
  path: string[];
  /** What follows the words in the usage line, e.g. `--url URL [--in 2h]`. */
  synopsis: string;
  summary: string;
  options: Record<string, OptionSpec>;
  /** Names of the positional arguments, in order; all required. */
  positionals?: string[];
  run(context: CommandContext, values: OptionValues, positionals: string[]): Promise<void>;
}

/** A mistake in the command line: shown with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

/** A bad option value found while running (`--in soon`): reported like a UsageError. */
export class ArgumentError extends Error {}

const commonOptions: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print JSON instead of text, for scripts' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

export type Parsed =
  { kind: 'run'; command: Command; values: OptionValues; positionals: string[] } | { kind: 'help'; text: string };

/**
 * Finds the command the leading words of `argv` name and parses the rest with util.parseArgs
 * (strict: an unknown option is a usage error). `--help` anywhere, or a group's name alone
 * (`later tasks`), asks for help.
 */
export function parseCommandLine(argv: string[], commands: Command[]): Parsed {
  const words: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('-')) break;
    words.push(arg);
  }
  const command = commands
    .filter((c) => c.path.every((word, i) => words[i] === word))
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (!command) {
    const group = commands.filter((c) => words.length > 0 && c.path[0] === words[0]);
    const known = words.length === 0 || group.length > 0;
    if (known && (words.length <= 1 || argv.includes('--help') || argv.includes('-h'))) {
      return { kind: 'help', text: overview(group.length > 0 ? group : commands) };
    }
    if (words.length === 0 && !argv.includes('--help') && !argv.includes('-h')) {
      throw new UsageError(`unknown option ${argv[0]}`, overview(commands));
    }
    throw new UsageError(`unknown command: ${words.join(' ')}`, overview(group.length > 0 ? group : commands));
  }
  const options = { ...command.options, ...commonOptions };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(command.path.length),
      options: Object.fromEntries(
        Object.entries(options).map(([name, spec]) => [
          name,
          spec.short ? { type: spec.type, short: spec.short } : { type: spec.type },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message, help(command));
  }
  if (parsed.values.help) return { kind: 'help', text: help(command) };
  const expected = command.positionals ?? [];
  if (parsed.positionals.length !== expected.length) {
    const message =
      parsed.positionals.length < expected.length
        ? `missing ${expected.slice(parsed.positionals.length).join(', ')}`
        : `unexpected argument ${parsed.positionals[expected.length]}`;
    throw new UsageError(message, help(command));
  }
  return { kind: 'run', command, values: parsed.values as OptionValues, positionals: parsed.positionals };
}

const usageLine = (command: Command) =>
  `later ${command.path.join(' ')}${command.synopsis ? ` ${command.synopsis}` : ''}`;

export function help(command: Command): string {
  const options = Object.entries({ ...command.options, ...commonOptions }).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return [flag, spec.description] as const;
  });
  const width = Math.max(...options.map(([flag]) => flag.length));
  return [
    `Usage: ${usageLine(command)}`,
    '',
    command.summary,
    '',
    'Options:',
    ...options.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`),
    '',
  ].join('\n');
}

function overview(commands: Command[]): string {
  const name = (command: Command) => `later ${command.path.join(' ')}`;
  const width = Math.max(...commands.map((c) => name(c).length));
  return [
    'Usage: later <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${name(c).padEnd(width)}  ${c.summary.split('\n')[0]}`),
    '',
    'Every command takes --help and --json. LATER_URL and LATER_API_KEY override the stored login.',
    '',
  ].join('\n');
}
