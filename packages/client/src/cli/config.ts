import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** What `later login` stores. */
export interface StoredLogin {
  url: string;
  apiKey: string;
}

/** `$XDG_CONFIG_HOME/later/config.json`, or `~/.config/later/config.json`. */
export function configPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'later', 'config.json');
}

export async function readLogin(path: string): Promise<Partial<StoredLogin>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    const { url, apiKey } = parsed as Partial<StoredLogin>;
    return { ...(typeof url === 'string' ? { url } : {}), ...(typeof apiKey === 'string' ? { apiKey } : {}) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
}

/**
 * Writes the login readable by its owner only (0600, in a 0700 directory). It goes to a
 * temporary file first, created 0600, and is renamed over the old one: the key is never in a
 * file others can read, not even for a moment, and a crash never leaves half a file.
 */
export async function writeLogin(path: string, login: StoredLogin): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  // The mode given to writeFile is masked by the umask; chmod is not.
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}

/** The API to talk to: LATER_URL and LATER_API_KEY win over the stored login. */
export async function resolveLogin(env: NodeJS.ProcessEnv): Promise<StoredLogin> {
  const stored = await readLogin(configPath(env));
  const url = env.LATER_URL || stored.url;
  const apiKey = env.LATER_API_KEY || stored.apiKey;
  if (!url || !apiKey) throw new Error('not logged in: run `later login`, or set LATER_URL and LATER_API_KEY');
  return { url, apiKey };
}
