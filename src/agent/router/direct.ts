import { type Analysed, type Span, spansWith } from './analyse.js';
import type { DirectIntent } from './types.js';

const PRIORITY: DirectIntent[] = ['help', 'thanks', 'small_talk', 'greeting'];
const THANKS = /^(thanks|thank|thx|thnx|ty|tysm|cheers|appreciate|appreciated|ta|danke|merci|gracias)$/;
const GOODBYE = /^(bye|goodbye|byebye|later|night|gn|see|cya)$/;

export interface DirectMatch {
  intent: DirectIntent;
  /** Which reply text of the directive answers it: help, greeting, thanks, ack, small_talk, goodbye. */
  replyKey: string;
}

/** Adverbs that can sit inside a set phrase without changing it ("you *still* there?", "thank you *so very* much"). */
const INSERTED = new Set(['still', 'really', 'very', 'so', 'just', 'even', 'actually', 'ever', 'all']);

/** Tier-1 phrases also found with inserted adverbs left out; spans are in the message's token positions. */
function tier1Spans(a: Analysed): Span[] {
  const kept = a.keys.flatMap((k, i) => (INSERTED.has(k) ? [] : [i]));
  const keys = kept.map((i) => a.keys[i]!);
  const found: Span[] = [];
  for (let j = 0; j < keys.length; j++) {
    for (const m of a.lex.index.allAt(keys, j)) {
      const tags = m.value.filter((x) => x.startsWith('tier1.'));
      const start = kept[j]!;
      if (tags.length > 0) found.push({ start, len: kept[j + m.len - 1]! - start + 1, tags, shadowed: false });
    }
  }
  const all = [...spansWith(a, 'tier1.'), ...found];
  // A phrase inside a longer one is part of it ("great" in "have a great weekend").
  const inside = (s: Span, o: Span) => o.len > s.len && o.start <= s.start && o.start + o.len >= s.start + s.len;
  return all.filter((s) => !all.some((o) => inside(s, o)));
}

/** Tier 1: the whole message is greetings, thanks, help or small talk (plus polite words). */
export function matchDirect(a: Analysed): DirectMatch | undefined {
  const spans = tier1Spans(a);
  if (spans.length === 0) return undefined;
  const covered = new Set<number>();
  for (const s of spans) for (let j = s.start; j < s.start + s.len; j++) covered.add(j);
  // Words that are only filler ("hi *there*", "thanks *again*") ask for nothing.
  const onlyFiller = (i: number) => a.tagsAt[i]!.size === 1 && a.tagsAt[i]!.has('filler');
  const clean = a.tokens.every(
    (t, i) => t.kind === 'comma' || t.kind === 'sep' || covered.has(i) || a.lex.social.has(t.key) || onlyFiller(i),
  );
  if (!clean) return undefined;
  const kinds = new Set(spans.flatMap((s) => s.tags.filter((t) => t.startsWith('tier1.')).map((t) => t.slice(6))));
  const intent = PRIORITY.find((p) => kinds.has(p)) ?? 'greeting';
  let replyKey: string = intent;
  if (intent === 'thanks' && !a.keys.some((k) => THANKS.test(k))) replyKey = 'ack';
  if (intent === 'small_talk' && a.keys.some((k) => GOODBYE.test(k))) replyKey = 'goodbye';
  return { intent, replyKey };
}
