const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
/** Words before "one" that make it a pronoun ("this one", "the first one"), not a number. */
const ONE_PRONOUN_BEFORE = new Set([
  'this',
  'that',
  'the',
  'which',
  'any',
  'every',
  'no',
  'each',
  'another',
  'a',
  'first',
  'second',
  'third',
  'last',
  'next',
  'other',
  'same',
  'new',
  'top',
  'best',
  'right',
  'wrong',
  'only',
  'big',
  'good',
]);

interface Piece {
  word: string;
  sep: string;
}

/** Splits into words (letters/apostrophes) and whatever separates them. */
function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  const re = /([A-Za-z]+(?:['’][A-Za-z]+)?)|([^A-Za-z]+)/g;
  for (const m of text.matchAll(re)) {
    if (m[1] !== undefined) out.push({ word: m[1], sep: '' });
    else if (out.length > 0) out[out.length - 1]!.sep += m[2]!;
    else out.push({ word: '', sep: m[2]! });
  }
  return out;
}

/** Reads a number starting at piece i; returns its value and how many pieces it used. */
function readNumber(ps: Piece[], i: number): { value: number; used: number } | undefined {
  const w = (k: number) => ps[k]?.word.toLowerCase() ?? '';
  const joinsNext = (k: number) => /^[\s-]+$/.test(ps[k]?.sep ?? '');
  let k = i;
  // "a dozen", "half a dozen", "a couple (of)", "a hundred"
  if (w(k) === 'half' && w(k + 1) === 'a' && w(k + 2) === 'dozen') return { value: 6, used: 3 };
  if ((w(k) === 'a' || w(k) === 'one') && w(k + 1) === 'dozen') return { value: 12, used: 2 };
  if (w(k) === 'a' && w(k + 1) === 'couple') return { value: 2, used: w(k + 2) === 'of' ? 3 : 2 };
  if (w(k) === 'couple' && w(k + 1) === 'of') return { value: 2, used: 2 };
  let total = 0;
  let current = 0;
  let seen = false;
  if (w(k) === 'a' && (w(k + 1) === 'hundred' || w(k + 1) === 'thousand')) {
    current = 1;
    k++;
    seen = true;
  }
  while (k < ps.length) {
    const word = w(k);
    if (word in UNITS && !(seen && current % 10 !== 0)) current += UNITS[word]!;
    else if (word in TENS && current % 100 === 0) current += TENS[word]!;
    else if (word === 'hundred' && seen) current = (current || 1) * 100;
    else if (word === 'thousand' && seen) {
      total += (current || 1) * 1000;
      current = 0;
    } else if (word === 'dozen' && seen) current *= 12;
    else if (word === 'and' && seen && (w(k + 1) in UNITS || w(k + 1) in TENS) && current >= 100) {
      k++;
      continue;
    } else break;
    seen = true;
    if (!joinsNext(k)) {
      k++;
      break;
    }
    k++;
  }
  if (!seen) return undefined;
  return { value: total + current, used: k - i };
}

/**
 * Turns number words into digits: "twenty law firms" → "20 law firms", "twenty-five" → "25", "a dozen" → "12",
 * "one hundred and five" → "105". "one" stays a word where it is a pronoun ("this one", "the first one").
 */
export function numberWordsToDigits(text: string): string {
  const ps = pieces(text);
  const out: string[] = [];
  for (let i = 0; i < ps.length; ) {
    const prev = i > 0 ? ps[i - 1]!.word.toLowerCase() : '';
    const word = ps[i]!.word.toLowerCase();
    const num = readNumber(ps, i);
    // "nice one," / "a good one": a word, then "one" closing the clause, is a pronoun, not a count.
    const closesClause = prev !== '' && (i === ps.length - 1 || /[,.;:!?]/.test(ps[i]!.sep));
    const pronounOne =
      word === 'one' && (ONE_PRONOUN_BEFORE.has(prev) || ps[i + 1]?.word.toLowerCase() === 'of' || closesClause);
    const bareA = word === 'a' && num?.used === 1;
    if (num && !pronounOne && !bareA && num.used > 0) {
      out.push(String(num.value) + ps[i + num.used - 1]!.sep);
      i += num.used;
    } else {
      out.push(ps[i]!.word + ps[i]!.sep);
      i++;
    }
  }
  return out.join('');
}
