import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConversation } from '../../../src/agent/conversation.js';
import type { TurnContext } from '../../../src/agent/ports.js';
import { createRouter } from '../../../src/agent/router/route.js';
import type { SearchArgs } from '../../../src/agent/services.js';
import { createConversationMemoryRepo } from '../../../src/db/repos/conversation-memory-repo.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { createNoLlm } from '../../../src/pipeline/llm/none.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';
import { fakeServices } from './fake-services.js';

function setup() {
  const db = memoryDb();
  const clock = fixedClock();
  const fake = fakeServices();
  const llm = createNoLlm();
  const conversation = createConversation({
    router: createRouter({ directives: createDirectiveStore(resolve('directives')), llm }),
    services: fake.services,
    memory: createConversationMemoryRepo(db.db),
    llm,
    now: clock,
  });
  const ctx = (key = 'slack:C1:1700000000.000100'): TurnContext => ({
    conversationKey: key,
    userId: 'U1',
    surface: 'slack',
    actor: { kind: 'user', surface: 'slack', id: 'U1' },
  });
  const searches = () => fake.of('searchCompanies').map((c) => c.args as SearchArgs);
  return { db, clock, fake, conversation, ctx, searches };
}

describe('context carry-forward', () => {
  it('"more" continues the last search without repeating companies', async () => {
    const t = setup();
    const first = await t.conversation.respond('find 10 healthcare companies in Buffalo', t.ctx());
    const firstIds = first.leads!.map((l) => l.company.id);
    const second = await t.conversation.respond('more', t.ctx());
    expect(t.searches()[1]).toEqual({ industry: 'healthcare', location: 'Buffalo', count: 10, exclude: firstIds });
    const secondIds = second.leads!.map((l) => l.company.id);
    expect(secondIds).toHaveLength(10);
    expect(secondIds.some((id) => firstIds.includes(id))).toBe(false);
    await t.conversation.respond('5 more', t.ctx());
    expect(t.searches()[2]!.count).toBe(5);
    expect(t.searches()[2]!.exclude).toEqual([...firstIds, ...secondIds]);
  });

  it('"what about Rochester?" repeats the search with the new place, and later tweaks apply to it', async () => {
    const t = setup();
    await t.conversation.respond('find 10 healthcare companies in Buffalo', t.ctx());
    const r = await t.conversation.respond('what about Rochester?', t.ctx());
    expect(t.searches()[1]).toEqual({ industry: 'healthcare', location: 'Rochester', count: 10, exclude: [] });
    expect(r.leads![0]!.company.city).toBe('Rochester');
    await t.conversation.respond('same but 20', t.ctx());
    expect(t.searches()[2]).toMatchObject({ industry: 'healthcare', location: 'Rochester', count: 20 });
    await t.conversation.respond('now law firms', t.ctx());
    expect(t.searches()[3]).toMatchObject({ industry: 'law firms', location: 'Rochester', count: 20, exclude: [] });
  });

  it('"approve the first two" asks for confirmation on the ids shown and decides nothing', async () => {
    const t = setup();
    const shown = await t.conversation.respond('find 10 healthcare companies in Buffalo', t.ctx());
    const reply = await t.conversation.respond('approve the first two', t.ctx());
    const ids = shown.leads!.slice(0, 2).map((l) => l.company.id);
    expect(reply.leads!.map((l) => l.company.id)).toEqual(ids);
    expect(reply.approvalRequestIds).toHaveLength(2);
    expect(t.fake.approvals.map((a) => [a.kind, a.subjectId, a.status])).toEqual(
      ids.map((id) => ['lead', String(id), 'pending']),
    );
    expect(reply.text).toMatch(/confirm/i);
  });

  it('resolves positions, names and "all" against the leads last shown', async () => {
    const t = setup();
    const shown = await t.conversation.respond('find 5 healthcare companies in Buffalo', t.ctx());
    const ids = shown.leads!.map((l) => l.company.id);
    await t.conversation.respond('reject 2 and 4', t.ctx());
    await t.conversation.respond('approve all of them', t.ctx());
    await t.conversation.respond('approve the last one', t.ctx());
    const requested = t.fake.of('requestApproval').map((c) => (c.args as { subjectId: string }).subjectId);
    expect(requested).toEqual([ids[1], ids[3], ...ids, ids[4]].map(String));
  });

  it('asks which ones when a reference does not resolve, and requests nothing', async () => {
    const t = setup();
    await t.conversation.respond('find 3 healthcare companies in Buffalo', t.ctx());
    const reply = await t.conversation.respond('approve 1 and 5', t.ctx());
    expect(reply.text).toContain('I showed 3 leads here');
    expect(t.fake.of('requestApproval')).toEqual([]);
  });

  it('keeps conversations apart', async () => {
    const t = setup();
    await t.conversation.respond('find 10 healthcare companies in Buffalo', t.ctx('slack:C1:1'));
    const other = await t.conversation.respond('more', t.ctx('slack:C1:2'));
    expect(t.searches()).toHaveLength(1);
    expect(other.text).toMatch(/earlier search/);
  });

  it('forgets after the TTL in the directive and persists in conversation_memory until then', async () => {
    const t = setup();
    await t.conversation.respond('find 10 healthcare companies in Buffalo', t.ctx());
    const row = t.db.sqlite.prepare('select state, expires_at from conversation_memory').get() as {
      state: string;
      expires_at: number;
    };
    expect(JSON.parse(row.state).lastSearch).toEqual({ industry: 'healthcare', location: 'Buffalo', count: 10 });
    expect(row.expires_at - t.clock().getTime()).toBe(72 * 3_600_000);
    t.clock.advance(71 * 3_600_000);
    await t.conversation.respond('more', t.ctx());
    expect(t.searches()).toHaveLength(2);
    t.clock.advance(73 * 3_600_000);
    const late = await t.conversation.respond('more', t.ctx());
    expect(t.searches()).toHaveLength(2);
    expect(late.text).toMatch(/earlier search/);
  });

  it('a clarifying choice can be picked by number', async () => {
    const t = setup();
    const q = await t.conversation.respond('show the pending ones', t.ctx());
    expect(q.choices!.map((c) => c.text)).toEqual(['show pending leads', 'show pending drafts']);
    await t.conversation.respond('2', t.ctx());
    expect(t.fake.of('listDrafts')).toEqual([{ method: 'listDrafts', args: { status: ['pending'], limit: 10 } }]);
  });
});
