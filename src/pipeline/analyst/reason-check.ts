const MAX_REASON_CHARS = 280;

export type ReasonCheck = { ok: true; sentence: string } | { ok: false; why: string };

const NUMBER = /\$?\d[\d,]*(?:\.\d+)?(?:\s?[kKmM](?![a-zA-Z]))?%?/g;
const NUMBER_WORDS: Record<string, string | null> = {
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  fifteen: '15',
  twenty: '20',
  fifty: '50',
  dozen: null,
  dozens: null,
  hundred: null,
  hundreds: null,
  thousand: null,
  thousands: null,
  million: null,
  millions: null,
  billion: null,
};
const ABBREVIATIONS = /\b(?:inc|co|corp|ltd|llc|st|dr|mt|ft|sq|vs|approx|est|no)\./gi;

/** "$86K", "86 k", "42,000" → "86k", "86k", "42000": how two spellings of one figure compare. */
function normalizeNumber(text: string): string {
  return text
    .toLowerCase()
    .replace(/[$,\s]/g, '')
    .replace(/\.$/, '');
}

/** Every number-like token in a text, normalized. */
function numbersIn(text: string): string[] {
  return (text.match(NUMBER) ?? []).map(normalizeNumber).filter((n) => /\d/.test(n));
}

/** Strips quotes, a "Here is…:" preamble and extra whitespace from a model's reply. */
function cleanReason(text: string): string {
  let s = text.replace(/\s+/g, ' ').trim();
  s = s.replace(/^(?:here(?:'s| is)[^:]{0,60}|reason|sentence|score reason)\s*:\s*/i, '');
  s = s.replace(/^["'`“”‘’]+|["'`“”‘’]+$/g, '').trim();
  return s;
}

/**
 * Checks a narrated reason: one sentence, short, and every number in it is one of `figures`
 * (digits inside the company's own name are ignored). Returns the cleaned sentence or why it was refused.
 */
export function checkReason(text: string, figures: Record<string, string>, companyName = ''): ReasonCheck {
  const sentence = cleanReason(text);
  if (sentence.length === 0) return { ok: false, why: 'empty reply' };
  if (sentence.length > MAX_REASON_CHARS) return { ok: false, why: `longer than ${MAX_REASON_CHARS} characters` };
  if (!/[.!?]$/.test(sentence)) return { ok: false, why: 'does not end like a sentence' };
  const masked = (companyName ? sentence.split(companyName).join('COMPANY') : sentence).replace(ABBREVIATIONS, 'X');
  const ends = masked.slice(0, -1).match(/[.!?](?=\s)/g) ?? [];
  if (ends.length > 0) return { ok: false, why: 'more than one sentence' };

  const allowed = new Set<string>();
  for (const value of Object.values(figures)) for (const n of numbersIn(value)) allowed.add(n);
  const stranger = numbersIn(masked).find((n) => !allowed.has(n));
  if (stranger !== undefined) return { ok: false, why: `number "${stranger}" is not in the breakdown` };
  for (const word of masked.toLowerCase().match(/[a-z]+/g) ?? []) {
    if (!(word in NUMBER_WORDS)) continue;
    const value = NUMBER_WORDS[word];
    if (value === null || value === undefined || !allowed.has(value)) {
      return { ok: false, why: `number word "${word}" is not in the breakdown` };
    }
  }
  return { ok: true, sentence };
}
