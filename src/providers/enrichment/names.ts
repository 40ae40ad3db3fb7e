/** Helpers shared by the enrichment adapters for reading vendors' loosely typed answers. */

/** A trimmed non-empty string, or null. */
export function str(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return t.length > 0 ? t : null;
}

/** The value as an array of records (anything else becomes []). */
export function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null)
    : [];
}

/** The value as a record ({} for anything else). */
export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const HONORIFICS = /^(dr|mr|mrs|ms|miss|prof)\.?$/i;
const SUFFIXES = /^(jr|sr|ii|iii|iv|phd|md|dds|dmd|cpa|mba|esq|pe|rn)\.?,?$/i;

/** Splits "Dr. Dana M. Whitfield, CPA" into first "Dana" and last "Whitfield"; fullName keeps what was printed. */
export function splitName(fullName: string): { fullName: string; firstName: string | null; lastName: string | null } {
  const cleaned = fullName.replace(/\s+/g, ' ').replace(/,\s*$/, '').trim();
  const words = cleaned
    .split(' ')
    .map((w) => w.replace(/,$/, ''))
    .filter((w) => w && !HONORIFICS.test(w) && !SUFFIXES.test(w));
  if (words.length < 2) return { fullName: cleaned, firstName: words[0] ?? null, lastName: null };
  return { fullName: cleaned, firstName: words[0]!, lastName: words.at(-1)! };
}

/** A person from first/last (or full) name fields as a vendor gives them. */
export function personName(first: unknown, last: unknown, full?: unknown) {
  const f = str(first);
  const l = str(last);
  if (f && l) return { fullName: `${f} ${l}`, firstName: f, lastName: l };
  const whole = str(full);
  if (whole) return splitName(whole);
  return { fullName: null, firstName: f, lastName: l };
}

/** Lower-case ASCII letters only, for building addresses: "José-Luis" → "joseluis". */
export function mailboxWord(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}
