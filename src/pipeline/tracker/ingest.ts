import type { Transaction } from '../approvals/ports.js';
import type { CompanyRepo } from '../companies/ports.js';
import type { ContactRepo } from '../contacts/ports.js';
import type { WinRateRepo } from '../drafts/ports.js';
import type { LlmPort } from '../llm/ports.js';
import type { SenderHealthPort } from '../outreach/pool/health.js';
import type { OutreachEventRecord, OutreachRepo, SuppressionRepo } from '../outreach/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import { type Classification, classifyReply } from './classify.js';
import { applyComplaint, type ComplaintAlert } from './complaint.js';
import { applyEffects } from './effects.js';
import type { InboundIssueRepo } from './ports.js';
import { type InboundMessage, ownText } from './reply-text.js';
import { HUMAN_CLASSES } from './verdict.js';

export interface HotLeadAlert {
  companyId: number;
  companyName: string;
  contactName: string;
  contactEmail: string;
  contactTitle: string | null;
  subject: string;
  reply: string;
  suggestedResponse: string;
  sequenceId: number;
  eventId: number;
}

/** Where hot-lead alerts go (Slack ALERT_CHANNEL, the local workspace); implemented by the bot. */
export interface AlertPort {
  hotLead(alert: HotLeadAlert): Promise<void>;
  /** A spam complaint: the address is already suppressed and its sequences stopped. */
  complaint?(alert: ComplaintAlert): Promise<void>;
}

export interface TrackerDeps {
  outreach: OutreachRepo;
  suppressions: SuppressionRepo;
  contacts: ContactRepo;
  companies: CompanyRepo;
  winRates: WinRateRepo;
  alerts: AlertPort;
  /** Hard bounces and complaints count against the sender that sent (automatic pause). */
  senderHealth?: SenderHealthPort;
  issues: InboundIssueRepo;
  llm: LlmPort;
  classifyPrompt: () => string;
  suggestPrompt: () => string;
  suggestTemplate: () => string;
  tx: Transaction;
  now: () => Date;
}

export interface IngestResult {
  eventId: number;
  duplicate: boolean;
  matched: boolean;
  classification: Classification;
  sequenceId: number | null;
  /** What happened to the sequence: stopped, paused until a date, or nothing. */
  effect: string;
}

/** Classes that need a person when they match no send; other machine mail (auto-replies, notices, reports) does not. */
const REVIEW_WHEN_UNMATCHED = new Set(['bounce', 'complaint', 'left_company', ...HUMAN_CLASSES]);

function eventKind(cls: Classification['classification']): OutreachEventRecord['kind'] {
  if (cls === 'bounce' || cls === 'unsubscribe') return cls;
  // A complaint is the recipient's "never again" said through their provider: recorded as an unsubscribe.
  if (cls === 'complaint') return 'unsubscribe';
  return HUMAN_CLASSES.includes(cls) || cls === 'left_company' ? 'reply' : 'auto_reply';
}

/**
 * Takes one inbound message: classifies it, matches it to the send it answers (the attached original's Message-ID,
 * In-Reply-To/References, then the address), records it and applies what it means (see applyEffects; complaints
 * suppress and stop everything at once). A message that matches no send is kept and listed for review when a person
 * should look at it.
 */
