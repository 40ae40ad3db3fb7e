import type { ResolvedLocation } from './ports.js';

/** US states (and DC) by two-letter code. */
export const US_STATES: Record<string, string> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
};

const BY_NAME = new Map(Object.entries(US_STATES).map(([code, name]) => [name.toLowerCase(), code]));

/** "NY", "ny", "New York", "N.Y." → "NY"; undefined when it is not a US state. */
export function stateCode(text: string): string | undefined {
  const t = text
    .trim()
    .replace(/\./g, '')
    .replace(/\s+/g, ' ')
    .replace(/\b(state|usa|us|united states)$/i, '')
    .trim();
  if (/^[A-Za-z]{2}$/.test(t) && US_STATES[t.toUpperCase()]) return t.toUpperCase();
  return BY_NAME.get(t.toLowerCase());
}

const titleCase = (text: string) =>
  text
    .toLowerCase()
    .replace(/(^|[\s\-.'])([a-z])/g, (_m, sep: string, ch: string) => `${sep}${ch.toUpperCase()}`)
    .replace(/\bSt\b(?!\.)/, 'St.');

/**
 * Reads "Buffalo, NY", "Buffalo NY", "Buffalo, New York", "Buffalo", "NY" or "Texas" into a city and/or state.
 * Returns undefined for text that is not a place name (digits only, punctuation, too long).
 */
export function parseLocation(input: string): ResolvedLocation | undefined {
  const text = input
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/,?\s*(usa|us|united states)$/i, '');
  if (!text || text.length > 80 || !/[a-z]/i.test(text) || /[^\p{L}\s,.'-]/u.test(text)) return undefined;
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const base = { text: input.trim(), country: 'US' as const };
  if (parts.length >= 2) {
    const state = stateCode(parts[parts.length - 1]!);
    return state ? { ...base, city: titleCase(parts.slice(0, -1).join(', ')), state } : undefined;
  }
  const only = parts[0]!;
  const whole = stateCode(only);
  if (whole) return { ...base, city: null, state: whole };
  const m = /^(.+?)\s+([A-Za-z]{2})$/.exec(only);
  const trailing = m ? stateCode(m[2]!) : undefined;
  if (m && trailing) return { ...base, city: titleCase(m[1]!), state: trailing };
  return { ...base, city: titleCase(only), state: null };
}

/** "Buffalo, NY" / "NY" for messages. */
export function describeLocation(location: Pick<ResolvedLocation, 'city' | 'state' | 'text'>): string {
  if (location.city && location.state) return `${location.city}, ${location.state}`;
  return location.city ?? location.state ?? location.text;
}

/** Whether a company is in the asked city/state (a geocoder's box or a web search also catches neighbouring towns). */
export function inLocation(
  company: { city: string | null; state: string | null },
  location: Pick<ResolvedLocation, 'city' | 'state'>,
): boolean {
  if (location.state && company.state && company.state !== location.state) return false;
  return !location.city || !company.city || company.city.toLowerCase() === location.city.toLowerCase();
}

/** Splits "120 Elmwood Ave, Buffalo, NY 14201" (or "…, Buffalo, NY 14201, United States") into its parts. */
export function parseUsAddress(text: string | null | undefined): {
  street: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
} {
  const none = { street: null, city: null, state: null, postalCode: null };
  if (!text) return none;
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p && !/^(usa|us|united states)$/i.test(p));
  const last = parts.at(-1) ?? '';
  const m = /^([A-Za-z .]+?)\s*(\d{5}(?:-\d{4})?)?$/.exec(last);
  const state = m ? stateCode(m[1]!) : undefined;
  if (!state || parts.length < 2) return { ...none, street: text.trim() || null };
  return {
    street: parts.length >= 3 ? parts.slice(0, -2).join(', ') : null,
    city: parts.at(-2) ?? null,
    state,
    postalCode: m?.[2] ?? null,
  };
}
