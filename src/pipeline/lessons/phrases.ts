import type { ReasonWords } from './settings.js';

export interface PhraseCount {
  phrase: string;
  /** How many reasons contain it (each reason counts once). */
  count: number;
}

function tokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+(?:['-][a-z0-9]+)*/g) ?? [];
}

/**
 * The phrases people repeat in free-text reasons: single words that are not stopwords, and two-word phrases whose
 * second word counts and whose first word counts or is a modifier ("too small"). Overlapping phrases are resolved
 * in favour of the more frequent, then the longer one, so "too small" ×5 hides "small" ×5.
 */
export function countPhrases(reasons: readonly string[], words: ReasonWords): PhraseCount[] {
  const stop = new Set(words.stopwords.map((w) => w.toLowerCase()));
  const modifiers = new Set(words.modifiers.map((w) => w.toLowerCase()));
  const counts = new Map<string, number>();
  for (const reason of reasons) {
    const seen = new Set<string>();
    const list = tokens(reason);
    list.forEach((word, i) => {
      const alone = !stop.has(word) && !modifiers.has(word);
      if (alone) seen.add(word);
      const next = list[i + 1];
      if (next && !stop.has(next) && !modifiers.has(next) && (alone || modifiers.has(word)))
        seen.add(`${word} ${next}`);
    });
    for (const phrase of seen) counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
  }
  const ranked = [...counts.entries()]
    .map(([phrase, count]) => ({ phrase, count }))
    .sort((a, b) => b.count - a.count || wordsIn(b.phrase) - wordsIn(a.phrase) || a.phrase.localeCompare(b.phrase));
  const chosen: PhraseCount[] = [];
  for (const candidate of ranked) {
    const mine = new Set(candidate.phrase.split(' '));
    const overlaps = chosen.some((c) => c.count >= candidate.count && c.phrase.split(' ').some((w) => mine.has(w)));
    if (!overlaps) chosen.push(candidate);
  }
  return chosen;
}

/** Whether `text` contains `phrase` as whole words, case-insensitively. */
export function containsPhrase(text: string, phrase: string): boolean {
  return ` ${tokens(text).join(' ')} `.includes(` ${phrase} `);
}

const wordsIn = (phrase: string) => phrase.split(' ').length;

/** `"too small" ×5, "one site" ×3` — the rule-based summary of reasons; 'no reason given' when there are none. */
export function summarizePhrases(phrases: readonly PhraseCount[], max = 3, minCount = 2): string {
  const shown = phrases.filter((p) => p.count >= minCount).slice(0, max);
  if (shown.length === 0) return phrases.length > 0 ? 'varied, no phrase repeated' : 'no reason given';
  return shown.map((p) => `'${p.phrase}' ×${p.count}`).join(', ');
}
