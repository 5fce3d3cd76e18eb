import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { createLaterClient } from '../client.js';
import { LaterError } from '../errors.js';
import { ArgumentError, parseCommandLine, UsageError, type Command, type CommandContext } from './command.js';
import { loginCommand } from './commands/login.js';
import { remindCommand } from './commands/remind.js';
import { scheduleCommands } from './commands/schedules.js';
import { tailCommand } from './commands/tail.js';
import { taskCommands } from './commands/tasks.js';
import { resolveLogin } from './config.js';
import { paint, type Output } from './output.js';

export const commands: Command[] = [loginCommand, ...taskCommands, remindCommand, ...scheduleCommands, tailCommand];

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** A signal aborted on Ctrl-C; handling starts when first asked for. */
  interruptSignal(): AbortSignal;
}

/** Runs one command line; returns the exit code (0 done, 1 failed, 2 a mistake in the command line). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const output = (stream: CliIo['stdout']): Output => ({
    write: (text) => void stream.write(text),
    color: Boolean(stream.isTTY) && !io.env.NO_COLOR,
  });
  const out = output(io.stdout);
  const err = output(io.stderr);
  const asJson = argv.includes('--json');
  let parsed;
  try {
    parsed = parseCommandLine(argv, commands);
    if (parsed.kind === 'help') {
      out.write(parsed.text);
      return 0;
    }
    const context: CommandContext = {
      out,
      err,
      env: io.env,
      json: Boolean(parsed.values.json),
      client: async () => {
        const login = await resolveLogin(io.env);
        return createLaterClient({ baseUrl: login.url, apiKey: login.apiKey });
      },
      prompt: io.stdin.isTTY ? (question, options) => ask(io, question, options?.secret ?? false) : undefined,
      interrupted: io.interruptSignal,
    };
    await parsed.command.run(context, parsed.values, parsed.positionals);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`${paint(err, 'red', `later: ${error.message}`)}\n\n${error.usage}`);
      return 2;
    }
    if (error instanceof ArgumentError && parsed?.kind === 'run') {
      err.write(
        `${paint(err, 'red', `later: ${error.message}`)}\nSee: later ${parsed.command.path.join(' ')} --help\n`,
      );
      return 2;
    }
    if (error instanceof LaterError) {
      if (asJson) err.write(`${JSON.stringify({ status: error.status, error: error.error, issues: error.issues })}\n`);
      else
        err.write(
          `${paint(err, 'red', `later: ${error.error}`)}\n${issuesNotIn(error)
            .map((i) => `  ${i.path}: ${i.message}\n`)
            .join('')}`,
        );
      return 1;
    }
    err.write(`${paint(err, 'red', `later: ${(error as Error).message}`)}\n`);
    return 1;
  }
}

/** The issues the message does not already say (`webhook.url must be...` names its first issue). */
const issuesNotIn = (error: LaterError) =>
  error.issues.filter((issue) => !error.error.includes(`${issue.path} ${issue.message}`));

/** Asks one question on the terminal; a secret's answer is not echoed. */
async function ask(io: CliIo, question: string, secret: boolean): Promise<string> {
  let muted = false;
  const echo = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) io.stderr.write(String(chunk));
      done();
    },
  });
  const terminal = createInterface({ input: io.stdin, output: echo, terminal: true });
  try {
    const answer = terminal.question(question);
    // The question is written by now; what is typed from here on is not echoed.
    muted = secret;
    return await answer;
  } finally {
    terminal.close();
    if (secret) io.stderr.write('\n');
  }
}
