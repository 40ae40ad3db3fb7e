import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';

let words: Set<string> | undefined;

/**
 * English words (the `word-list` package, ~275,000 words): a word in it is never "corrected" as a typo, so a real
 * word the lexicon does not know ("trucking", "roasters") keeps its meaning. Read once per process; empty when the
 * file cannot be read (typo correction then only has the lexicon to go on).
 */
export function englishWords(): ReadonlySet<string> {
  if (words) return words;
  try {
    words = new Set(readFileSync(wordListPath, 'utf8').split('\n'));
  } catch {
    words = new Set();
  }
  return words;
}
