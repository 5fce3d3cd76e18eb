/**
 * `npm run dev`: the whole of Later on this machine. A private redis-server with AOF under
 * .data/redis (or REDIS_URL), Postgres from DATABASE_URL (or a private cluster under
 * .data/postgres, from the binaries npm installed), then the frontend, one sender and three scheduler replicas. Ctrl-C stops all
 * gracefully; a second Ctrl-C kills all at once. Killed outright, it leaves nothing either: the
 * services watch this process (LATER_PARENT_PID) and a guard process stops Redis and Postgres.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { MissingPrerequisite } from '../prerequisites.js';
import { startPostgresServer, type PostgresServerHandle } from '../postgresServer.js';
import { startRedisServer, type RedisServerHandle } from '../redisServer.js';
import { repoRoot } from '../serviceProcess.js';
import { startStack, type Stack } from '../stack.js';
import { startDevCatchers, type DevCatchers } from '../dev/catchers.js';
import { devServiceEnv } from '../dev/serviceEnv.js';
import { devSettings, schemaKeys } from '../dev/settings.js';
import { devBanner } from '../dev/banner.js';
import { ensureDevUser, type DevUser } from '../dev/devUser.js';

const dataDir = process.env.DEV_DATA_DIR ?? `${repoRoot}.data`;
const portBase = Number(process.env.DEV_PORT_BASE ?? 8080);
const ports = { frontend: portBase, scheduler: portBase + 1, sender: portBase + 2, inbox: portBase + 3 };
const say = (line: string) => process.stdout.write(`[dev] ${line}\n`);

let redis: RedisServerHandle | undefined;
let postgres: PostgresServerHandle | undefined;
let stack: Stack | undefined;
let catchers: DevCatchers | undefined;
let devUser: DevUser | undefined;

async function stopAll(code: number): Promise<never> {
  say('stopping...');
  await stack?.stop().catch(() => undefined);
  await redis?.stop().catch(() => undefined);
  await postgres?.stop().catch(() => undefined);
  await catchers?.close().catch(() => undefined);
  process.exit(code);
}

/** SIGKILL to every process this run started, sent before this returns: nothing is left to wait on. */
function killAllNow(): void {
  for (const service of stack ? [stack.frontend, ...stack.schedulers, ...stack.senders] : []) void service.kill();
  // Postgres' postmaster has children of its own: kill the process group each server leads.
  for (const server of [redis, postgres]) {
    try {
      if (server?.process.pid) process.kill(-server.process.pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}

// Registered before anything starts. The first Ctrl-C stops everything gracefully; a second one
// (the terminal sends it to every process of its group) must not kill dev alone and orphan the rest.
let signals = 0;
const onSignal = () => {
  signals += 1;
  if (signals === 1) return void stopAll(0);
  say('killing everything now');
  killAllNow();
  process.exit(1);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

try {
  const settings = devSettings(await schemaKeys());
  const { env } = settings;
  if (settings.envFile) say(`settings: ${settings.envFile} and the environment (which wins)`);
  for (const name of settings.unknown) say(`warning: ${name} (in ${settings.envFile}) is read by no service; a typo?`);
  let redisUrl = env.REDIS_URL;
  if (redisUrl) {
    say(`Redis: ${redisUrl.replace(/\/\/[^@]*@/, '//***@')} (REDIS_URL)`);
  } else {
    const appendfsync = process.env.DEV_REDIS_APPENDFSYNC === 'always' ? 'always' : 'everysec';
    redis = await startRedisServer({
      dir: `${dataDir}/redis`,
      port: Number(process.env.DEV_REDIS_PORT ?? 6390),
      appendfsync,
    });
    redisUrl = redis.url;
    say(`Redis: private redis-server on ${redisUrl}, AOF (appendfsync ${appendfsync}) in ${dataDir}/redis`);
  }

  let databaseUrl = env.DATABASE_URL;
  if (databaseUrl) {
    say(`Postgres: ${databaseUrl.replace(/\/\/[^@]*@/, '//***@')} (DATABASE_URL)`);
  } else {
    const port = Number(process.env.DEV_POSTGRES_PORT ?? 5433);
    postgres = await startPostgresServer({ dir: `${dataDir}/postgres`, port });
    databaseUrl = postgres.url;
    say(`Postgres: private cluster on 127.0.0.1:${port}, data in ${dataDir}/postgres`);
  }

  // Kept under .data, so users' signing keys stay the same from one run to the next.
  const secretFile = `${dataDir}/signing-secret`;
  if (!existsSync(secretFile)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(secretFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  catchers = await startDevCatchers(ports.inbox);
  stack = await startStack({
    signingSecret: env.SIGNING_SECRET ?? readFileSync(secretFile, 'utf8'),
    redisUrl,
    databaseUrl,
    schedulers: 3,
    senders: 1,
    ports,
    env: devServiceEnv(settings, catchers),
    output: 'inherit',
    schedulerToken: env.SCHEDULER_TOKEN ?? randomBytes(24).toString('base64url'),
  });
  devUser = await ensureDevUser(stack.frontendUrl, `${dataDir}/dev-user.json`);
} catch (err) {
  if (err instanceof MissingPrerequisite) console.error(`\n${err.message}\n`);
  else console.error(err);
  await stopAll(1);
}
// A Ctrl-C during start-up: stopAll is under way and ends the process; print nothing more.
if (signals > 0) await new Promise(() => undefined);

const s = stack!;
process.stdout.write(
  devBanner({ stack: s, catchers: catchers!, user: devUser!, userFile: `${dataDir}/dev-user.json` }),
);

for (const service of [s.frontend, ...s.schedulers, ...s.senders]) {
  void service.exited.then((code) => {
    if (code !== 0 && code !== null) say(`${service.label} exited with code ${code}`);
  });
}
