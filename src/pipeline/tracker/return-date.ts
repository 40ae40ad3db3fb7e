import * as chrono from 'chrono-node';

const PARSERS = [chrono.en, chrono.de, chrono.fr, chrono.es, chrono.nl, chrono.pt, chrono.it, chrono.sv];
const RETURN_WORDS =
  /\b(back|return(ing)?|returns|in the office|zurück|wieder|retour|de retour|rentre|vuelta|regreso|vuelvo|terug|weer|volta|retorno|rientro|torno|tillbaka)\b/i;
const UNTIL_WORDS =
  /\b(until|till|through|thru|bis|jusqu'?(au|à)|hasta|tot en met|tot|até|fino al|fino a|t\.o\.m\.)\b/i;

/**
 * The day an out-of-office author says they are back, in any of the languages chrono parses. "Back on the
 * 3rd" gives the 3rd; "away until the 2nd" gives the day after. Undefined when no future date is stated.
 */
export function findReturnDate(text: string, now: Date): Date | undefined {
  const candidates: { date: Date; score: number }[] = [];
  for (const parser of PARSERS) {
    for (const result of parser.parse(text, now, { forwardDate: true })) {
      const before = text.slice(Math.max(0, result.index - 40), result.index);
      const end = result.end?.date();
      let date = end ?? result.start.date();
      let score = 0;
      if (RETURN_WORDS.test(before)) score += 2;
      if (UNTIL_WORDS.test(before) || end) {
        score += 1;
        if (!RETURN_WORDS.test(before)) date = new Date(date.getTime() + 86_400_000);
      }
      if (!result.start.isCertain('day') && !result.start.isCertain('weekday')) continue;
      if (date.getTime() <= now.getTime()) continue;
      candidates.push({ date, score });
    }
  }
  if (candidates.length === 0) return undefined;
  candidates.sort((a, b) => b.score - a.score || b.date.getTime() - a.date.getTime());
  const best = candidates[0]!.date;
  // Resume at the start of that day (UTC), so the follow-up waits for them to be back.
  return new Date(Date.UTC(best.getUTCFullYear(), best.getUTCMonth(), best.getUTCDate()));
}
