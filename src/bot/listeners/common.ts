import type { BlockAction } from '@slack/bolt';
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

/** Tells a non-approver, privately, that only approvers can do this; nothing changes. */
export async function refuse(deps: TurnDeps, body: BlockAction, what: string): Promise<void> {
  const where = whereClicked(body);
  const approvers = deps.app.config.slack.approverUserIds.map((id) => `<@${id}>`).join(', ');
  const text = `Only approvers can ${what}${approvers ? ` (${approvers})` : ''}. Nothing was changed.`;
  if (where.channel) await deps.io.ephemeral(where.channel, body.user.id, text, where.threadTs);
  else await deps.io.post({ channel: body.user.id, text });
}
