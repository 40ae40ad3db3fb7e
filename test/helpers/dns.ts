import type { Resolve } from '../../src/providers/http/url-guard.js';

/** A public address (TEST-NET ranges are "reserved", so a real-looking one). */
export const PUBLIC_ADDRESS = '93.184.215.14';

/**
 * A resolver for tests: names in `map` resolve to their addresses (a list, or a function called per lookup to
 * model DNS answers that change); other `.example` names resolve to a public address; anything else fails.
 */
export function fakeDns(map: Record<string, string | string[] | (() => string[])> = {}): Resolve & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const entry = map[hostname];
    const list = typeof entry === 'function' ? entry() : entry === undefined ? undefined : [entry].flat();
    if (list) return list.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
    if (hostname.endsWith('.example')) return [{ address: PUBLIC_ADDRESS, family: 4 as const }];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  };
  return Object.assign(resolve, { calls });
}
