import type { Analysed } from './analyse.js';
import type { Scored } from './candidate.js';
import type { Traps } from './traps.js';

const ACTIONS = new Set(['run_stage', 'suppress']);

/** "would you send the drafts now?": an action asked about rather than asked for. */
export function modalQuestion(a: Analysed, intent: string): boolean {
  return ACTIONS.has(intent) && a.norm.question && ['would', 'will'].includes(a.keys[0] ?? '');
}

const FILTERABLE = new Set(['search_companies', 'list_leads', 'list_drafts']);

/**
 * "law firms in Austin *with a website*", "restaurants in Austin *open late*": a clause after the request that the
 * parser cannot explain, whether or not a filter word opens it.
 */
export function filtered(a: Analysed, traps: Traps, best: Scored): boolean {
  if (!FILTERABLE.has(best.candidate.intent)) return false;
  // A search is complete once its place is named: words left after it qualify the companies.
  const last = Math.max(...best.candidate.used);
  const searched = best.candidate.intent === 'search_companies' && best.candidate.args.location !== undefined;
  if (searched && best.unexplained.some((i) => i > last)) return true;
  const first = Math.min(...best.candidate.used);
  const loose = new Set([...best.unexplained, ...best.conflicts]);
  return traps.filters.some((start) => {
    if (start <= first) return false;
    for (let i = start; i < a.tokens.length && a.tokens[i]!.kind !== 'sep'; i++) if (loose.has(i)) return true;
    return false;
  });
}

/** "… and email them": after a join (and "then"), a verb the chosen reading does not use starts a second step. */
function verbAfter(a: Analysed, join: number, best: Scored): boolean {
  const k = a.keys[join + 1] === 'then' ? join + 2 : join + 1;
  if (best.candidate.used.has(k)) return false;
  return [...(a.tagsAt[k] ?? [])].some((t) => t.startsWith('verb.'));
}

/**
 * Joins ("and then", ";", ", run …") between the chosen intent and another intent's words, or between its anchor
 * and another reading's anchor ("list drafts *and* win rates").
 */
export function severalRequests(a: Analysed, traps: Traps, best: Scored, scored: Scored[]): boolean {
  const joins = [
    ...traps.joins,
    ...a.tokens.flatMap((t, i) =>
      t.kind === 'comma' && [...(a.tagsAt[i + 1] ?? [])].some((x) => x.startsWith('verb.') || x.startsWith('stage.'))
        ? [i]
        : [],
    ),
  ];
  if (joins.length === 0) return false;
  if (best.conflicts.length > 0 || joins.some((j) => verbAfter(a, j, best))) return true;
  const mine = best.candidate.anchor.length > 0 ? best.candidate.anchor : [...best.candidate.used];
  return scored.some((s) => {
    const other = s.candidate;
    if (s === best || other.intent === best.candidate.intent || other.anchor.length === 0) return false;
    if (other.anchor.some((i) => best.candidate.used.has(i))) return false;
    const between = (x: number[], y: number[]) => joins.some((j) => j > Math.max(...x) && j < Math.min(...y));
    return between(mine, other.anchor) || between(other.anchor, mine);
  });
}
