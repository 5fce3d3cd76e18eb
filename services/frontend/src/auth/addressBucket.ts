import { isIPv4, isIPv6 } from 'node:net';

/** The eight 16-bit groups of an IPv6 address (with an IPv4 tail written out as two groups). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const front = parse(head);
  const back = rest === undefined ? [] : parse(rest);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * What per-address limits count by. An IPv4 address is one bucket; for IPv6 a single host is
 * usually given a whole /64 (2^64 addresses to rotate through), so the /64 is the bucket.
 * IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`, how a dual-stack socket reports IPv4) count as
 * their IPv4 address.
 */
export function addressBucket(ip: string | undefined): string {
  const address = (ip ?? '').replace(/%.*$/, '');
  if (isIPv4(address)) return `ip:${address}`;
  if (!isIPv6(address)) return `ip:${address || 'unknown'}`;
  const groups = ipv6Groups(address.toLowerCase());
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `ip:${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  }
  return `ip6:${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}
