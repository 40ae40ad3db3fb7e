/** Jaro-Winkler similarity of two strings, 0 (nothing alike) to 1 (identical). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = true;
      bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * Token-set Jaccard similarity where two tokens count as the same when they are equal or nearly so
 * (Jaro-Winkler ≥ `tokenThreshold`, so "fmaily" matches "family"). 0 to 1.
 */
export function softTokenJaccard(a: readonly string[], b: readonly string[], tokenThreshold = 0.9): number {
  const left = [...new Set(a)];
  const right = [...new Set(b)];
  if (left.length === 0 && right.length === 0) return 1;
  const used = new Set<number>();
  let shared = 0;
  for (const token of left) {
    let best = -1;
    let bestScore = 0;
    right.forEach((other, j) => {
      if (used.has(j)) return;
      const score = token === other ? 1 : token.length >= 4 && other.length >= 4 ? jaroWinkler(token, other) : 0;
      if (score >= tokenThreshold && score > bestScore) {
        best = j;
        bestScore = score;
      }
    });
    if (best >= 0) {
      used.add(best);
      shared++;
    }
  }
  return shared / (left.length + right.length - shared);
}
