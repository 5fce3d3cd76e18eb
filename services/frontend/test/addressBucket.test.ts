import { describe, expect, it } from 'vitest';
import { addressBucket } from '../src/auth/addressBucket.js';

describe('addressBucket: what per-address limits count by', () => {
  it('puts every IPv6 address of one /64 in one bucket, however it is written', () => {
    const bucket = addressBucket('2001:db8:1:2::1');
    for (const ip of [
      '2001:db8:1:2::ffff',
      '2001:0db8:0001:0002:abcd:ef01:2345:6789',
      '2001:DB8:1:2:0:0:0:9',
      '2001:db8:1:2::1%eth0',
      '2001:db8:1:2::10.0.0.1',
    ]) {
      expect(addressBucket(ip)).toBe(bucket);
    }
    expect(bucket).toBe('ip6:2001:db8:1:2::/64');
  });

  it('keeps other /64s, and IPv4 addresses, apart', () => {
    expect(addressBucket('2001:db8:1:3::1')).not.toBe(addressBucket('2001:db8:1:2::1'));
    expect(addressBucket('::1')).toBe('ip6:0:0:0:0::/64');
    expect(addressBucket('203.0.113.7')).toBe('ip:203.0.113.7');
    expect(addressBucket('203.0.113.8')).not.toBe(addressBucket('203.0.113.7'));
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(addressBucket('::ffff:203.0.113.7')).toBe('ip:203.0.113.7');
    expect(addressBucket('::ffff:cb00:7107')).toBe('ip:203.0.113.7');
  });
});
