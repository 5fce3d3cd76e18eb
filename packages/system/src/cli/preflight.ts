/**
 * Runs before the tests: checks that what they need is on this machine and says exactly how to
 * get what is missing, instead of letting a hundred tests fail with ECONNREFUSED.
 */
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { Redis } from 'ioredis';
import { MissingPrerequisite, findChromium, findRedisCli, findRedisServer } from '../prerequisites.js';
import { adminDatabaseUrl, sharedRedisUrl } from '../testing/index.js';

const problems: string[] = [];

for (const find of [findRedisServer, findRedisCli]) {
  try {
    find();
  } catch (err) {
    problems.push((err as MissingPrerequisite).message);
  }
}

try {
  findChromium();
} catch (err) {
  problems.push((err as MissingPrerequisite).message);
}

try {
  execFileSync('faketime', ['-f', '+0', 'true'], { stdio: 'ignore' });
} catch {
  problems.push(
    'faketime was not found (the clock-skew test needs it). Debian/Ubuntu: sudo apt-get install -y faketime; macOS: brew install libfaketime.',
  );
}

try {
  execFileSync('docker-compose', ['version'], { stdio: 'ignore' });
} catch {
  problems.push(
    'docker-compose was not found (the deployment tests validate docker-compose.yml with it, offline; no Docker engine is needed). ' +
      'Debian/Ubuntu: sudo apt-get install -y --no-install-recommends docker-compose.',
  );
}

const redis = new Redis(sharedRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
redis.on('error', () => undefined);
try {
  await redis.connect();
  await redis.ping();
} catch {
  problems.push(
    `No Redis answers at ${sharedRedisUrl()}. Start one (redis-server --daemonize yes --save "" ` +
      `--appendonly no) or set TEST_REDIS_URL.`,
  );
} finally {
  redis.disconnect();
}

const client = new pg.Client({ connectionString: adminDatabaseUrl(), connectionTimeoutMillis: 3000 });
try {
  await client.connect();
  await client.query('SELECT 1');
} catch (err) {
  problems.push(
    `No PostgreSQL answers at ${adminDatabaseUrl()} (${(err as Error).message}). Install and start one ` +
      `(Debian/Ubuntu: sudo apt-get install -y postgresql && sudo pg_ctlcluster --skip-systemctl-redirect ` +
      `$(ls /etc/postgresql) main start), or set TEST_DATABASE_URL to a server where the user may create databases.`,
  );
} finally {
  await client.end().catch(() => undefined);
}

if (problems.length > 0) {
  console.error(
    `Later's tests need real servers, and some are missing:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  );
  process.exit(1);
}
