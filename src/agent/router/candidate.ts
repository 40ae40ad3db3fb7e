import { type Analysed, firstContent, hasTag } from './analyse.js';
import type { IntentName, RouteArgs } from './types.js';

export type MissingArg = 'location' | 'industry' | 'company' | 'target' | 'stage' | 'context' | 'shown' | 'which';

/** One possible reading of the message, before scoring. */
export interface Candidate {
  intent: IntentName;
  args: RouteArgs;
  /** Confidence when every word is explained. */
  base: number;
  /** Tokens consumed by the anchor phrase and the argument slots. */
  used: Set<number>;
  /** Tag prefixes this intent absorbs ("verb.list", "leadStatus."). */
  explains: string[];
  /** Confidence lost per unexplained word (higher for actions). */
  penalty: number;
  missing?: MissingArg;
  /** A count outside 1–100. */
  outOfRange?: number;
  /** Several values where one is expected (two industries, two places, two stages). */
  multi?: boolean;
  /** Several industries where one is expected: the terms, offered as a choice ("Which industry: A or B?"). */
  options?: string[];
  /** The tokens of those industries (a join between them is part of the choice, not a second request). */
  optionTokens?: number[];
  /** Tokens that anchor the intent (for "several requests" detection). */
  anchor: number[];
}

export interface Scored {
  candidate: Candidate;
  confidence: number;
  unexplained: number[];
  /** Unexplained tokens that are another intent's cue. */
  conflicts: number[];
}

/** Tags that name an intent of their own: present but unexplained means another request. */
const STRONG_CUES = [
  'intent.',
  'stage.',
  'noun.lead',
  'noun.draft',
  'industry.',
  'verb.approve',
  'verb.reject',
  'follow.more',
  'leadStatus.',
  'draftStatus.',
  'noun.owned',
];
const MODIFIED = ['noun.lead', 'noun.company', 'noun.draft', 'industry.'];
/** Always absorbed: social words ("thanks", "hi") around a command. */
const SOCIAL = ['tier1.greeting', 'tier1.thanks', 'tier1.small_talk'];

/** Token i is part of a multi-word phrase naming another intent ("how many leads", "win rates"). */
function inStrongPhrase(a: Analysed, i: number): boolean {
  return a.spans.some(
    (s) =>
      !s.shadowed &&
      s.len >= 2 &&
      s.start <= i &&
      s.start + s.len > i &&
      s.tags.some((t) => STRONG_CUES.some((p) => t.startsWith(p))),
  );
}

/** Social words count as polite wrapping only before or after the request ("thanks, now …", "… thanks!"). */
function outside(c: Candidate, i: number): boolean {
  if (c.used.size === 0) return true;
  return i < Math.min(...c.used) || i > Math.max(...c.used);
}

/** Token i is part of a multi-word verb this intent does not use ("*we need* … prospects" for a list). */
function inForeignVerb(a: Analysed, i: number, c: Candidate): boolean {
  return a.spans.some(
    (s) =>
      !s.shadowed &&
      s.len >= 2 &&
      s.start <= i &&
      s.start + s.len > i &&
      s.tags.some((t) => t.startsWith('verb.')) &&
      !s.tags.some((t) => c.explains.some((p) => t.startsWith(p))),
  );
}

function explainedBy(a: Analysed, i: number, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => hasTag(a, i, p));
}

/** Scores a candidate: base minus a penalty for every word it cannot explain. */
export function scoreCandidate(a: Analysed, c: Candidate): Scored {
  const unexplained: number[] = [];
  const conflicts: number[] = [];
  let corrected = 0;
  const first = firstContent(a);
  const mixed = /\p{Ll}/u.test(a.norm.text) && /\p{Lu}/u.test(a.norm.text);
  a.tokens.forEach((t, i) => {
    if (t.kind === 'comma' || t.kind === 'sep') return;
    if (t.corrected) corrected++;
    if (c.used.has(i) || explainedBy(a, i, c.explains) || (explainedBy(a, i, SOCIAL) && outside(c, i))) return;
    if (explainedBy(a, i, STRONG_CUES) && (!hasTag(a, i, 'filler') || inStrongPhrase(a, i))) {
      conflicts.push(i);
      return;
    }
    const filler = hasTag(a, i, 'filler') || (a.tagsAt[i]!.size === 0 && a.lex.social.has(t.key));
    if (filler && !inForeignVerb(a, i, c)) return;
    unexplained.push(i);
    // Count twice what changes the request if ignored: an unknown word right before the thing asked for ("hot
    // leads"), an unknown verb ("email all approved leads"), a name ("drafts for Acme").
    const modifier = MODIFIED.some((p) => hasTag(a, i + 1, p));
    const name = t.capital && i > 0 && mixed && a.tokens[i - 1]!.kind !== 'sep';
    if (modifier || i === first || name) unexplained.push(i);
  });
  const lost = c.penalty * unexplained.length + Math.max(c.penalty, 0.2) * conflicts.length + 0.03 * corrected;
  const confidence = Math.max(0, Math.min(1, Math.round((c.base - lost) * 100) / 100));
  return { candidate: c, confidence, unexplained, conflicts };
}

export function candidate(partial: Omit<Candidate, 'penalty' | 'anchor'> & Partial<Candidate>): Candidate {
  return { penalty: 0.12, anchor: [...partial.used], ...partial };
}
