import type { OutreachEventRecord } from '../outreach/ports.js';
import { stopSequence } from '../outreach/sequence.js';
import type { RunHandle } from '../runs/recorder.js';
import type { Classification } from './classify.js';
import { raiseHotLead } from './hot-lead.js';
import type { TrackerDeps } from './ingest.js';
import { HUMAN_CLASSES } from './verdict.js';

const DAY_MS = 86_400_000;
const isHuman = (classification: string | null) => HUMAN_CLASSES.includes(classification as never);

/** Machine messages that change nothing: a delivery delay or success notice, a report, an automatic reply. */
const NO_EFFECT: Record<string, string> = {
  auto_reply: 'none (automatic reply)',
  delay: 'none (delivery delayed; the server keeps trying)',
  delivered: 'none (delivery notice)',
  report: 'none (report ignored)',
};

const STOP_REASON: Record<string, string> = {
  bounce: 'bounced',
  left_company: 'contact left the company',
  unsubscribe: 'unsubscribed',
};

/**
 * What a matched message does to its sequence: a human reply stops it and counts once in the win rates (a positive
 * one raises the hot-lead alert); an out-of-office pauses it; a hard bounce, a leaver or an unsubscribe stops it (and
 * suppresses the address for bounces and unsubscribes); a second soft bounce stops it; machine notices do nothing.
 */
export async function applyEffects(
  event: OutreachEventRecord,
  send: OutreachEventRecord,
  c: Classification,
  deps: TrackerDeps,
  run?: RunHandle,
): Promise<string> {
  const sequence = send.sequenceId ? await deps.outreach.getSequence(send.sequenceId) : undefined;
  if (!sequence) return 'no sequence';
  const at = deps.now();
  const cls = c.classification;
  const others = (await deps.outreach.eventsForSequence(sequence.id)).filter(
    (e) => e.id !== event.id && e.status === 'received',
  );
  if (NO_EFFECT[cls]) return NO_EFFECT[cls];
  if (cls === 'out_of_office') {
    const until = c.returnDate && c.returnDate > at ? c.returnDate : new Date(at.getTime() + 7 * DAY_MS);
    if (sequence.status !== 'active' && sequence.status !== 'paused') return `none (sequence ${sequence.status})`;
    await deps.outreach.updateSequence(sequence.id, { status: 'paused', pausedUntil: until }, at);
    return `paused until ${until.toISOString().slice(0, 10)}`;
  }
  const soft = cls === 'bounce' && !c.hardBounce;
  if (soft && !others.some((e) => e.kind === 'bounce' && e.detail?.hardBounce === false))
    return 'none (soft bounce; the next touch tries again)';
  const human = isHuman(cls);
  const firstHumanReply = human && !c.viaLink && !others.some((e) => isHuman(e.classification));
  await deps.tx(async () => {
    await stopSequence(sequence.id, soft ? 'bounced twice (soft)' : (STOP_REASON[cls] ?? `replied (${cls})`), deps);
    const email = send.recipient ?? '';
    if (cls === 'unsubscribe' || (cls === 'bounce' && !soft))
      await deps.suppressions.add(
        {
          kind: 'email',
          value: email,
          reason: cls === 'bounce' ? 'hard bounce' : 'asked to unsubscribe by reply',
          source: 'tracker',
        },
        at,
      );
    if (((cls === 'bounce' && !soft) || cls === 'left_company') && send.contactId)
      await deps.contacts.update(send.contactId, { status: cls === 'bounce' ? 'bounced' : 'left_company' }, at);
    if (firstHumanReply)
      await deps.winRates.increment(
        sequence.industry,
        sequence.angle,
        { replies: 1, positiveReplies: cls === 'positive' ? 1 : 0 },
        at,
      );
  });
  if (cls === 'bounce' && !soft) await deps.senderHealth?.hardBounce(send);
  if (cls === 'positive' && firstHumanReply) await raiseHotLead(event, sequence.id, deps, run);
  return soft ? 'sequence stopped (second soft bounce)' : `sequence stopped (${cls.replace('_', ' ')})`;
}
