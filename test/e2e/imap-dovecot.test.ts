import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyValueStore } from '../../src/pipeline/state/ports.js';
import { pollImap } from '../../src/providers/mail/imap-poller.js';
import { type Dovecot, dovecotAvailable, startDovecot } from '../helpers/dovecot.js';

const DAY = 86_400_000;
const available = dovecotAvailable();
if (!available)
  console.warn('Skipping the Dovecot IMAP tests: /usr/sbin/dovecot is not installed (apt-get install dovecot-imapd).');

const mail = (id: string, subject: string) =>
  `From: Pat <pat@harborclinic.example>\r\nTo: ana@leadbot-sandbox.example\r\nSubject: ${subject}\r\n` +
  `Message-ID: <${id}@harborclinic.example>\r\nDate: ${new Date().toUTCString()}\r\n\r\n${subject}\r\n`;

const memoryState = (): KeyValueStore => {
  const map = new Map<string, string>();
  return { get: async (k) => map.get(k), set: async (k, v) => void map.set(k, v) };
};

describe.skipIf(!available)('IMAP polling against Dovecot', () => {
  let dovecot: Dovecot;
  let client: ImapFlow;
  const append = (raw: string, arrived: Date) => client.append('INBOX', raw, [], arrived);

  beforeAll(async () => {
    dovecot = await startDovecot();
    client = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: false,
      auth: { user: dovecot.user, pass: dovecot.pass },
      logger: false,
    });
    await client.connect();
  });
  afterAll(async () => {
    await client?.logout().catch(() => undefined);
    await dovecot?.stop();
  });

  it('a first poll reads from the day of the oldest open send, each Message-ID once, then keeps the UID watermark', async () => {
    const now = Date.now();
    await append(mail('old', 'Long before any send'), new Date(now - 10 * DAY));
    await append(mail('early', 'Reply that came before the first poll'), new Date(now - 2 * DAY));
    await append(mail('early', 'Reply that came before the first poll'), new Date(now - 2 * DAY));
    await append(mail('today', 'Another early reply'), new Date(now - 60_000));
    const state = memoryState();
    const seen: string[] = [];
    const deps = {
      state,
      now: () => new Date(),
      firstPollSince: () => new Date(now - 3 * DAY),
      onMessage: async (m: { source: Buffer }) => void seen.push(/Message-ID: <(\w+)@/.exec(m.source.toString())![1]!),
    };
    expect(await pollImap(dovecot.url, deps)).toEqual({ fetched: 2, processed: 2, failed: 0 });
    expect(seen).toEqual(['early', 'today']);
    expect(await pollImap(dovecot.url, deps)).toEqual({ fetched: 0, processed: 0, failed: 0 });
    await append(mail('later', 'After the first poll'), new Date());
    await pollImap(dovecot.url, deps);
    expect(seen).toEqual(['early', 'today', 'later']);
  });

  it('with nothing awaiting a reply, a first poll starts from now', async () => {
    const seen: number[] = [];
    const deps = {
      state: memoryState(),
      now: () => new Date(),
      firstPollSince: () => undefined,
      onMessage: async (m: { uid: number }) => void seen.push(m.uid),
    };
    expect(await pollImap(dovecot.url, deps)).toEqual({ fetched: 0, processed: 0, failed: 0 });
    await append(mail('fresh', 'New reply'), new Date());
    expect(await pollImap(dovecot.url, deps)).toMatchObject({ processed: 1 });
    expect(seen).toHaveLength(1);
  });

  it('rejects a wrong password as a provider failure', async () => {
    const url = dovecot.url.replace(`:${dovecot.pass}@`, ':wrong@');
    await expect(
      pollImap(url, { state: memoryState(), now: () => new Date(), onMessage: async () => {} }),
    ).rejects.toMatchObject({ code: 'provider_failed' });
  });
});
