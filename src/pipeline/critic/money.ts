/** A dollar figure found in text. */
export interface DollarFigure {
  /** As written, e.g. "$1.2M". */
  text: string;
  value: number;
}

const NUM = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`;
const SCALE = '(k|thousand|mm|m|mn|million|bn|b|billion)';
const SCALES: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
};
/** "$150–200k", "$150k to $200k": the scale written once applies to both ends. */
const RANGE = new RegExp(
  String.raw`(?:\$|USD\s?)\s?${NUM}\s*${SCALE}?\s*(?:-|–|—|to)\s*(?:\$|USD\s?)?\s?${NUM}\s*${SCALE}?\b`,
  'gi',
);
const PREFIXED = new RegExp(String.raw`(?:\$|USD\s?)\s?${NUM}(?:\s*${SCALE}\b)?`, 'gi');
const SUFFIXED = new RegExp(String.raw`\b${NUM}\s*${SCALE}?\s+(?:US\s)?(?:dollars|USD)\b`, 'gi');

const toNumber = (digits: string, scale: string | undefined) =>
  Number(digits.replace(/,/g, '')) * (scale ? (SCALES[scale.toLowerCase()] ?? 1) : 1);

/**
 * Every dollar figure in `text`, in order: "$180k", "$180,000", "$1.2M", "$2 million", "180 thousand dollars",
 * "USD 40,000", and both ends of "$150–200k".
 */
export function parseDollarFigures(text: string): DollarFigure[] {
  const found: (DollarFigure & { index: number; end: number })[] = [];
  const taken = (start: number, end: number) => found.some((f) => start < f.end && end > f.index);
  for (const m of text.matchAll(RANGE)) {
    const [whole, a, scaleA, b, scaleB] = m;
    // Only a real range when the second number has a $ or a scale; "$5 to 10 sites" is not one.
    if (!scaleB && !/(?:-|–|—|to)\s*(?:\$|USD)/i.test(whole)) continue;
    const scale = scaleA ?? scaleB;
    const index = m.index;
    found.push({ text: whole.trim(), value: toNumber(a!, scale), index, end: index + whole.length });
    found.push({ text: whole.trim(), value: toNumber(b!, scaleB ?? scale), index, end: index + whole.length });
  }
  for (const pattern of [PREFIXED, SUFFIXED]) {
    for (const m of text.matchAll(pattern)) {
      const index = m.index;
      const end = index + m[0].length;
      if (taken(index, end)) continue;
      found.push({ text: m[0].trim(), value: toNumber(m[1]!, m[2]), index, end });
    }
  }
  return found.sort((x, y) => x.index - y.index).map(({ text: t, value }) => ({ text: t, value }));
}

/** "$870", "$9,870", "$152k", "$1.25M": three significant figures at most, so it stays within rounding. */
export function formatMoney(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `$${trim((value / 1e6).toPrecision(3))}M`;
  if (abs >= 1e4) return `$${trim((value / 1e3).toPrecision(3))}k`;
  return `$${Math.round(value).toLocaleString('en-US')}`;
}

const trim = (digits: string) => (digits.includes('.') ? digits.replace(/\.?0+$/, '') : digits);
