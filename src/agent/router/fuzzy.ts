/** Damerau–Levenshtein distance (optimal string alignment), giving up above `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** How many edits a word of this length may carry and still count as a keyword. */
function allowedEdits(length: number): number {
  if (length < 3) return 0;
  if (length < 4) return 1;
  if (length < 8) return 1;
  return 2;
}

function sameLetters(a: string, b: string): boolean {
  return [...a].sort().join('') === [...b].sort().join('');
}

/**
 * Corrects typos toward a vocabulary: the closest word within `allowedEdits` (three-letter words only by swapping
 * two letters, "rnu" → "run"), or undefined. Ties go to the word `prefer` ranks higher; a tie it cannot break
 * means no correction. Results are cached; the vocabulary is fixed for the corrector's life.
 */
export function createCorrector(
  vocabulary: Iterable<string>,
  prefer: (word: string) => number = () => 0,
  sameMeaning: (a: string, b: string) => boolean = () => false,
) {
  const byLength = new Map<number, string[]>();
  for (const word of vocabulary) {
    if (!/^[a-z]+$/.test(word) || word.length < 3) continue;
    const list = byLength.get(word.length) ?? [];
    list.push(word);
    byLength.set(word.length, list);
  }
  const cache = new Map<string, string | null>();
  return (word: string): string | undefined => {
    const hit = cache.get(word);
    if (hit !== undefined) return hit ?? undefined;
    const max = allowedEdits(word.length);
    let best: string | null = null;
    let bestDistance = max + 1;
    let tie = false;
    const short = word.length === 3;
    if (max > 0 && /^[a-z]+$/.test(word)) {
      for (let len = word.length - max; len <= word.length + max; len++) {
        for (const candidate of byLength.get(len) ?? []) {
          if (candidate[0] !== word[0] && candidate[1] !== word[1]) continue;
          if (short && (candidate.length !== 3 || !sameLetters(word, candidate))) continue;
          const d = editDistance(word, candidate, bestDistance);
          if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
            tie = false;
          } else if (d === bestDistance && d <= max && candidate !== best) {
            const diff = prefer(candidate) - prefer(best!);
            if (diff > 0) {
              best = candidate;
              tie = false;
            } else if (diff === 0 && !sameMeaning(candidate, best!)) tie = true;
          }
        }
      }
    }
    const result = best !== null && !tie && bestDistance <= max ? best : null;
    if (cache.size > 5000) cache.clear();
    cache.set(word, result);
    return result ?? undefined;
  };
}
