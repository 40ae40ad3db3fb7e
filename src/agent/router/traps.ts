import { type Analysed, firstContent, hasTag, politeBefore, spansWith } from './analyse.js';
import { knownCompound } from './industry-term.js';
import { tokensOf } from './slots.js';

/** What makes a message unsafe to act on directly. */
export interface Traps {
  negation: boolean;
  hypothetical: boolean;
  should: boolean;
  aboutCommand: boolean;
  exception: boolean;
  /** Reasoning/comparison/time words ("why", "best", "last week"), by token. */
  reasoning: number[];
  /** Conjunctions and sentence breaks ("and then", ";"), by token. */
  joins: number[];
  /** Where a relative clause or "with …" starts ("law firms *that have* …"), by token. */
  filters: number[];
  /** A remark, not a request: "the drafts are too long", "leads look good". */
  statement: boolean;
}

const COMMAND_CUES = [
  'verb.run',
  'verb.approve',
  'verb.reject',
  'verb.search',
  'stage.',
  'intent.suppress',
  'intent.digest',
];
const QUESTION_TAILS = new Set([
  'work',
  'works',
  'do',
  'does',
  'mean',
  'means',
  'used',
  'function',
  'happen',
  'happens',
]);
/** Help phrases that open a request rather than ask about leadbot ("help me find…"). */
const HELP_OPENERS = new Set(['help', 'help me', 'help please', 'can you help me', 'i need help', 'please help']);

/** "50 employees", "within 20 miles": numbers that filter, which no catalogue intent can express. */
function numberFilters(a: Analysed): number[] {
  return a.tokens.flatMap((t, i) =>
    t.kind === 'number' &&
    ((a.lex.units.has(a.keys[i + 1] ?? '') && !knownCompound(a, i + 1)) || a.keys[i - 1] === 'within')
      ? [i, i + 1]
      : [],
  );
}

const QUESTION_OPENERS = new Set([
  'what',
  'whats',
  'which',
  'how',
  'hows',
  'where',
  'who',
  'whos',
  'when',
  'why',
  'any',
  'is',
  'are',
  'do',
  'does',
  'did',
  'can',
  'could',
  'will',
  'would',
  'should',
  'have',
  'has',
  'may',
  'shall',
]);

/** The first word, filler or not: "what drafts are pending" opens with a question word even without "?". */
function firstWord(a: Analysed): string {
  return a.keys[a.tokens.findIndex((t) => t.kind === 'word')] ?? '';
}

/** No question, no command verb up front, and a copula after the subject ("the pipeline looks broken"). */
function isStatement(a: Analysed, start: number): boolean {
  if (a.norm.question || start < 0 || QUESTION_OPENERS.has(a.keys[start]!)) return false;
  if (QUESTION_OPENERS.has(firstWord(a))) return false;
  if ([...a.tagsAt[start]!].some((t) => t.startsWith('verb.') || t.startsWith('stage.') || t.startsWith('intent.'))) {
    if (!hasTag(a, start, 'noun.')) return false;
  }
  return spansWith(a, 'trap.statement').some(
    (s) => s.start > start && !['that', 'which', 'who'].includes(a.keys[s.start - 1] ?? ''),
  );
}

function lastWordKey(a: Analysed): string {
  for (let i = a.tokens.length - 1; i >= 0; i--) if (a.tokens[i]!.kind === 'word') return a.keys[i]!;
  return '';
}

/** Finds negations, hypotheticals, advice and how-to questions, exceptions, reasoning words and joins. */
export function findTraps(a: Analysed): Traps {
  const has = (tag: string) => spansWith(a, tag).length > 0;
  const about = spansWith(a, 'trap.aboutCommand');
  const commandCue = a.tokens.some((_t, i) => COMMAND_CUES.some((p) => hasTag(a, i, p)));
  const definitional = about.some((s) => ['a', 'an'].includes(a.keys[s.start + s.len] ?? ''));
  const aboutCommand =
    about.length > 0 && (commandCue || QUESTION_TAILS.has(lastWordKey(a)) || definitional || a.keys[0] === 'explain');
  const start = firstContent(a);
  const helpQuestion = spansWith(a, 'tier1.help').some((s) => {
    const text = a.keys.slice(s.start, s.start + s.len).join(' ');
    return !(HELP_OPENERS.has(text) && (s.start <= start || start === -1));
  });
  const joins = [
    ...tokensOf(spansWith(a, 'trap.conjunction')).filter((j) => !politeBefore(a, j)),
    ...a.tokens.flatMap((t, i) => (t.kind === 'sep' && i < a.tokens.length - 1 ? [i] : [])),
  ];
  return {
    // "don't email anyone at x.example" asks for a suppression: a negation inside its phrase is the request.
    negation: spansWith(a, 'trap.negation').some(
      (n) => !spansWith(a, 'intent.suppress').some((s) => s.start <= n.start && s.start + s.len >= n.start + n.len),
    ),
    hypothetical: has('trap.hypothetical'),
    should: has('trap.should'),
    aboutCommand: aboutCommand || helpQuestion,
    exception: has('trap.exception'),
    reasoning: [...tokensOf(spansWith(a, 'trap.reasoning')), ...numberFilters(a)],
    joins,
    filters: spansWith(a, 'trap.filter').map((s) => s.start + s.len),
    statement: isStatement(a, start),
  };
}
