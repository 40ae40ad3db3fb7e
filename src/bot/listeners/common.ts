import type { BlockAction } from '@slack/bolt';
import { isAppError } from '../../errors.js';
import { escLine } from '../blocks/common.js';
import type { TurnDeps } from '../turn.js';

/** Where a button was clicked: its message, and the thread that message is in. */
export function whereClicked(body: BlockAction): { channel?: string; ts?: string; threadTs?: string } {
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  return {
    channel: body.channel?.id ?? body.container?.channel_id,
    ts: message?.ts ?? body.container?.message_ts,
    threadTs: message?.thread_ts,
  };
}

/** Tells the person who clicked, privately (in the thread, else by DM), one line. */
export async function tellClicker(
  deps: TurnDeps,
  where: { channel?: string; threadTs?: string },
  userId: string,
  text: string,
): Promise<void> {
  if (where.channel) await deps.io.ephemeral(where.channel, userId, text, where.threadTs);
  else await deps.io.post({ channel: userId, text });
}

/**
 * The one guard around every click and form: runs the use case and, when the policy refuses (AppError 'forbidden')
 * or the input is wrong, tells the person privately why. Nothing changed in either case.
 */
export async function guarded(
  deps: TurnDeps,
  who: { userId: string; where: { channel?: string; threadTs?: string } },
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (!isAppError(err, 'forbidden', 'invalid_input', 'conflict', 'not_found', 'approval_required')) throw err;
    // A refusal is the policy's own words (approver mentions included); other messages may carry data.
    const text = err.code === 'forbidden' ? err.message : `:warning: ${escLine(err.message)}`;
    await tellClicker(deps, who.where, who.userId, text);
  }
}

/** `guarded` for a button click. */
export function guardedClick(deps: TurnDeps, body: BlockAction, work: () => Promise<void>): Promise<void> {
  return guarded(deps, { userId: body.user.id, where: whereClicked(body) }, work);
}
