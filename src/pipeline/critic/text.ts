/** Text helpers shared by the Critic's code checks. */

const LEGAL_SUFFIX = /\b(inc|incorporated|llc|l\.l\.c|ltd|limited|corp|corporation|co|company|pllc|plc|lp|llp|pc)\.?$/i;

/** Lower-cased, curly quotes straightened, punctuation reduced to spaces. */
function normalizeText(text: string): string {
  return text
    .replace(/[’‘]/g, "'")
    .toLowerCase()
    .replace(/[^a-z0-9'&]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether `text` names the company: its full name, or the name without "Inc.", "LLC" and the like. */
export function mentionsCompany(text: string, companyName: string): boolean {
  const haystack = ` ${normalizeText(text).replace(/'s\b/g, '')} `;
  const full = normalizeText(companyName);
  const core = normalizeText(companyName.replace(/,/g, ' ').trim().replace(LEGAL_SUFFIX, ''));
  return [full, core].some((name) => name.length > 0 && haystack.includes(` ${name} `));
}

/** Splits a body into sentences (lines first, then sentence ends). */
export function splitSentences(body: string): string[] {
  return body
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.?!])\s+/))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export const countWords = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The phrases of `list` that occur in `text` as whole words, case-insensitive, in list order. */
export function findPhrases(text: string, list: readonly string[]): string[] {
  const straight = text.replace(/[’‘]/g, "'");
  return list.filter((phrase) =>
    new RegExp(`(?<![\\w])${escapeRegExp(phrase.replace(/[’‘]/g, "'"))}(?![\\w])`, 'i').test(straight),
  );
}

export const quote = (text: string, max = 80) => `“${text.length > max ? `${text.slice(0, max - 1)}…` : text}”`;
