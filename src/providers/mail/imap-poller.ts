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
 * persisted UID watermark, so each reply is handed to `onMessage` once, even across restarts. A changed
 * UIDVALIDITY (the mailbox was rebuilt) or a first poll starts from the newest message rather than replaying all.
 * The watermark only moves past a message once `onMessage` resolved for it.
 */
export async function pollImap(
  imapUrl: string,
  deps: {
    state: KeyValueStore;
    now: () => Date;
    logger?: Logger;
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
    const saved = parseWatermark(deps.state.get(watermarkKey(mailbox)));
    if (!saved || saved.validity !== validity) {
      // First poll (or a rebuilt mailbox): start from now rather than replaying the whole inbox.
      deps.state.set(watermarkKey(mailbox), JSON.stringify({ validity, uid: uidNext - 1 }), deps.now());
      deps.logger?.info({ mailbox, uidNext }, 'IMAP watermark initialised; replies from now on will be read');
      return result;
    }
    let lastUid = saved.uid;
    if (uidNext - 1 <= lastUid) return result;
    for await (const message of client.fetch(`${lastUid + 1}:*`, { uid: true, source: true }, { uid: true })) {
      if (message.uid <= lastUid || !message.source) continue;
      result.fetched++;
      try {
        await deps.onMessage({ uid: message.uid, source: message.source });
        result.processed++;
      } catch (err) {
        result.failed++;
        deps.logger?.error({ err, uid: message.uid }, 'IMAP message could not be processed; it will be retried');
        break;
      }
      lastUid = message.uid;
      deps.state.set(watermarkKey(mailbox), JSON.stringify({ validity, uid: lastUid }), deps.now());
    }
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
