import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import type { EgressPolicy } from './egressPolicy.js';

/** The error a refused connection fails with; a delivery refused this way is not retried. */
export class TargetBlockedError extends Error {
  readonly code = 'ETARGETBLOCKED';
  constructor(host: string, ip: string) {
    super(`refused to connect to ${host} (${ip}): a private, loopback or reserved address`);
    this.name = 'TargetBlockedError';
  }
}

/**
 * An undici connector that resolves the host itself, checks every address it resolves to,
 * and connects to exactly the address it checked. So a name that resolves to a public address
 * for the check and to an internal one for the connection (DNS rebinding) gets nowhere, a
 * literal IP is checked like any other, and every redirect hop opens its connection through it.
 */
export function guardedConnector(
  policy: EgressPolicy,
  options: buildConnector.BuildOptions = {},
): buildConnector.connector {
  const connect = buildConnector(options);
  return (opts, callback) => {
    const host = opts.hostname.replace(/^\[|\]$/g, '');
    const resolved = isIP(host) ? Promise.resolve([{ address: host }]) : lookup(host, { all: true });
    resolved.then(
      (addresses) => {
        const refused = addresses.find((a) => !policy.allows(a.address));
        if (refused || addresses.length === 0) {
          callback(new TargetBlockedError(host, refused?.address ?? 'no address'), null);
          return;
        }
        const servername = opts.servername ?? (isIP(host) ? undefined : host);
        connect({ ...opts, hostname: addresses[0]!.address, servername }, callback);
      },
      (err: Error) => callback(err, null),
    );
  };
}