export async function ingestReply(
  msg: InboundMessage,
  deps: TrackerDeps,
  run?: RunHandle,
  source = 'file',
): Promise<IngestResult> {
  if (msg.messageId) {
    const seen = await deps.outreach.findInbound(msg.messageId);
    if (seen)
      return {
        eventId: seen.id,
        duplicate: true,
        matched: seen.sequenceId !== null,
        classification: {
          classification: seen.classification as Classification['classification'],
          reason: 'already ingested',
          source: seen.classificationSource ?? 'rules',
        },
        sequenceId: seen.sequenceId,
        effect: 'none (already ingested)',
      };
  }
  const classification = await classifyReply(msg, { llm: deps.llm, prompt: deps.classifyPrompt, now: deps.now }, run);
  const send = await matchSend(msg, classification, deps.outreach);
  const at = deps.now();
  const cls = classification.classification;
  const machineText = !HUMAN_CLASSES.includes(cls) && cls !== 'left_company' && cls !== 'out_of_office';
  const { event } = await deps.outreach.insertEvent(
    {
      kind: eventKind(cls),
      status: 'received',
      sequenceId: send?.sequenceId ?? null,
      draftId: send?.draftId ?? null,
      contactId: send?.contactId ?? null,
      companyId: send?.companyId ?? null,
      recipient: msg.from || null,
      messageId: msg.messageId ?? null,
      inReplyTo: msg.inReplyTo ?? null,
      references: msg.references.join(' ') || null,
      subject: msg.subject,
      body: (machineText ? '' : ownText(msg.text).text.slice(0, 10_000)) || msg.text.slice(0, 10_000),
      classification: cls,
      classificationSource: classification.source,
      detail: {
        reason: classification.reason,
        returnDate: classification.returnDate?.toISOString() ?? null,
        from: msg.from,
        hardBounce: classification.hardBounce ?? null,
        failedRecipient: classification.failedRecipient ?? null,
        status: classification.status ?? null,
      },
      occurredAt: msg.date ?? at,
    },
    at,
  );
  let effect =
    cls === 'complaint'
      ? await applyComplaint(event, send, classification, deps, run)
      : send
        ? await applyEffects(event, send, classification, deps, run)
        : 'unmatched: kept for review';
  if (!send && cls === 'unsubscribe' && msg.from)
    // Whoever asks is never mailed again, whether or not the request names the send it answers.
    await deps.suppressions.add(
      { kind: 'email', value: msg.from, reason: 'asked to unsubscribe', source: 'tracker' },
      at,
    );
  if (!send && REVIEW_WHEN_UNMATCHED.has(cls)) await keepUnmatched(msg, event, classification, deps, source);
  else if (!send) effect = cls === 'complaint' ? effect : 'unmatched: no effect';
  await run?.log({
    kind: 'event',
    name: 'tracker.reply',
    status: 'ok',
    input: { from: msg.from, subject: msg.subject },
    output: `${cls} · ${effect}`,
  });
  return {
    eventId: event.id,
    duplicate: false,
    matched: Boolean(send),
    classification,
    sequenceId: send?.sequenceId ?? null,
    effect,
  };
}

async function keepUnmatched(
  msg: InboundMessage,
  event: OutreachEventRecord,
  c: Classification,
  deps: TrackerDeps,
  source: string,
): Promise<void> {
  const about = c.failedRecipient ?? (msg.from || 'an unknown sender');
  await deps.issues.record(
    {
      key: msg.messageId ?? `event:${event.id}`,
      reason: 'unmatched',
      detail: `${c.classification.replace('_', ' ')} about ${about}: no send of ours matches it`,
      source,
      messageId: msg.messageId ?? null,
      sender: msg.from || null,
      subject: msg.subject || null,
      classification: c.classification,
      eventId: event.id,
      raw: null,
      receivedAt: msg.date ?? null,
    },
    deps.now(),
  );
}

/** The send a message is about: by Message-ID (the attached original, then the thread), then by address. */
async function matchSend(
  msg: InboundMessage,
  c: Classification,
  outreach: OutreachRepo,
): Promise<OutreachEventRecord | undefined> {
  const ids = [...(msg.originalMessageIds ?? []), msg.inReplyTo, ...msg.references].filter((v): v is string =>
    Boolean(v),
  );
  const byId = await outreach.findSendByMessageId(ids);
  if (byId) return byId;
  const machine =
    !HUMAN_CLASSES.includes(c.classification) &&
    c.classification !== 'out_of_office' &&
    c.classification !== 'auto_reply' &&
    c.classification !== 'left_company';
  const address = c.failedRecipient ?? (machine ? undefined : msg.from || undefined);
  return address ? (await outreach.findSendsToRecipient(address))[0] : undefined;
}
