import ipaddr from 'ipaddr.js';

/** IANA global unicast (2000::/3): the only IPv6 space a public website lives in. */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');
/** NAT64 (RFC 6052 well-known prefix): the IPv4 address is in the last 32 bits. */
const NAT64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

/**
 * What kind of address this is, by ipaddr.js's IANA special-purpose tables: 'public' for a global unicast address,
 * else the range's name ('loopback', 'private', 'linkLocal', 'uniqueLocal', 'multicast', 'reserved',
 * 'unspecified', 'carrierGradeNat', '6to4', …). IPv4-mapped and NAT64 IPv6 addresses are judged by the IPv4
 * address inside them; 'invalid' for anything that is not an address.
 */
export function classifyAddress(address: string): string {
  const text = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(text)) return 'invalid';
  const ip = ipaddr.parse(text);
  if (ip.kind() === 'ipv4') {
    const range = (ip as ipaddr.IPv4).range();
    return range === 'unicast' ? 'public' : range;
  }
  const v6 = ip as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return classifyAddress(v6.toIPv4Address().toString());
  if (v6.match(NAT64)) return classifyAddress(ipaddr.fromByteArray(v6.toByteArray().slice(12)).toString());
  const range = v6.range();
  if (range !== 'unicast') return range;
  return v6.match(GLOBAL_UNICAST_V6) ? 'public' : 'reserved';
}

/** "127.0.0.1:8080", "[::1]:8080": an endpoint as written in an allow-list. */
export function endpoint(host: string, port: number): string {
  const bare = host
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  return bare.includes(':')
    ? `[${ipaddr.isValid(bare) ? ipaddr.parse(bare).toString() : bare}]:${port}`
    : `${bare}:${port}`;
}

/** The endpoint a base URL points at ("http://127.0.0.1:4010/x" → "127.0.0.1:4010"), for an allow-list. */
export function endpointOf(url: string): string {
  const u = new URL(url);
  return endpoint(u.hostname, u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80);
}
