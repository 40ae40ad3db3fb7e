import { afterEach, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/app/actor.js';
import { syncCrm } from '../../src/app/crm.js';
import { formatDigest } from '../../src/app/digest/format.js';
import { ingestRawReply } from '../../src/app/replies/ingest.js';
import { runStage } from '../../src/app/stages/run-stage.js';
import type { Container } from '../../src/container/index.js';
import type { Actor } from '../../src/pipeline/approvals/ports.js';
import { filterAsync } from '../../src/pipeline/async.js';
import { fixedClock } from '../helpers/db.js';
import { type HubspotStandIn, startHubspotStandIn } from '../helpers/hubspot-stand-in.js';
import { approveLeads, operator, replyTo, restartableApp, sandboxLeadbot, searchInThread } from './helpers.js';

const MINUTE = 60_000;
const cliActor: Actor = { id: 'cli:ana', name: 'ana', source: 'cli' };
const req = { trigger: 'test' as const, requestedBy: operator.id };
const crmActor = systemActor('crm');
let stand: HubspotStandIn | undefined;
afterEach(async () => {
  await stand?.close();
  stand = undefined;
});

/** Search → approve 2 → enrich → write → approve one draft → send, with HubSpot at a local stand-in. */
async function approvedAndSent(s: HubspotStandIn) {
  const clock = fixedClock('2026-12-07T09:00:00.000Z');
  const world = await sandboxLeadbot({ HUBSPOT_TOKEN: s.token, HUBSPOT_BASE_URL: s.url }, { now: clock });
  return { ...world, clock, sent: await approveAndSend(world.app) };
}

async function approveAndSend(app: Container) {
  const found = await searchInThread(app, { channel: 'C0LEADS', ts: '1.1' }, 3);
  await approveLeads(
    app,
    found.leads.slice(0, 2).map((l) => l.company.id),
  );
  await runStage(app, 'enrich', req);
  await runStage(app, 'write', req);
  const drafts = await app.repos.drafts.list({ status: ['pending'], limit: 10 });
  const [sent] = await filterAsync(
    drafts,
    async (d) => (await app.repos.contacts.get(d.contactId!))!.emailKind === 'found',
  );
  if (!sent) throw new Error('no draft with a found address');
  await app.draftGate.approveDraft(sent.id, cliActor);
  await runStage(app, 'outreach', req);
  return sent;
}

/** syncCrm as the scheduler calls it, on one instance's container. */
const syncOn = (app: Container) =>
  syncCrm({}, crmActor, { ...app, policy: { approverUserIds: [], membership: { check: async () => MEMBER } } });
const MEMBER = { member: true } as const;

describe('CRM writes through the outbox', () => {
  it('approved companies, their contacts (by email), the email sent, a positive reply, its deal and task: once each', async () => {
    stand = await startHubspotStandIn();
    const { app, useCases, clock, sent, outbox } = await approvedAndSent(stand);
    const first = await useCases.syncCrm({}, crmActor);
    expect(first.drained.failed).toBe(0);
    expect(stand.all('companies')).toHaveLength(2);
    // Records of one kind go to HubSpot in one batch request.
    expect(stand.requests.filter((r) => /companies\/batch\/upsert$/.test(r.path))).toHaveLength(1);
    expect(stand.requests.filter((r) => /contacts\/batch\/upsert$/.test(r.path))).toHaveLength(1);
    const contact = (await app.repos.contacts.get(sent.contactId!))!;
    const hsContact = stand.all('contacts').find((c) => c.properties.email === contact.email!.toLowerCase())!;
    expect(hsContact).toBeDefined();
    const emails = stand.all('emails');
    expect(emails).toHaveLength(1);
    expect(emails[0]!.properties.hs_email_subject).toBe(sent.subject);
    expect(stand.associated(emails[0]!, hsContact)).toBe(true);

    clock.advance(30 * MINUTE);
    await ingestRawReply(app, replyTo(outbox()[0]!, 'Yes, interested. Can we talk Thursday?'), req);
    await useCases.syncCrm({}, crmActor);
    expect(
      stand
        .all('emails')
        .map((e) => e.properties.hs_email_direction)
        .sort(),
    ).toEqual(['EMAIL', 'INCOMING_EMAIL']);
    expect(stand.all('deals')).toHaveLength(1);
    expect(stand.all('tasks')).toHaveLength(1);

    // Another pass (or another instance, or a restart) writes nothing twice.
    clock.advance(15 * MINUTE);
    const again = await useCases.syncCrm({}, crmActor);
    expect(again.queued).toBe(0);
    const counts = ['companies', 'contacts', 'emails', 'deals', 'tasks'].map((t) => stand!.all(t).length);
    expect(counts).toEqual([2, stand.all('contacts').length, 2, 1, 1]);
    await app.close();
  });

  it('an email logged whose answer was lost is found, not logged again, when the write is retried', async () => {
    stand = await startHubspotStandIn();
    const { app, useCases, clock } = await approvedAndSent(stand);
    stand.failNext({ status: 502, path: /emails\/batch\/create$/, landed: true, body: '<html>Bad gateway</html>' });
    const first = await useCases.syncCrm({}, crmActor);
    expect(first.drained.waiting).toBeGreaterThan(0);
    expect(stand.all('emails')).toHaveLength(1);
    expect((await app.repos.crm.getWrite('hubspot', (await emailKey(app)) ?? ''))?.status).toBe('pending');
    clock.advance(20 * MINUTE);
    await useCases.syncCrm({}, crmActor);
    expect(stand.all('emails')).toHaveLength(1);
    expect(await app.repos.crm.countWrites('hubspot')).toMatchObject({ pending: 0, failed: 0 });
    await app.close();
  });

  it('a HubSpot outage leaves writes waiting (sending is not held up) and they catch up later', async () => {
    stand = await startHubspotStandIn();
    stand.failNext({ status: 503, times: 1000, body: { status: 'error', message: 'Service Unavailable' } });
    const { app, useCases, clock } = await approvedAndSent(stand);
    // Sending went ahead while HubSpot was down.
    expect((await app.repos.drafts.countByStatus()).sent).toBe(1);
    const down = await useCases.syncCrm({}, crmActor);
    expect(down.drained.done).toBe(0);
    expect(down.outbox!.pending).toBeGreaterThan(0);
    expect(stand.all('companies')).toHaveLength(0);
    expect(formatDigest(await useCases.digest({}, crmActor))).toMatch(/\*HubSpot:\* \d+ writes waiting/);
    stand.clearFaults();
    clock.advance(2 * 60 * MINUTE);
    for (let i = 0; i < 3; i++) {
      await useCases.syncCrm({}, crmActor);
      // Ten minutes after creating a company leadbot looks for a twin the lagging search could not show.
      clock.advance(6 * MINUTE);
    }
    const after = await app.repos.crm.countWrites('hubspot');
    expect(after).toMatchObject({ pending: 0, running: 0, failed: 0 });
    expect(stand.all('companies')).toHaveLength(2);
    expect(stand.all('emails')).toHaveLength(1);
    await app.close();
  });
});

describe('CRM sync cut off by a crash', () => {
  it('an instance killed while HubSpot carried out its writes leaves no duplicate: the next one finishes them', async () => {
    stand = await startHubspotStandIn();
    const world = restartableApp({ HUBSPOT_TOKEN: stand.token, HUBSPOT_BASE_URL: stand.url });
    try {
      const first = await world.start();
      await approveAndSend(first);
      // HubSpot creates the companies and never answers: the instance waiting for it is killed.
      stand.failNext({ status: 200, path: /companies\/batch\/(upsert|create)$/, silent: true });
      const cutOff = syncOn(first).catch(() => undefined);
      await until(() => stand!.all('companies').length > 0, 'HubSpot to hold the companies');
      expect((await first.repos.crm.countWrites('hubspot')).running).toBeGreaterThan(0);

      // A new instance on the same database, once the dead one's claim has run out, finishes the work.
      const second = await world.start();
      world.clock.advance(6 * MINUTE);
      for (let i = 0; i < 3; i++) {
        await syncOn(second);
        world.clock.advance(11 * MINUTE);
      }
      expect(await second.repos.crm.countWrites('hubspot')).toMatchObject({ pending: 0, running: 0, failed: 0 });
      expect(stand.all('companies')).toHaveLength(2);
      expect(stand.all('emails')).toHaveLength(1);
      const emails = new Set(stand.all('contacts').map((c) => c.properties.email));
      expect(emails.size).toBe(stand.all('contacts').length);
      // What the dead instance learns late changes nothing.
      await stand.close();
      stand = undefined;
      await cutOff;
      expect(await second.repos.crm.countWrites('hubspot')).toMatchObject({ pending: 0, running: 0, failed: 0 });
    } finally {
      await world.closeAll();
    }
  });
});

async function until(check: () => boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function emailKey(app: {
  repos: { crm: { listWrites: (f: { provider: string }) => Promise<{ key: string }[]> } };
}) {
  return (await app.repos.crm.listWrites({ provider: 'hubspot' })).find((w) => w.key.startsWith('email:'))?.key;
}
