/** Endings that look plural but are not ("business", "campus", "analysis", "class"). */
const NOT_PLURAL = /(ss|us|is|ics|ous|ws)$/;

/**
 * The singular of one English noun, by the regular rules ("breweries" → "brewery", "churches" → "church",
 * "hospitals" → "hospital", "businesses" → "business"). Irregular plurals are rare among kinds of business;
 * words it does not recognise as plural come back unchanged.
 */
export function singular(word: string): string {
  const w = word.toLowerCase();
  if (w.length <= 3) return w;
  if (/[^aeiou]ies$/.test(w)) return `${w.slice(0, -3)}y`;
  if (/(ss|sh|ch|x|z)es$/.test(w)) return w.slice(0, -2);
  if (/sses$/.test(w)) return w.slice(0, -2);
  if (NOT_PLURAL.test(w)) return w;
  if (/s$/.test(w)) return w.slice(0, -1);
  return w;
}

/** The plural of one English noun by the regular rules ("brewery" → "breweries", "church" → "churches"). */
export function plural(word: string): string {
  const w = word.toLowerCase();
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`;
  if (/(s|sh|ch|x|z)$/.test(w)) return `${w}es`;
  return `${w}s`;
}

/** Lower-case words of a phrase, punctuation dropped ("Nursery / Childcare" → ["nursery", "childcare"]). */
export function words(phrase: string): string[] {
  return phrase
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** A phrase in the form used for matching: lower-case words, each singular ("Craft Breweries" → "craft brewery"). */
export function matchKey(phrase: string): string {
  return words(phrase).map(singular).join(' ');
}
