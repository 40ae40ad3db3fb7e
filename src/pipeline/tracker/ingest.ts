import type { Transaction } from '../approvals/ports.js';
import type { CompanyRepo } from '../companies/ports.js';
import type { ContactRepo } from '../contacts/ports.js';
import type { WinRateRepo } from '../drafts/ports.js';
import type { LlmPort } from '../llm/ports.js';
import type { OutreachEventRecord, OutreachRepo, SuppressionRepo } from '../outreach/ports.js';
import { stopSequence } from '../outreach/send-due.js';
import type { RunHandle } from '../runs/recorder.js';
import { type Classification, classifyReply } from './classify.js';
import { HUMAN_CLASSES } from './classify-rules.js';
import { type InboundMessage, ownText } from './reply-text.js';
import { suggestResponse } from './suggest.js';

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
}

export interface TrackerDeps {
  outreach: OutreachRepo;
  suppressions: SuppressionRepo;
  contacts: ContactRepo;
  companies: CompanyRepo;
  winRates: WinRateRepo;
  alerts: AlertPort;
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

const DAY_MS = 86_400_000;

/**
 * Takes one inbound message: classifies it, matches it to the send it answers (In-Reply-To/References, then
 * the sender's address), records it (unmatched replies are kept, never dropped) and applies what it means:
 * a human reply stops the sequence and counts once per contact in the win rates; a positive one raises a
 * hot-lead alert; an out-of-office pauses until the stated return (or 7 days); bounces, leavers and
 * unsubscribe requests stop the sequence.
 */
export async function ingestReply(msg: InboundMessage, deps: TrackerDeps, run?: RunHandle): Promise<IngestResult> {
  if (msg.messageId) {
    const seen = deps.outreach.findInbound(msg.messageId);
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
  const send = matchSend(msg, classification, deps.outreach);
  const kind =
    classification.classification === 'bounce'
      ? 'bounce'
      : classification.classification === 'unsubscribe'
        ? 'unsubscribe'
        : HUMAN_CLASSES.includes(classification.classification) || classification.classification === 'left_company'
          ? 'reply'
          : 'auto_reply';
  const at = deps.now();
  const { event } = deps.outreach.insertEvent(
    {
      kind,
      status: 'received',
      sequenceId: send?.sequenceId ?? null,
      draftId: send?.draftId ?? null,
      contactId: send?.contactId ?? null,
      companyId: send?.companyId ?? null,
      recipient: msg.from,
      messageId: msg.messageId ?? null,
      inReplyTo: msg.inReplyTo ?? null,
      references: msg.references.join(' ') || null,
      subject: msg.subject,
      body: ownText(msg.text).text.slice(0, 10_000) || msg.text.slice(0, 10_000),
      classification: classification.classification,
      classificationSource: classification.source,
      detail: {
        reason: classification.reason,
        returnDate: classification.returnDate?.toISOString() ?? null,
        from: msg.from,
      },
      occurredAt: msg.date ?? at,
    },
    at,
  );
  const effect = send ? await applyEffects(event, send, classification, deps, run) : 'unmatched: kept for review';
  run?.log({
    kind: 'event',
    name: 'tracker.reply',
    status: 'ok',
    input: { from: msg.from, subject: msg.subject },
    output: `${classification.classification} · ${effect}`,
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

function matchSend(msg: InboundMessage, c: Classification, outreach: OutreachRepo): OutreachEventRecord | undefined {
  const ids = [msg.inReplyTo, ...msg.references].filter((v): v is string => Boolean(v));
  const byThread = outreach.findSendByMessageId(ids);
  if (byThread) return byThread;
  const address = c.failedRecipient ?? (c.classification === 'bounce' ? undefined : msg.from);
  return address ? outreach.findSendsToRecipient(address)[0] : undefined;
}

async function applyEffects(
  event: OutreachEventRecord,
  send: OutreachEventRecord,
  c: Classification,
  deps: TrackerDeps,
  run?: RunHandle,
): Promise<string> {
  const sequence = send.sequenceId ? deps.outreach.getSequence(send.sequenceId) : undefined;
  if (!sequence) return 'no sequence';
  const at = deps.now();
  const cls = c.classification;
  if (cls === 'out_of_office') {
    const until = c.returnDate && c.returnDate > at ? c.returnDate : new Date(at.getTime() + 7 * DAY_MS);
    if (sequence.status !== 'active' && sequence.status !== 'paused') return `none (sequence ${sequence.status})`;
    deps.outreach.updateSequence(sequence.id, { status: 'paused', pausedUntil: until }, at);
    return `paused until ${until.toISOString().slice(0, 10)}`;
  }
  if (cls === 'auto_reply') return 'none (automatic reply)';
  if (cls === 'bounce' && !c.hardBounce) return 'none (temporary delivery delay)';
  const human = HUMAN_CLASSES.includes(cls);
  const firstHumanReply =
    human &&
    !deps.outreach
      .eventsForSequence(sequence.id)
      .some((e) => e.id !== event.id && e.status === 'received' && HUMAN_CLASSES.includes(e.classification as never));
  deps.tx(() => {
    stopSequence(
      sequence.id,
      cls === 'bounce'
        ? 'bounced'
        : cls === 'left_company'
          ? 'contact left the company'
          : cls === 'unsubscribe'
            ? 'unsubscribed'
            : `replied (${cls})`,
      deps,
    );
    const email = send.recipient ?? '';
    if (cls === 'unsubscribe' || cls === 'bounce')
      deps.suppressions.add(
        {
          kind: 'email',
          value: email,
          reason: cls === 'bounce' ? 'hard bounce' : 'asked to unsubscribe by reply',
          source: 'tracker',
        },
        at,
      );
    if ((cls === 'bounce' || cls === 'left_company') && send.contactId)
      deps.contacts.update(send.contactId, { status: cls === 'bounce' ? 'bounced' : 'left_company' }, at);
    if (firstHumanReply)
      deps.winRates.increment(
        sequence.industry,
        sequence.angle,
        { replies: 1, positiveReplies: cls === 'positive' ? 1 : 0 },
        at,
      );
  });
  if (cls === 'positive' && firstHumanReply) await raiseHotLead(event, sequence.id, deps, run);
  return `sequence stopped (${cls.replace('_', ' ')})`;
}

async function raiseHotLead(
  event: OutreachEventRecord,
  sequenceId: number,
  deps: TrackerDeps,
  run?: RunHandle,
): Promise<void> {
  const contact = event.contactId ? deps.contacts.get(event.contactId) : undefined;
  const company = event.companyId ? deps.companies.get(event.companyId) : undefined;
  if (!contact || !company) return;
  const suggested = await suggestResponse({ reply: event.body ?? '', contact, company }, deps, run);
  const alert = {
    companyId: company.id,
    companyName: company.name,
    contactName: contact.fullName ?? contact.email ?? 'the contact',
    contactEmail: contact.email ?? '',
    contactTitle: contact.title,
    subject: event.subject ?? '',
    reply: event.body ?? '',
    suggestedResponse: suggested,
    sequenceId,
    eventId: event.id,
  };
  try {
    await deps.alerts.hotLead(alert);
  } catch (err) {
    // The reply is recorded and the sequence stopped; a failed alert is reported, not fatal.
    run?.log({ kind: 'event', name: 'tracker.hot_lead_alert', status: 'error', error: (err as Error).message });
  }
}
