import { getDomain } from 'tldts';

const LEGAL_WORDS = new Set([
  'inc',
  'incorporated',
  'llc',
  'llp',
  'pllc',
  'lp',
  'pc',
  'pa',
  'co',
  'company',
  'corp',
  'corporation',
  'ltd',
  'limited',
  'the',
  'and',
]);

/** Name tokens after case folding, accent and punctuation stripping, without legal suffixes and "the"/"&". */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' ')
    .replace(/\b(?:[a-z]\.){2,}/g, (abbr) => `${abbr.replace(/\./g, '')} `)
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((t) => t && !LEGAL_WORDS.has(t.replace(/\./g, '')));
}

/** "The Lakeview Family Health, Inc." → "lakeview family health". Empty names stay as their folded text. */
export function normalizeName(name: string): string {
  const tokens = nameTokens(name);
  return tokens.length > 0 ? tokens.join(' ') : name.trim().toLowerCase();
}

/**
 * The registrable domain of a website or domain ("https://www.Clinic.example/about" → "clinic.example");
 * undefined for text that is not a public hostname (IPs, localhost, garbage).
 */
export function normalizeDomain(urlOrDomain: string | null | undefined): string | undefined {
  if (!urlOrDomain) return undefined;
  let text = urlOrDomain.trim().toLowerCase();
  if (!text || /[\s@]/.test(text)) return undefined;
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(text)) text = `http://${text}`;
  let host: string;
  try {
    host = new URL(text).hostname;
  } catch {
    return undefined;
  }
  const domain = getDomain(host.replace(/^www\d?\./, ''));
  return domain ?? undefined;
}

/** A website as a canonical https URL ("www.x.example" → "https://www.x.example"); undefined when unusable. */
export function normalizeWebsite(website: string | null | undefined): string | undefined {
  return normalizeSite(website)?.website;
}

/**
 * `normalizeWebsite` and its registrable domain, parsing the address once (a CSV import does this per row):
 * undefined when the text is not a usable http(s) address.
 */
export function normalizeSite(website: string | null | undefined): { website: string; domain: string } | undefined {
  const text = website?.trim();
  if (!text || /[\s@]/.test(text)) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const domain = getDomain(url.hostname.replace(/^www\d?\./, ''));
  if (!domain) return undefined;
  return { website: url.pathname === '/' && !url.search ? url.origin : url.toString(), domain };
}
