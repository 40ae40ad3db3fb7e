import { ImapFlow } from 'imapflow';
import { AppError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { KeyValueStore } from '../../pipeline/state/ports.js';

export interface PolledMessage {
  uid: number;
  source: Buffer;
}

export interface PollResult {
  fetched: number;
  processed: number;
  failed: number;
}

const watermarkKey = (mailbox: string) => `imap:${mailbox}:watermark`;

/**
 * Reads new messages from an IMAP mailbox (`IMAP_URL`, e.g. imaps://user:pass@imap.yourco.com:993/INBOX) from a
 * persisted UID watermark, so each reply is handed to `onMessage` once, even across restarts. A first poll (or a
 * changed UIDVALIDITY: the mailbox was rebuilt) reads from the day `firstPollSince` gives (the oldest send still
 * awaiting a reply; SEARCH SINCE is by day, and copies are handed over once by Message-ID), or from the newest
 * message when nothing awaits a reply. The watermark only moves past a message once `onMessage` resolved for it.
 */
export async function pollImap(
  imapUrl: string,
  deps: {
    state: KeyValueStore;
    now: () => Date;
    logger?: Logger;
    /** Where a first poll starts: the day of the oldest send still awaiting a reply; undefined = from now on. */
    firstPollSince?: () => Promise<Date | undefined> | Date | undefined;
    onMessage: (message: PolledMessage) => Promise<void>;
  },
): Promise<PollResult> {
  const url = new URL(imapUrl);
  const mailbox = decodeURIComponent(url.pathname.replace(/^\/+/, '')) || 'INBOX';
  const client = new ImapFlow({
    host: url.hostname,
    port: Number(url.port) || (url.protocol === 'imaps:' ? 993 : 143),
    secure: url.protocol === 'imaps:',
    auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    logger: false,
    connectionTimeout: 15_000,
  });
  const result: PollResult = { fetched: 0, processed: 0, failed: 0 };
  try {
    await client.connect();
  } catch (cause) {
    throw new AppError('provider_failed', `IMAP: cannot connect to ${url.hostname} (${(cause as Error).message})`, {
      cause,
    });
  }
  const lock = await client.getMailboxLock(mailbox);
  try {
    const status = client.mailbox;
    const validity = status && typeof status === 'object' ? String(status.uidValidity) : '0';
    const uidNext = status && typeof status === 'object' ? status.uidNext : 1;
    const saved = parseWatermark(await deps.state.get(watermarkKey(mailbox)));
    const save = (uid: number) => deps.state.set(watermarkKey(mailbox), JSON.stringify({ validity, uid }), deps.now());
    let range: string | number[];
    let lastUid: number;
    if (!saved || saved.validity !== validity) {
      const since = await deps.firstPollSince?.();
      if (!since) {
        // Nothing awaits a reply: start from now rather than replaying the whole inbox.
        await save(uidNext - 1);
        deps.logger?.info({ mailbox, uidNext }, 'IMAP watermark initialised; replies from now on will be read');
        return result;
      }
      const found = await client.search({ since }, { uid: true });
      range = (Array.isArray(found) ? found : []).sort((a, b) => a - b);
      lastUid = (range[0] ?? uidNext) - 1;
      deps.logger?.info(
        { mailbox, since, messages: range.length },
        'IMAP first poll: reading from the oldest open send',
      );
      if (range.length === 0) {
        await save(uidNext - 1);
        return result;
      }
    } else {
      lastUid = saved.uid;
      if (uidNext - 1 <= lastUid) return result;
      range = `${lastUid + 1}:*`;
    }
    const seenIds = new Set<string>();
    for await (const message of client.fetch(range, { uid: true, source: true, envelope: true }, { uid: true })) {
      if (message.uid <= lastUid || !message.source) continue;
      const id = message.envelope?.messageId;
      if (id && seenIds.has(id)) {
        lastUid = message.uid;
        await save(lastUid);
        continue;
      }
      result.fetched++;
      try {
        await deps.onMessage({ uid: message.uid, source: message.source });
        result.processed++;
      } catch (err) {
        result.failed++;
        deps.logger?.error({ err, uid: message.uid }, 'IMAP message could not be processed; it will be retried');
        break;
      }
      if (id) seenIds.add(id);
      lastUid = message.uid;
      await save(lastUid);
    }
    if (result.failed === 0 && Array.isArray(range)) await save(Math.max(lastUid, uidNext - 1));
  } finally {
    lock.release();
    await client.logout().catch(() => undefined);
  }
  return result;
}

function parseWatermark(text: string | undefined): { validity: string; uid: number } | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as { validity?: string; uid?: number };
    return typeof value.validity === 'string' && typeof value.uid === 'number'
      ? { validity: value.validity, uid: value.uid }
      : undefined;
  } catch {
    return undefined;
  }
}
