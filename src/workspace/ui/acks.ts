import { assertMessageBlocks, normalizeBlocks } from '../api/blocks.js';
import type { DeliveryResult } from '../delivery/deliverer.js';
import type { EventDispatcher } from '../delivery/events.js';
import type { WorkspaceStore } from '../store/store.js';
import type { Json } from '../store/types.js';

/** Parses an ack body: JSON object, plain text, or nothing. */
export function parseAck(result: DeliveryResult): Json | string | undefined {
  const body = result.body.trim();
  if (body === '') return undefined;
  if (result.contentType.includes('json') || body.startsWith('{')) {
    try {
      const parsed = JSON.parse(body);
      return parsed && typeof parsed === 'object' ? (parsed as Json) : String(parsed);
    } catch {
      return body;
    }
  }
  return body;
}

/**
 * What Slack shows after a slash command: an error when the app did not answer in time, the ack's text or
 * blocks (ephemeral, or to everyone with `response_type: "in_channel"`), or nothing for an empty ack.
 */
export function handleCommandAck(
  store: WorkspaceStore,
  events: EventDispatcher,
  at: { channel: string; user: string; command: string },
  result: DeliveryResult,
): void {
  if (!result.ok) {
    const why = result.reason === 'http_timeout' ? 'operation_timeout' : 'http_service_error';
    store.postEphemeral({ channel: at.channel, user: at.user, text: `${at.command} failed with the error "${why}"` });
    return;
  }
  const ack = parseAck(result);
  if (ack === undefined) return;
  const body: Json = typeof ack === 'string' ? { text: ack } : ack;
  const text = typeof body.text === 'string' ? body.text : '';
  const blocks = Array.isArray(body.blocks) ? normalizeBlocks(body.blocks as Json[]) : undefined;
  try {
    assertMessageBlocks(blocks);
  } catch {
    store.postEphemeral({ channel: at.channel, user: at.user, text: `${at.command} answered with invalid blocks.` });
    return;
  }
  if (!text && !blocks?.length) return;
  const bot = store.identity;
  if (body.response_type === 'in_channel') {
    events.botPosted(store.post({ channel: at.channel, user: bot.botUser.id, botId: bot.botId, text, blocks }));
  } else store.postEphemeral({ channel: at.channel, user: at.user, text, blocks });
}
