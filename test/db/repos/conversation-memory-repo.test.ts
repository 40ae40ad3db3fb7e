import { afterEach, describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/db/storage.js';
import { openTestStorage } from '../../helpers/db.js';

let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
  storage = undefined;
});

const at = (iso: string) => new Date(iso);

describe('conversation memory repo', () => {
  it('stores, replaces and expires state per conversation', async () => {
    storage = await openTestStorage();
    const repo = storage.repos.conversationMemory;
    const now = at('2026-11-25T09:00:00Z');
    const later = at('2026-11-28T09:00:00Z');
    await repo.save('slack:C1:1', { lastIntent: 'list_leads' }, later, now);
    await repo.save('slack:C1:1', { lastIntent: 'digest', shown: [{ id: 1, name: 'A' }] }, later, now);
    await repo.save('slack:C1:2', { lastIntent: 'win_rates' }, later, now);
    expect(await repo.load('slack:C1:1', now)).toEqual({ lastIntent: 'digest', shown: [{ id: 1, name: 'A' }] });
    expect(await repo.load('slack:C1:2', now)).toEqual({ lastIntent: 'win_rates' });
    expect(await repo.load('slack:C9:9', now)).toBeUndefined();
    expect(await repo.load('slack:C1:1', later)).toBeUndefined();
  });

  it('purges only expired rows', async () => {
    storage = await openTestStorage();
    const repo = storage.repos.conversationMemory;
    const now = at('2026-11-25T09:00:00Z');
    await repo.save('old', {}, at('2026-11-25T10:00:00Z'), now);
    await repo.save('new', {}, at('2026-11-26T10:00:00Z'), now);
    expect(await repo.purgeExpired(at('2026-11-25T12:00:00Z'))).toBe(1);
    expect(await repo.load('old', now)).toBeUndefined();
    expect(await repo.load('new', now)).toEqual({});
    expect(await repo.purgeExpired(at('2026-11-25T12:00:00Z'))).toBe(0);
  });
});
