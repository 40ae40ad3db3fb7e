import { afterEach, describe, expect, it } from 'vitest';
import type { KeyValueStore } from '../../../src/pipeline/state/ports.js';
import { pollImap } from '../../../src/providers/mail/imap-poller.js';
import { type ImapStandIn, startImapStandIn } from '../../helpers/imap-server.js';

const mail = (n: number) =>
  `From: pat@harbor.example\r\nSubject: reply ${n}\r\nMessage-ID: <m${n}@harbor.example>\r\n\r\nHello ${n}\r\n`;
const memoryState = (): KeyValueStore & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return { map, get: async (k) => map.get(k), set: async (k, v) => void map.set(k, v) };
};

let imap: ImapStandIn | undefined;
afterEach(async () => {
  await imap?.close();
  imap = undefined;
});

describe('IMAP polling', () => {
  it('starts from now on first poll, then hands over each new message once, across restarts', async () => {
    imap = await startImapStandIn({ user: 'ana@leadbot-sandbox.example', pass: 'p@ss word' });
    imap.messages.push({ uid: 1, raw: mail(1) }, { uid: 2, raw: mail(2) });
    const state = memoryState();
    const seen: string[] = [];
    const deps = {
      state,
      now: () => new Date(),
      onMessage: async (m: { source: Buffer }) => void seen.push(/Subject: (.*)/.exec(m.source.toString())![1]!),
    };
    expect(await pollImap(imap.url, deps)).toEqual({ fetched: 0, processed: 0, failed: 0 });
    imap.messages.push({ uid: 5, raw: mail(5) }, { uid: 6, raw: mail(6) });
    expect(await pollImap(imap.url, deps)).toEqual({ fetched: 2, processed: 2, failed: 0 });
    expect(await pollImap(imap.url, deps)).toEqual({ fetched: 0, processed: 0, failed: 0 });
    imap.messages.push({ uid: 7, raw: mail(7) });
    await pollImap(imap.url, deps);
    expect(seen).toEqual(['reply 5', 'reply 6', 'reply 7']);
    expect(imap.commands.some((c) => /LOGIN/i.test(c))).toBe(true);
  });

  it('keeps the watermark before a message that failed, so it is retried', async () => {
    imap = await startImapStandIn({ user: 'u', pass: 'p' });
    const state = memoryState();
    let fail = true;
    const seen: number[] = [];
    const deps = {
      state,
      now: () => new Date(),
      onMessage: async (m: { uid: number }) => {
        if (m.uid === 3 && fail) throw new Error('db locked');
        seen.push(m.uid);
      },
    };
    await pollImap(imap.url, deps);
    imap.messages.push({ uid: 2, raw: mail(2) }, { uid: 3, raw: mail(3) }, { uid: 4, raw: mail(4) });
    expect(await pollImap(imap.url, deps)).toMatchObject({ processed: 1, failed: 1 });
    fail = false;
    await pollImap(imap.url, deps);
    expect(seen).toEqual([2, 3, 4]);
  });

  it('reports bad credentials as a provider failure', async () => {
    imap = await startImapStandIn({ user: 'u', pass: 'right' });
    const url = imap.url.replace(':right@', ':wrong@');
    await expect(
      pollImap(url, { state: memoryState(), now: () => new Date(), onMessage: async () => {} }),
    ).rejects.toMatchObject({
      code: 'provider_failed',
    });
  });
});
