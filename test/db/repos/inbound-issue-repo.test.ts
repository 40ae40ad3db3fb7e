import { afterEach, describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/db/storage.js';
import type { NewInboundIssue } from '../../../src/pipeline/tracker/ports.js';
import { openTestStorage } from '../../helpers/db.js';

let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
  storage = undefined;
});

const issue = (key: string, reason: NewInboundIssue['reason']): NewInboundIssue => ({
  key,
  reason,
  detail: reason === 'unreadable' ? 'Not an email message: it has no headers' : 'bounce about x@y.example',
  source: 'imap',
  messageId: null,
  sender: null,
  subject: null,
  classification: null,
  eventId: null,
  raw: reason === 'unreadable' ? 'garbage' : null,
  receivedAt: null,
});

describe('inbound issue repo', () => {
  it('keeps each message once, lists newest first and counts since a time', async () => {
    storage = await openTestStorage();
    const repo = storage.repos.inboundIssues;
    const first = await repo.record(issue('sha256:aa', 'unreadable'), new Date('2026-12-01T00:00:00Z'));
    expect((await repo.record(issue('sha256:aa', 'unreadable'), new Date('2026-12-02T00:00:00Z'))).id).toBe(first.id);
    await repo.record(issue('<m1@x.example>', 'unmatched'), new Date('2026-12-03T00:00:00Z'));
    expect((await repo.list()).map((r) => r.key)).toEqual(['<m1@x.example>', 'sha256:aa']);
    expect(await repo.count()).toBe(2);
    expect(await repo.count({ since: new Date('2026-12-02T00:00:00Z') })).toBe(1);
    expect((await repo.list({ limit: 1 }))[0]).toMatchObject({ reason: 'unmatched', source: 'imap' });
  });
});
