import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { classifyAddress } from '../../../src/providers/http/address.js';
import { createUrlGuard } from '../../../src/providers/http/url-guard.js';
import { fakeDns, PUBLIC_ADDRESS } from '../../helpers/dns.js';

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'allowed',
    (err) => (isAppError(err, 'invalid_input') ? err.message : `unexpected: ${err}`),
  );

describe('URL guard for fetches a stranger can point us at', () => {
  const guard = createUrlGuard({
    resolve: fakeDns({
      'internal.test': '10.0.0.5',
      'metadata.test': '169.254.169.254',
      'mixed.test': [PUBLIC_ADDRESS, '127.0.0.1'],
      'v6.test': '2606:4700::1111',
      'v6-private.test': 'fd00::1',
      'public.test': PUBLIC_ADDRESS,
    }),
  });

  it.each([
    ['http://127.0.0.1/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://017700000001/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[::ffff:a9fe:a9fe]/', 'linkLocal'],
    ['http://[64:ff9b::7f00:1]/', 'loopback'],
    ['http://[::7f00:1]/', 'reserved'],
    ['http://[2002:7f00:1::]/', '6to4'],
    ['http://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['http://[fe80::1]/', 'linkLocal'],
    ['http://10.1.2.3/', 'private'],
    ['http://172.16.0.1/', 'private'],
    ['http://192.168.0.1/', 'private'],
    ['http://100.64.0.1/', 'carrierGradeNat'],
    ['http://[fd00::1]/', 'uniqueLocal'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://[ff02::1]/', 'multicast'],
    ['http://255.255.255.255/', 'broadcast'],
    ['http://240.0.0.1/', 'reserved'],
    ['http://192.0.2.1/', 'reserved'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
  ])('refuses %s (%s)', async (url, kind) => {
    expect(await refusal(guard.check(url))).toMatch(new RegExp(`is a ${kind} address; not fetched`));
  });

  it('refuses names that resolve to a private address, or to any private address among public ones', async () => {
    expect(await refusal(guard.check('https://internal.test/'))).toBe(
      'internal.test resolves to 10.0.0.5, which is a private address; not fetched',
    );
    expect(await refusal(guard.check('https://metadata.test/latest'))).toMatch(/169\.254\.169\.254.*linkLocal/);
    expect(await refusal(guard.check('https://mixed.test/'))).toMatch(/127\.0\.0\.1.*loopback/);
    expect(await refusal(guard.check('https://v6-private.test/'))).toMatch(/uniqueLocal/);
    expect(await refusal(guard.check('https://unknown.test/'))).toBe('unknown.test does not resolve');
  });

  it('allows public addresses on ports 80 and 443 only, over http(s), without credentials', async () => {
    expect(await refusal(guard.check('https://public.test/'))).toBe('allowed');
    expect(await refusal(guard.check('http://public.test:80/x'))).toBe('allowed');
    expect(await refusal(guard.check('https://v6.test/'))).toBe('allowed');
    expect(await refusal(guard.check(`http://${PUBLIC_ADDRESS}/`))).toBe('allowed');
    expect(await refusal(guard.check('https://public.test:8443/'))).toBe(
      'port 8443 of public.test is not fetched (only 80 and 443)',
    );
    expect(await refusal(guard.check('ftp://public.test/'))).toMatch(/ftp: URLs are not fetched/);
    expect(await refusal(guard.check('https://user:pw@public.test/'))).toMatch(/credentials/);
  });

  it('lets through exactly the allowed host:port, by URL host or by address, and nothing near it', async () => {
    const standIn = createUrlGuard({
      resolve: fakeDns({ 'site.test': '127.0.0.1' }),
      allow: ['127.0.0.1:4010', 'named.test:4011'],
    });
    expect(await refusal(standIn.check('http://127.0.0.1:4010/'))).toBe('allowed');
    expect(await refusal(standIn.check('http://site.test:4010/'))).toBe('allowed');
    expect(await refusal(standIn.check('http://127.0.0.1:4012/'))).toMatch(/loopback/);
    expect(await refusal(standIn.check('http://127.0.0.1/'))).toMatch(/loopback/);
    expect(await refusal(standIn.check('http://127.0.0.2:4010/'))).toMatch(/loopback/);
    expect(await refusal(standIn.check('http://169.254.169.254:4010/'))).toMatch(/linkLocal/);
    expect(standIn.allowsAddress('named.test', '10.0.0.1', 4011)).toBe(true);
    expect(standIn.allowsAddress('other.test', '10.0.0.1', 4011)).toBe(false);
  });

  it('classifies with the IPv4 address inside mapped and NAT64 IPv6 addresses', () => {
    expect(classifyAddress('::ffff:8.8.8.8')).toBe('public');
    expect(classifyAddress('::ffff:10.0.0.1')).toBe('private');
    expect(classifyAddress('64:ff9b::808:808')).toBe('public');
    expect(classifyAddress('not an address')).toBe('invalid');
  });
});
