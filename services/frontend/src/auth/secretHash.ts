import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt with N=2^15, r=8: ~100 ms and 32 MiB per hash here, the cost of one login or signup.
// Only passwords (and API keys made before keys were stored as digests) are hashed this way.
const params = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const keyLength = 32;

let derivations = 0;
/** How many scrypt hashes this process has computed (a metric: each costs ~100 ms of CPU). */
export const scryptDerivations = (): number => derivations;

function derive(secret: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  derivations++;
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash`, so parameters can be raised later without breaking stored hashes. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(secret, Buffer.from(salt, 'base64url'), {
    N: Number(N),
    r: Number(r),
    p: Number(p),
    maxmem: params.maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash, or, for an account that does not exist, against a
 * hash of a secret nobody knows: an unknown email then costs the same scrypt, and takes the same
 * time, as a wrong password, so timing tells no one which emails have accounts.
 */
export async function verifySecretOrDummy(secret: string, stored: string | null | undefined): Promise<boolean> {
  if (stored) return verifySecret(secret, stored);
  dummyHash ??= hashSecret(randomBytes(32).toString('base64url'));
  await verifySecret(secret, await dummyHash);
  return false;
}
