import { type Analysed, firstContent } from './analyse.js';
import { type Candidate, candidate } from './candidate.js';
import { ordinal, type ParseMemory } from './followups.js';
import { familySpans, tokensOf } from './slots.js';
import { keyOf } from './tokens.js';
import { REQUEST_APPROVAL } from './types.js';

const ALL = new Set(['all', 'everything', 'them', 'these', 'those', 'everyone', 'every', 'each']);
const SKIP = new Set([
  'the',
  'and',
  'one',
  'ones',
  'of',
  'lead',
  'leads',
  'company',
  'companies',
  'number',
  'no',
  'nos',
]);

interface Refs {
  ids: number[];
  used: number[];
  unresolved: boolean;
}

/** Resolves "the first two", "1 and 3", "all", "Acme" to ids among the leads last shown. */
function resolveRefs(a: Analysed, from: number, shown: { id: number; name: string }[]): Refs {
  const picks: number[] = [];
  const used: number[] = [];
  let unresolved = false;
  const pick = (position: number) => {
    if (position >= 1 && position <= shown.length) picks.push(position - 1);
    else unresolved = true;
  };
  for (let i = from; i < a.tokens.length; i++) {
    const t = a.tokens[i]!;
    const key = t.key;
    const next = a.tokens[i + 1];
    const count = next?.kind === 'number' ? Number(next.key) : undefined;
    if (ALL.has(key)) {
      for (let p = 1; p <= shown.length; p++) pick(p);
      used.push(i);
    } else if (key === 'it' || key === 'this' || key === 'that') {
      if (shown.length === 1) pick(1);
      else unresolved = true;
      used.push(i);
    } else if (key === 'both') {
      if (shown.length === 2) {
        pick(1);
        pick(2);
      } else unresolved = true;
      used.push(i);
    } else if ((key === 'first' || key === 'top' || key === 'last') && count !== undefined) {
      const positions = Array.from({ length: count }, (_v, j) =>
        key === 'last' ? shown.length - count + 1 + j : j + 1,
      );
      positions.forEach(pick);
      used.push(i, i + 1);
      i++;
    } else if (key === 'last') {
      pick(shown.length);
      used.push(i);
    } else if (ordinal(key) !== undefined) {
      pick(ordinal(key)!);
      used.push(i);
    } else if (t.kind === 'number') {
      const to = ['to', 'through', 'thru'].includes(next?.key ?? '') ? a.tokens[i + 2] : undefined;
      if (to?.kind === 'number') {
        for (let p = Number(t.key); p <= Number(to.key); p++) pick(p);
        used.push(i, i + 1, i + 2);
        i += 2;
      } else {
        pick(Number(t.key));
        used.push(i);
      }
    } else if (t.kind === 'word' && !SKIP.has(key)) {
      const hit = shown.findIndex((s) => significantWord(s.name) === key);
      const dupes = shown.filter((s) => significantWord(s.name) === key).length;
      if (hit >= 0 && dupes === 1) {
        pick(hit + 1);
        used.push(i);
        const words = s(shown[hit]!.name);
        let j = 1;
        while (j < words.length && a.keys[i + j] === words[j]) used.push(i + j++);
        i += j - 1;
      }
    } else if (SKIP.has(key)) used.push(i);
  }
  return { ids: [...new Set(picks)].map((p) => shown[p]!.id), used, unresolved };
}

function s(name: string): string[] {
  return name
    .split(/\s+/)
    .map(keyOf)
    .filter((w) => w.length > 0);
}

function significantWord(name: string): string {
  return s(name).find((w) => !['the', 'a', 'an'].includes(w)) ?? '';
}

/** "approve the first two" → request_approval {decision, ids} among the leads last shown. */
export function approvalCandidate(a: Analysed, mem: ParseMemory): Candidate | undefined {
  const start = firstContent(a);
  const spans = [...familySpans(a, 'verb.approve'), ...familySpans(a, 'verb.reject')].filter(
    (sp) => !sp.shadowed && sp.start <= Math.max(start, 0),
  );
  const verb = spans[0];
  if (!verb) return undefined;
  const decision = verb.tags.includes('verb.approve') ? 'approve' : 'reject';
  const explains = ['verb.approve', 'verb.reject', 'noun.lead', 'noun.company', 'quantity', 'leadStatus.'];
  const shown = mem.shown ?? [];
  if (shown.length === 0) {
    const refs = resolveRefs(a, verb.start + verb.len, []);
    const used = new Set([...tokensOf([verb]), ...refs.used]);
    return candidate({ intent: REQUEST_APPROVAL, args: { decision }, base: 0.97, used, explains, missing: 'shown' });
  }
  const refs = resolveRefs(a, verb.start + verb.len, shown);
  return candidate({
    intent: REQUEST_APPROVAL,
    args: { decision, ids: refs.ids },
    base: 0.97,
    used: new Set([...tokensOf([verb]), ...refs.used]),
    explains,
    penalty: 0.2,
    missing: refs.ids.length > 0 && !refs.unresolved ? undefined : 'which',
  });
}

const CHOICE_WORDS = new Set([
  'option',
  'choice',
  'number',
  'no',
  'the',
  'one',
  'pick',
  'take',
  'go',
  'with',
  'please',
  'lets',
  'ill',
  'i',
  'do',
  'that',
  'it',
  'want',
  'id',
  'like',
]);
const YES = new Set([
  'yes',
  'yeah',
  'yep',
  'yup',
  'sure',
  'ok',
  'okay',
  'please',
  'correct',
  'right',
  'exactly',
  'y',
  'go',
  'ahead',
  'do',
  'it',
  'that',
]);

/** The text of the clarifying choice the user picked ("2", "the first one", "yes" when there was one). */
export function pickedChoice(a: Analysed, mem: ParseMemory): string | undefined {
  const choices = mem.choices ?? [];
  if (choices.length === 0) return undefined;
  const words = a.tokens.filter((t) => t.kind !== 'comma' && t.kind !== 'sep');
  const rest = words.filter((t) => !CHOICE_WORDS.has(t.key));
  if (rest.length === 1) {
    const t = rest[0]!;
    const n = t.kind === 'number' ? Number(t.key) : ordinal(t.key);
    if (n !== undefined && n >= 1 && n <= choices.length) return choices[n - 1]!.text;
  }
  if (choices.length === 1 && words.length > 0 && words.every((t) => YES.has(t.key))) return choices[0]!.text;
  return undefined;
}
