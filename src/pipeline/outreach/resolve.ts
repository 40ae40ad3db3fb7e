import { AppError } from '../../errors.js';
import type { OutreachDeps } from './deps.js';
import type { OutreachEventRecord } from './ports.js';
import { confirmSent, stopSequence } from './sequence.js';

export type SendResolution = 'resend' | 'mark_sent' | 'cancel';

/** A send waiting for a person: it may have left (uncertain), or it failed after every retry. */
export const needsReview = (e: OutreachEventRecord) =>
  e.kind === 'send' && (e.status === 'uncertain' || (e.status === 'failed' && e.classification !== 'hard_bounce'));

/**
 * A person's answer about a send that may have left or could not be made:
 * - resend: scheduled again now (a new Message-ID; the person checked it did not arrive);
 * - mark_sent: it did leave; confirmed like any send (follow-ups scheduled after a first email);
 * - cancel: never sent; a cancelled first email stops its sequence (no follow-up to a mail nobody got).
 * Returns `applied: false` (nothing changed) when the send was already resolved, with its state.
 * @throws AppError('not_found') for an id that is not a send.
 */
export async function resolveSend(
  input: { eventId: number; action: SendResolution; by: string },
  deps: OutreachDeps,
): Promise<{ applied: boolean; event: OutreachEventRecord }> {
  const event = await deps.outreach.getEvent(input.eventId);
  if (event?.kind !== 'send') throw new AppError('not_found', `No send #${input.eventId}`);
  if (!needsReview(event)) return { applied: false, event };
  const at = deps.now();
  const resolved = {
    ...(event.detail ?? {}),
    resolvedBy: input.by,
    resolution: input.action,
    resolvedAt: at.toISOString(),
  };
  let applied = false;
  if (input.action === 'mark_sent') {
    if (event.status === 'failed')
      throw new AppError('conflict', `Send #${event.id} failed before it could leave; resend or cancel it instead`);
    applied = await confirmSent(event.id, `marked as sent by ${input.by}`, deps);
    if (applied) await deps.outreach.updateEvent(event.id, { detail: resolved }, at);
  } else if (input.action === 'resend') {
    applied = await deps.outreach.transitionEvent(
      event.id,
      ['uncertain', 'failed'],
      { status: 'scheduled', scheduledFor: at, messageId: null, attempts: 0, error: null, detail: resolved },
      at,
    );
  } else {
    applied = await deps.tx(async () => {
      const done = await deps.outreach.transitionEvent(
        event.id,
        ['uncertain', 'failed'],
        { status: 'cancelled', error: `cancelled by ${input.by}`, detail: resolved },
        at,
      );
      if (done && (event.touch ?? 0) === 0 && event.sequenceId)
        await stopSequence(event.sequenceId, `first email cancelled by ${input.by}`, deps);
      return done;
    });
  }
  return { applied, event: (await deps.outreach.getEvent(event.id))! };
}
