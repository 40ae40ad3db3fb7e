import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { AppError } from '../../errors.js';
import { classifyAddress, endpoint } from './address.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to its addresses (the system resolver by default; tests inject their own). */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolve: Resolve = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

export interface UrlGuardOptions {
  resolve?: Resolve;
  /**
   * Exact `host:port` endpoints allowed although private or on another port (the WEBSITE_BASE_URL stand-in, a test
   * server). Matches the URL's host or the address connected to, with that port only; never a range.
   */
  allow?: readonly string[];
}

/** A URL that may be fetched, with the addresses it may be connected to. */
export interface VettedUrl {
  url: URL;
  port: number;
  addresses: ResolvedAddress[];
}

/**
 * Decides which URLs leadbot may fetch on a stranger's say-so (company websites and their redirects): http(s),
 * ports 80 and 443, and host names that resolve only to public addresses — never loopback, private, link-local,
 * unique-local, multicast, reserved or unspecified (IPv4, IPv6, IPv4-mapped; numeric host forms such as
 * `2130706433` or `0x7f.1` are normalised by the URL parser first). Refusals are AppError `invalid_input`.
 */
export interface UrlGuard {
  /** @throws AppError invalid_input when the URL may not be fetched. */
  check(url: string | URL): Promise<VettedUrl>;
  /** Resolves and vets a host for one connection (the address returned is the one to connect to). */
  resolveFor(hostname: string, port: number): Promise<ResolvedAddress[]>;
  /** Whether a connection to this address and port may stand (checked on the socket actually connected). */
  allowsAddress(hostname: string, address: string, port: number): boolean;
}

const refuse = (message: string) => new AppError('invalid_input', message);

export function createUrlGuard(options: UrlGuardOptions = {}): UrlGuard {
  const resolve = options.resolve ?? systemResolve;
  const allow = new Set((options.allow ?? []).map((e) => e.toLowerCase()));
  const allowed = (host: string, port: number) => allow.has(endpoint(host, port));

  const allowsAddress = (hostname: string, address: string, port: number) =>
    allowed(hostname, port) ||
    allowed(address, port) ||
    (classifyAddress(address) === 'public' && (port === 80 || port === 443));

  const vet = (hostname: string, addresses: ResolvedAddress[], port: number) => {
    if (addresses.length === 0) throw refuse(`${hostname} does not resolve`);
    for (const a of addresses) {
      if (allowsAddress(hostname, a.address, port)) continue;
      const kind = classifyAddress(a.address);
      if (kind === 'public') throw refuse(`port ${port} of ${hostname} is not fetched (only 80 and 443)`);
      const what = a.address === hostname ? hostname : `${hostname} resolves to ${a.address}, which`;
      throw refuse(`${what} is a ${kind} address; not fetched`);
    }
    return addresses;
  };

  const resolveFor = async (host: string, port: number): Promise<ResolvedAddress[]> => {
    const hostname = host.replace(/^\[|\]$/g, '');
    if (ipaddr.isValid(hostname)) {
      const family = ipaddr.parse(hostname).kind() === 'ipv6' ? 6 : 4;
      return vet(hostname, [{ address: hostname, family }], port);
    }
    if (/^[\d.]+$/.test(hostname) || hostname.includes(':')) throw refuse(`${hostname} is not a valid address`);
    let addresses: ResolvedAddress[];
    try {
      addresses = await resolve(hostname.replace(/\.$/, ''));
    } catch (cause) {
      throw new AppError('invalid_input', `${hostname} does not resolve`, { cause });
    }
    return vet(hostname, addresses, port);
  };

  return {
    resolveFor,
    allowsAddress,
    async check(input) {
      let url: URL;
      try {
        url = new URL(input);
      } catch (cause) {
        throw new AppError('invalid_input', `${String(input)} is not a URL`, { cause });
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse(`${url.protocol} URLs are not fetched`);
      if (url.username || url.password) throw refuse(`${url.host}: URLs with credentials are not fetched`);
      const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
      return { url, port, addresses: await resolveFor(url.hostname, port) };
    },
  };
}
