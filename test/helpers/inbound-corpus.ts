import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNoLlm } from '../../src/pipeline/llm/none.js';
import { classifyReply } from '../../src/pipeline/tracker/classify.js';
import { HUMAN_CLASSES } from '../../src/pipeline/tracker/verdict.js';
import { parseEml } from '../../src/providers/mail/parse-eml.js';

export const CORPUS_DIR = 'test/fixtures/inbound';
const CORPUS_NOW = new Date('2026-12-07T12:00:00Z');

/** What a corpus message should come out as: its kind, hard or soft, the address, the send it reports on. */
export interface Expectation {
  kind: string;
  hard?: boolean;
  recipient?: string;
  original?: string;
  /** Out-of-office: the day the author is back (YYYY-MM-DD), or null when none is stated. */
  returnDate?: string | null;
}

export interface Judgement {
  file: string;
  expected: Expectation;
  kind: string;
  hard: boolean | undefined;
  recipient: string | undefined;
  /** Every Message-ID the message names for matching (attached original, In-Reply-To, References). */
  ids: string[];
  kindOk: boolean;
  hardOk: boolean;
  recipientOk: boolean;
  originalOk: boolean;
  returnDateOk: boolean;
  /** A machine message read as a person's reply: the failure that matters most. */
  machineAsHuman: boolean;
}

export function loadCorpus(): Record<string, Expectation> {
  return JSON.parse(readFileSync(join(CORPUS_DIR, 'expected.json'), 'utf8')) as Record<string, Expectation>;
}

/** Parses and classifies one corpus message with the rules and the no-model fallback, and compares. */
export async function judge(file: string, expected: Expectation, now = CORPUS_NOW): Promise<Judgement> {
  const msg = await parseEml(readFileSync(join(CORPUS_DIR, file)));
  const verdict = await classifyReply(msg, { llm: createNoLlm(), prompt: () => '', now: () => now });
  const ids = [...(msg.originalMessageIds ?? []), msg.inReplyTo, ...msg.references].filter((v): v is string =>
    Boolean(v),
  );
  const human = (k: string) => HUMAN_CLASSES.includes(k as never);
  return {
    file,
    expected,
    kind: verdict.classification,
    hard: verdict.hardBounce,
    recipient: verdict.failedRecipient,
    ids,
    kindOk: verdict.classification === expected.kind,
    hardOk: expected.hard === undefined || verdict.hardBounce === expected.hard,
    recipientOk: expected.recipient === undefined || verdict.failedRecipient === expected.recipient,
    originalOk: expected.original === undefined || ids.includes(expected.original),
    returnDateOk:
      expected.returnDate === undefined ||
      (verdict.returnDate?.toISOString().slice(0, 10) ?? null) === expected.returnDate,
    machineAsHuman: !human(expected.kind) && human(verdict.classification),
  };
}
