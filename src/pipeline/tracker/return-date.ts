import * as chrono from 'chrono-node';

const PARSERS = [chrono.en, chrono.de, chrono.fr, chrono.es, chrono.nl, chrono.pt, chrono.it, chrono.sv];
/** Words of coming back, as stems: future and past forms ("rientrerò", "retornarei", "regresaré") say it too. */
const RETURN_WORDS =
  /\b(back|return\w*|in the office|reopen\w*|zurück|wieder|retour|rentr\w*|vuelt\w*|vuelv\w*|volver\w*|regres\w*|terug|volt\w*|retorn\w*|rientr\w*|torn\w*|tillbaka)\b/i;
/** "until" right before a date: the author is back the day after. */
const UNTIL_BEFORE =
  /\b(until|till|through|thru|bis( zum| einschließlich)?|jusqu'?(au|à)|hasta( el)?|tot en met|tot|t\/m|até|fino al|fino a|t\.o\.m\.)\s*$/i;
const DAY_MS = 86_400_000;

interface Candidate {
  date: Date;
  score: number;
}

function sentenceAround(text: string, index: number, length: number): string {
  const start =
    Math.max(text.lastIndexOf('.', index - 1), text.lastIndexOf('\n', index - 1), text.lastIndexOf('!', index - 1)) + 1;
  const tail = text.slice(index + length).search(/[.!\n]\s/);
  return text.slice(start, tail === -1 ? undefined : index + length + tail);
}

/**
 * The day an out-of-office author says they are back, in any of the languages chrono parses. "Back on the
 * 3rd" gives the 3rd; "away until the 2nd" gives the day after. Undefined when no future date is stated.
 */
export function findReturnDate(text: string, now: Date): Date | undefined {
  const candidates: Candidate[] = [];
  for (const parser of PARSERS) {
    for (const result of parser.parse(text, now)) {
      // Two-letter weekday abbreviations ("on", "to" in Swedish) are words in other languages.
      if (result.text.trim().length < 4 && !/\d/.test(result.text)) continue;
      if (!result.start.isCertain('day') && !result.start.isCertain('weekday')) continue;
      const before = text.slice(Math.max(0, result.index - 30), result.index);
      const isUntil = UNTIL_BEFORE.test(before) || result.end !== null;
      let date = (result.end ?? result.start).date();
      if (date.getTime() <= now.getTime() && !result.start.isCertain('year')) {
        // "Dec 2" written in late November means this year; a weekday or month-day already past means the next one.
        const forward = parser.parse(result.text, now, { forwardDate: true })[0];
        if (forward) date = (forward.end ?? forward.start).date();
      }
      if (isUntil) date = new Date(date.getTime() + DAY_MS);
      if (date.getTime() <= now.getTime() || date.getTime() - now.getTime() > 180 * DAY_MS) continue;
      const sentence = sentenceAround(text, result.index, result.text.length);
      const score = (RETURN_WORDS.test(sentence) ? 2 : 0) + (isUntil ? 1 : 0);
      candidates.push({ date, score });
    }
  }
  if (candidates.length === 0) return undefined;
  candidates.sort((a, b) => b.score - a.score || b.date.getTime() - a.date.getTime());
  const best = candidates[0]!.date;
  return new Date(Date.UTC(best.getUTCFullYear(), best.getUTCMonth(), best.getUTCDate()));
}
