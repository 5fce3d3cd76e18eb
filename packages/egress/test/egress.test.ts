import { createServer, type Server } from 'node:http';
import { Agent, interceptors, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EgressPolicy, guardedConnector } from '../src/index.js';

describe('EgressPolicy', () => {
  const policy = new EgressPolicy();

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
  ])('refuses %s', (ip) => expect(policy.allows(ip)).toBe(false));

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (ip) =>
    expect(policy.allows(ip)).toBe(true),
  );

  // IPv6 forms that carry an IPv4 address, and ranges outside global unicast that a list of
  // refusals missed: each reached loopback or a private network.
  it.each([
    ['::7f00:1', 'IPv4-compatible loopback'],
    ['::127.0.0.1', 'IPv4-compatible loopback, dotted'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, in hex'],
    ['::ffff:0:7f00:1', 'IPv4-translated loopback'],
    ['::ffff:0:10.0.0.1', 'IPv4-translated private address'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of the metadata address'],
    ['64:ff9b:1::a00:1', 'NAT64 for local use'],
    ['2002:7f00:1::1', '6to4 of loopback'],
    ['2002:c0a8:101::1', '6to4 of 192.168.1.1'],
    ['2001::1', 'Teredo'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo, with a server and client'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation (RFC 9637)'],
    ['100::1', 'discard-only'],
    ['5f00::1', 'outside 2000::/3'],
    ['192.88.99.1', '6to4 relay anycast'],
    ['255.255.255.255', 'broadcast'],
    ['fe80::1%eth0', 'link-local with a zone'],
  ])('refuses %s (%s)', (ip) => expect(policy.allows(ip)).toBe(false));

  it.each(['64:ff9b::808:808', '2002:808:808::1', '::ffff:0:808:808', '2a00:1450:4001:82a::200e'])(
    'allows %s, which carries or is a global address',
    (ip) => expect(policy.allows(ip)).toBe(true),
  );

  it('lets an allow-list open a range, and only that range', () => {
    const dev = new EgressPolicy(['127.0.0.0/8', '::1/128']);
    expect(dev.allows('127.0.0.1')).toBe(true);
    expect(dev.allows('::1')).toBe(true);
    expect(dev.allows('10.0.0.1')).toBe(false);
  });

  it('judges literal IPs and localhost from the URL alone', () => {
    expect(policy.refusalForUrl('http://10.0.0.1/x')).toMatch(/private/);
    expect(policy.refusalForUrl('http://[::1]:8080/x')).toMatch(/private/);
    expect(policy.refusalForUrl('http://localhost:3000/')).toMatch(/this machine/);
    expect(policy.refusalForUrl('http://localhost.:3000/')).toMatch(/this machine/);
    expect(policy.refusalForUrl('http://api.localhost./')).toMatch(/this machine/);
    expect(policy.refusalForUrl('http://[::7f00:1]/')).toMatch(/private/);
    expect(policy.refusalForUrl('https://example.com/hook')).toBeNull();
    expect(new EgressPolicy(['127.0.0.0/8']).refusalForUrl('http://localhost:3000/')).toBeNull();
  });
});

describe('guardedConnector on real sockets', () => {
  let v4: Server;
  let v6: Server;
  let v4Port: number;
  let v6Port: number;

  beforeAll(async () => {
    v6 = createServer((_req, res) => res.end('v6'));
    await new Promise<void>((resolve) => v6.listen(0, '::1', resolve));
    v6Port = (v6.address() as { port: number }).port;
    v4 = createServer((req, res) => {
      if (req.url === '/to-v6') res.writeHead(302, { location: `http://[::1]:${v6Port}/` }).end();
      else res.end('v4');
    });
    await new Promise<void>((resolve) => v4.listen(0, '127.0.0.1', resolve));
    v4Port = (v4.address() as { port: number }).port;
  });
  afterAll(() => {
    v4.close();
    v6.close();
  });

  const get = async (url: string, allow: string[]) => {
    const agent = new Agent({ connect: guardedConnector(new EgressPolicy(allow)) });
    try {
      const res = await request(url, { dispatcher: agent.compose(interceptors.redirect({ maxRedirections: 3 })) });
      return await res.body.text();
    } finally {
      await agent.close();
    }
  };

  it('refuses a literal loopback address, and a name that resolves to one', async () => {
    await expect(get(`http://127.0.0.1:${v4Port}/`, [])).rejects.toMatchObject({ code: 'ETARGETBLOCKED' });
    await expect(get(`http://localhost:${v4Port}/`, [])).rejects.toMatchObject({ code: 'ETARGETBLOCKED' });
  });

  it('connects where the allow-list permits, and checks every redirect hop again', async () => {
    expect(await get(`http://127.0.0.1:${v4Port}/`, ['127.0.0.1/32'])).toBe('v4');
    await expect(get(`http://127.0.0.1:${v4Port}/to-v6`, ['127.0.0.1/32'])).rejects.toMatchObject({
      code: 'ETARGETBLOCKED',
    });
    expect(await get(`http://127.0.0.1:${v4Port}/to-v6`, ['127.0.0.1/32', '::1/128'])).toBe('v6');
  });
});
