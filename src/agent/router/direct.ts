import { type Analysed, spansWith } from './analyse.js';
import type { DirectIntent } from './types.js';

const PRIORITY: DirectIntent[] = ['help', 'thanks', 'small_talk', 'greeting'];
const THANKS = /^(thanks|thank|thx|thnx|ty|tysm|cheers|appreciate|appreciated|ta|danke|merci|gracias)$/;
const GOODBYE = /^(bye|goodbye|byebye|later|night|gn|see|cya)$/;

export interface DirectMatch {
  intent: DirectIntent;
  /** Which reply text of the directive answers it: help, greeting, thanks, ack, small_talk, goodbye. */
  replyKey: string;
}

/** Tier 1: the whole message is greetings, thanks, help or small talk (plus polite words). */
export function matchDirect(a: Analysed): DirectMatch | undefined {
  const spans = spansWith(a, 'tier1.');
  if (spans.length === 0) return undefined;
  const covered = new Set<number>();
  for (const s of spans) for (let j = s.start; j < s.start + s.len; j++) covered.add(j);
  const clean = a.tokens.every(
    (t, i) => t.kind === 'comma' || t.kind === 'sep' || covered.has(i) || a.lex.social.has(t.key),
  );
  if (!clean) return undefined;
  const kinds = new Set(spans.flatMap((s) => s.tags.filter((t) => t.startsWith('tier1.')).map((t) => t.slice(6))));
  const intent = PRIORITY.find((p) => kinds.has(p)) ?? 'greeting';
  let replyKey: string = intent;
  if (intent === 'thanks' && !a.keys.some((k) => THANKS.test(k))) replyKey = 'ack';
  if (intent === 'small_talk' && a.keys.some((k) => GOODBYE.test(k))) replyKey = 'goodbye';
  return { intent, replyKey };
}
