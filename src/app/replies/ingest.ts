import type { Container } from '../../container/index.js';
import type { OutreachEventRecord } from '../../pipeline/outreach/ports.js';
import type { RunTrigger } from '../../pipeline/runs/ports.js';
import type { RunHandle } from '../../pipeline/runs/recorder.js';
import { type AlertPort, type IngestResult, ingestReply } from '../../pipeline/tracker/ingest.js';
import type { InboundMessage } from '../../pipeline/tracker/reply-text.js';
import { parseEml } from '../../providers/mail/parse-eml.js';

/** Hot-lead alerts as notifications: the Slack side (or nobody, in the CLI) listens for 'hotLead'. */
function appAlerts(app: Container): AlertPort {
  return {
    hotLead: (alert) => app.notifier.emit('hotLead', alert),
    complaint: (alert) => app.notifier.emit('complaint', alert),
  };
}

/** The send a reply answered, as `ingest-reply` shows it. */
export interface MatchedSend {
  eventId: number;
  draftId: number | null;
  touch: number;
  recipient: string | null;
  subject: string | null;
  messageId: string | null;
}

export interface IngestedReply {
  runId: string;
  from: string;
  subject: string;
  result: IngestResult;
  send: MatchedSend | null;
}

/**
 * Reads one raw email (an .eml file's bytes) as a reply: parses it before anything is written, then classifies,
 * matches and applies it in a tracked run of kind 'reply' (hot replies raise the 'hotLead' notification).
 * @throws AppError('invalid_input') when the bytes are not an email with a sender (nothing is written).
 */
export async function ingestRawReply(
  app: Container,
  source: Buffer | string,
  request: { trigger: RunTrigger; requestedBy: string },
): Promise<IngestedReply> {
  return ingestParsedReply(app, await parseReply(source), request);
}

/** `ingestRawReply` for a message already parsed with `parseReply`. */
async function ingestParsedReply(
  app: Container,
  msg: InboundMessage,
  request: { trigger: RunTrigger; requestedBy: string },
): Promise<IngestedReply> {
  const run = await app.recorder.start({
    kind: 'reply',
    trigger: request.trigger,
    requestedBy: request.requestedBy,
    input: { from: msg.from, subject: msg.subject, messageId: msg.messageId ?? null },
  });
  try {
    const out = await ingestOne(app, msg, run);
    await run.complete(`${out.result.classification.classification} from ${msg.from} · ${out.result.effect}`);
    return { ...out, runId: run.id };
  } catch (err) {
    await run.fail(err);
    throw err;
  }
}

/**
 * Parses raw bytes into a message the tracker can read. No From (or `From: <>`) is fine: bounces come that way.
 * @throws AppError('invalid_input') when the bytes are not a mail message.
 */
export async function parseReply(source: Buffer | string): Promise<InboundMessage> {
  return parseEml(source);
}

/** Ingests a parsed reply within `run` and finds the send it answered. */
export async function ingestOne(
  app: Container,
  msg: InboundMessage,
  run: RunHandle,
  source = 'file',
): Promise<Omit<IngestedReply, 'runId'>> {
  const result = await ingestReply(msg, app.outreach.trackerDeps(appAlerts(app)), run, source);
  return { from: msg.from, subject: msg.subject, result, send: await matchedSend(app, msg, result) };
}

async function matchedSend(app: Container, msg: InboundMessage, result: IngestResult): Promise<MatchedSend | null> {
  if (result.sequenceId === null) return null;
  const { outreach } = app.outreach;
  const ids = [...(msg.originalMessageIds ?? []), msg.inReplyTo, ...msg.references].filter((v): v is string =>
    Boolean(v),
  );
  const sends = (await outreach.eventsForSequence(result.sequenceId)).filter((e) => e.kind === 'send' && e.messageId);
  const send: OutreachEventRecord | undefined =
    sends.find((e) => ids.includes(e.messageId!)) ?? sends.filter((e) => e.status === 'sent').at(-1);
  if (!send) return null;
  return {
    eventId: send.id,
    draftId: send.draftId,
    touch: send.touch ?? 0,
    recipient: send.recipient,
    subject: send.subject,
    messageId: send.messageId,
  };
}
