import { BlockList, isIP } from 'node:net';

/**
 * IPv4 ranges that are not global unicast (IANA's special-purpose registry): this network,
 * private networks, carrier-grade NAT, loopback, link-local (cloud metadata at 169.254.169.254),
 * IETF protocol assignments, documentation, the 6to4 relay anycast, benchmarking, multicast,
 * reserved and broadcast.
 */
const nonGlobalV4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
];

/**
 * Inside 2000::/3 (the only IPv6 global unicast space), what is still not a host on the internet:
 * IETF protocol assignments (Teredo at 2001::/32, which hides an IPv4 address, benchmarking,
 * ORCHID) and the two documentation ranges.
 */
const nonGlobalV6 = ['2001::/23', '2001:db8::/32', '3fff::/20'];

function blockList(cidrs: string[], family: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, bits] = cidr.split('/');
    list.addSubnet(address!, Number(bits), family);
  }
  return list;
}

const refusedV4 = blockList(nonGlobalV4, 'ipv4');
const refusedV6 = blockList(nonGlobalV6, 'ipv6');

/** The eight 16-bit groups of an IPv6 address, or undefined if it is not one (a zone id, say). */
function ipv6Groups(address: string): number[] | undefined {
  let canonical: string;
  try {
    // The URL parser writes a trailing dotted quad as two hex groups and compresses zeros.
    canonical = new URL(`http://[${address}]`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  const [head, tail] = canonical.split('::') as [string, string | undefined];
  const part = (text: string | undefined) => (text ? text.split(':').map((group) => parseInt(group, 16)) : []);
  const front = part(head);
  const back = part(tail);
  return tail === undefined ? front : [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

const ipv4Of = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');

/**
 * The IPv4 address an IPv6 address stands for, where it embeds one that decides where a packet
 * goes: IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d), IPv4-compatible
 * (::a.b.c.d, which also covers :: and ::1), NAT64 well-known (64:ff9b::a.b.c.d) and 6to4
 * (2002:aabb:ccdd::).
 */
function embeddedIpv4(g: number[]): string | undefined {
  const zeros = (from: number, to: number) => g.slice(from, to).every((group) => group === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return ipv4Of(g[6]!, g[7]!);
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return ipv4Of(g[6]!, g[7]!);
  if (zeros(0, 6)) return ipv4Of(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return ipv4Of(g[6]!, g[7]!);
  if (g[0] === 0x2002) return ipv4Of(g[1]!, g[2]!);
  return undefined;
}

/**
 * Whether `ip` is a global unicast address, the only kind a delivery may reach unless the
 * operator allows more. An allow-list rather than a list of what to refuse, so that a range
 * nobody thought of (NAT64 for local use, 64:ff9b:1::/48, say) is refused, not let through. An
 * IPv6 address that carries an IPv4 one is judged by that IPv4 address.
 */
export function isGlobalUnicast(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return !refusedV4.check(ip, 'ipv4');
  if (family !== 6) return false;
  const groups = ipv6Groups(ip);
  if (groups?.length !== 8) return false;
  const ipv4 = embeddedIpv4(groups);
  if (ipv4 !== undefined) return !refusedV4.check(ipv4, 'ipv4');
  const inGlobalUnicastSpace = (groups[0]! & 0xe000) === 0x2000;
  return inGlobalUnicastSpace && !refusedV6.check(ip, 'ipv6');
}
