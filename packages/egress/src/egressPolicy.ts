import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

/**
 * Addresses a webhook must not reach unless allow-listed: this host, private networks,
 * link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast, reserved and
 * documentation ranges, and their IPv6 counterparts. A scheduler reachable from the internet
 * would otherwise be a proxy into the network it runs in.
 */
const blockedV4 = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12',
  '192.0.0.0/24', '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24',
  '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
];
const blockedV6 = ['::/128', '::1/128', 'fc00::/7', 'fe80::/10', 'ff00::/8', '2001:db8::/32', '64:ff9b::/96'];

function addCidr(list: BlockList, cidr: string): void {
  const [address, bits] = cidr.split('/');
  const family = isIP(address!) === 6 ? 'ipv6' : 'ipv4';
  list.addSubnet(address!, Number(bits ?? (family === 'ipv6' ? 128 : 32)), family);
}

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is. */
function normalise(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

const cidrPattern = /^[0-9a-fA-F:.]+\/\d{1,3}$/;

/** The allow-list variable, shared by every service that checks targets. */
export const egressEnv = {
  EGRESS_ALLOW_CIDRS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((cidr) => cidr.trim()).filter((cidr) => cidr !== ''))
    .pipe(z.array(z.string().regex(cidrPattern, 'must be comma-separated CIDRs such as 10.1.0.0/16'))),
};

export class EgressPolicy {
  private readonly blocked = new BlockList();
  private readonly allowed = new BlockList();

  constructor(allowCidrs: string[] = []) {
    for (const cidr of blockedV4) addCidr(this.blocked, cidr);
    for (const cidr of blockedV6) addCidr(this.blocked, cidr);
    for (const cidr of allowCidrs) addCidr(this.allowed, cidr);
  }

  /** Whether a delivery may connect to this IP address. */
  allows(ip: string): boolean {
    const { address, family } = normalise(ip);
    return this.allowed.check(address, family) || !this.blocked.check(address, family);
  }

  /**
   * What can be judged from a URL alone, before any DNS: a literal IP, or `localhost`. Returns
   * why it is refused, or null. Names are judged again, on their resolved IP, at connect time.
   */
  refusalForUrl(url: string): string | null {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) return this.allows(host) ? null : `${host} is a private, loopback or reserved address`;
    if (host === 'localhost' || host.endsWith('.localhost')) {
      return this.allows('127.0.0.1') ? null : `${host} is this machine`;
    }
    return null;
  }
}
