/** US states and DC: code → name. Facts, not tunables. */
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

/** Two-letter codes that are also common English words: a state only when typed in capitals or after a comma. */
export const AMBIGUOUS_CODES = new Set(['IN', 'OR', 'ME', 'OH', 'OK', 'HI', 'DE', 'ID', 'LA', 'CO', 'PA', 'MA', 'AL']);

const NAME_TO_CODE = new Map(Object.entries(US_STATES).map(([code, name]) => [name.toLowerCase(), code]));

/** The state code for a full name ("new york" → "NY"), or undefined. */
export function stateCodeForName(name: string): string | undefined {
  return NAME_TO_CODE.get(name.toLowerCase().replace(/\s+/g, ' '));
}

/** Longest state name (in words) — for scanning token runs. */
export const MAX_STATE_WORDS = 3;
