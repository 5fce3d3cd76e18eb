import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { isGlobalUnicast } from './globalUnicast.js';

function addCidr(list: BlockList, cidr: string): void {
  const [address, bits] = cidr.split('/');
  const family = isIP(address!) === 6 ? 'ipv6' : 'ipv4';
  list.addSubnet(address!, Number(bits ?? (family === 'ipv6' ? 128 : 32)), family);
}

const cidrPattern = /^[0-9a-fA-F:.]+\/\d{1,3}$/;

/** The allow-list variable, shared by every service that checks targets. */
export const egressEnv = {
  EGRESS_ALLOW_CIDRS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((cidr) => cidr.trim())
        .filter((cidr) => cidr !== ''),
    )
    .pipe(z.array(z.string().regex(cidrPattern, 'must be comma-separated CIDRs such as 10.1.0.0/16'))),
};

/**
 * Where a webhook may connect: global unicast addresses only (see `isGlobalUnicast`), plus what
 * the operator allows. A scheduler reachable from the internet would otherwise be a proxy into
 * the network it runs in.
 */
export class EgressPolicy {
  private readonly allowed = new BlockList();

  constructor(allowCidrs: string[] = []) {
    for (const cidr of allowCidrs) addCidr(this.allowed, cidr);
  }

  /** Whether a delivery may connect to this IP address. */
  allows(ip: string): boolean {
    // BlockList matches an IPv4-mapped address (::ffff:10.0.0.1) against IPv4 ranges too.
    const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    return this.allowed.check(ip, family) || isGlobalUnicast(ip);
  }

  /**
   * What can be judged from a URL alone, before any DNS: a literal IP, or `localhost` (with or
   * without the trailing dot of a fully qualified name). Returns why it is refused, or null.
   * Names are judged again, on their resolved IP, at connect time.
   */
  refusalForUrl(url: string): string | null {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) return this.allows(host) ? null : `${host} is a private, loopback or reserved address`;
    const name = host.replace(/\.$/, '');
    if (name === 'localhost' || name.endsWith('.localhost')) {
      return this.allows('127.0.0.1') ? null : `${host} is this machine`;
    }
    return null;
  }
}
