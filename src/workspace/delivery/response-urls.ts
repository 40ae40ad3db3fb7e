import { assertMessageBlocks, normalizeBlocks } from '../api/blocks.js';
import { objects, SlackApiError, str } from '../api/call.js';
import { type RouteHandler, readBody, sendJson } from '../http.js';
import { hex } from '../ids.js';
import { messageJson } from '../store/serialize.js';
import type { WorkspaceStore } from '../store/store.js';
import type { Json } from '../store/types.js';
import type { EventDispatcher } from './events.js';

/** Slack: a response_url works up to 5 times within 30 minutes. */
const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60_000;

/** Where a response_url's answers go: the conversation, and the message that was clicked, if any. */
export interface ResponseTarget {
  channel: string;
  user: string;
  messageTs?: string;
  ephemeralTs?: string;
  threadTs?: string;
}

export interface ResponseUrls {
  issue(target: ResponseTarget): string;
  handler: RouteHandler;
}

/**
 * response_url endpoints (Bolt's `respond()` posts JSON here): `delete_original`, `replace_original`, or a
 * new message, ephemeral by default or visible to everyone with `response_type: "in_channel"`.
 */
export function createResponseUrls(
  store: WorkspaceStore,
  events: EventDispatcher,
  baseUrl: string,
  now: () => Date,
  prefix = '/workspace/respond/',
): ResponseUrls {
  const urls = new Map<string, ResponseTarget & { at: number; uses: number }>();
  const bot = store.identity.botUser;

  function apply(target: ResponseTarget, body: Json): void {
    const text = str(body, 'text') ?? '';
    const blocks = normalizeBlocks(objects(body, 'blocks'));
    const attachments = objects(body, 'attachments');
    assertMessageBlocks(blocks);
    const original = target.messageTs ? store.message(target.channel, target.messageTs) : undefined;
    const ephemeral = target.ephemeralTs ? store.ephemeral(target.ephemeralTs) : undefined;
    if (body.delete_original === true || body.delete_original === 'true') {
      if (ephemeral) store.removeEphemeral(ephemeral.ts);
      else if (original && original.user === bot.id && store.remove(original.channel, original.ts))
        events.botDeleted(original);
      return;
    }
    if (body.replace_original === true || body.replace_original === 'true') {
      if (ephemeral) store.replaceEphemeral(ephemeral, { text, blocks, attachments });
      else if (original && original.user === bot.id) {
        const previous = messageJson(original, store);
        store.update(original, { text, blocks, attachments, edited: { user: bot.id, ts: store.nextTs() } });
        events.botChanged(original, previous);
      } else throw new SlackApiError('message_not_found');
      return;
    }
    const threadTs = str(body, 'thread_ts') ?? target.threadTs;
    if (body.response_type === 'in_channel') {
      const m = store.post({
        channel: target.channel,
        user: bot.id,
        botId: store.identity.botId,
        text,
        blocks,
        attachments,
        threadTs,
      });
      events.botPosted(m);
    } else store.postEphemeral({ channel: target.channel, user: target.user, threadTs, text, blocks, attachments });
  }

  return {
    issue(target) {
      const at = now().getTime();
      for (const [key, entry] of urls) if (at - entry.at > RESPONSE_URL_TTL_MS) urls.delete(key);
      const id = `${store.identity.teamId}/${Date.now()}/${hex(12)}`;
      urls.set(id, { ...target, at, uses: 0 });
      return `${baseUrl}${prefix}${id}`;
    },
    async handler(req, res) {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (!path.startsWith(prefix) || req.method !== 'POST') return false;
      const entry = urls.get(path.slice(prefix.length));
      const raw = await readBody(req);
      if (!entry || now().getTime() - entry.at > RESPONSE_URL_TTL_MS) {
        sendJson(res, 404, { ok: false, error: 'expired_url' });
        return true;
      }
      if (entry.uses >= RESPONSE_URL_USES) {
        sendJson(res, 404, { ok: false, error: 'used_url' });
        return true;
      }
      entry.uses += 1;
      try {
        const type = String(req.headers['content-type'] ?? '');
        const body = type.includes('json')
          ? JSON.parse(raw)
          : JSON.parse(new URLSearchParams(raw).get('payload') ?? '{}');
        apply(entry, body as Json);
        sendJson(res, 200, { ok: true });
      } catch (err) {
        const error = err instanceof SlackApiError ? err.error : 'invalid_payload';
        sendJson(res, 400, { ok: false, error, ...(err instanceof SlackApiError ? err.extra : {}) });
      }
      return true;
    },
  };
}
