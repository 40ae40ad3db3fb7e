import { readdirSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { runStage } from '../src/app/stages/run-stage.js';
import { loadConfig } from '../src/config.js';
import { buildContainer, type Container } from '../src/container/index.js';
import { createLogger } from '../src/logger.js';
import { filterAsync } from '../src/pipeline/async.js';
import { startSequence } from '../src/pipeline/outreach/start-sequence.js';
import { approveLeads, operator } from './app/helpers.js';
import { type LeadbotProcess, query, startLeadbot, tempLeadbotEnv, waitForDb } from './helpers/process.js';

/**
 * leadbot killed with SIGKILL in the middle of a run and started again, as a user would suffer it: the run finishes
 * under the same id, nothing is stored twice and no email leaves twice.
 */

const closers: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function run(env: Record<string, string>): LeadbotProcess {
  const leadbot = startLeadbot(env);
  closers.push(() => (leadbot.child.exitCode === null ? leadbot.kill() : undefined));
  return leadbot;
}

interface RunRow {
  id: string;
  status: string;
  attempts: number;
  summary: string | null;
}

/**
 * Seeds, in this process, `count` drafts a human approved with a found address (as a Slack click records them);
 * `queue` also starts their sequences. Returns the app still open on the same file.
 */
async function approvedDrafts(
  env: Record<string, string>,
  count: number,
  queue: boolean,
): Promise<[Container, number[]]> {
  const app = await buildContainer(loadConfig({ ...env, LOG_LEVEL: 'silent' }), createLogger({ level: 'silent' }));
  const found = await app.searchCompanies({
    industry: 'healthcare',
    location: 'Buffalo, NY',
    count: 6,
    trigger: 'cli',
  });
  const ids = found.leads.map((l) => l.company.id);
  await approveLeads(app, ids);
  await runStage(app, 'enrich', { trigger: 'cli', requestedBy: operator.id, companyIds: ids });
  await runStage(app, 'write', { trigger: 'cli', requestedBy: operator.id, companyIds: ids });
  const pending = await app.repos.drafts.list({ status: ['pending'], limit: 10 });
  const withAddress = await filterAsync(
    pending,
    async (d) => (await app.repos.contacts.get(d.contactId!))?.emailKind === 'found',
  );
  const drafts = withAddress.slice(0, count).map((d) => d.id);
  expect(drafts).toHaveLength(count);
  for (const id of drafts) {
    await app.draftGate.approveDraft(id, operator);
    if (queue) await startSequence(id, app.outreach.deps);
  }
  return [app, drafts];
}

interface SendRow {
  id: number;
  draft_id: number;
  touch: number;
  status: string;
  message_id: string | null;
  transport_response: string | null;
}

describe('leadbot killed while sending and restarted', { timeout: 60_000 }, () => {
  it('just after a send was recorded as intended (SMTP): never sent twice, the send is left uncertain', async () => {
    const received: { messageId: string; accepted: boolean }[] = [];
    let stall = true;
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const head = Buffer.concat(chunks)
            .toString('utf8')
            .split(/\r?\n\r?\n/)[0]!
            .replace(/\r?\n[ \t]+/g, ' ');
          const messageId = /^Message-ID: *(.*)$/im.exec(head)?.[1]?.trim() ?? '';
          received.push({ messageId, accepted: !stall });
          if (stall)
            stall = false; // the whole message arrived; the 250 never leaves
          else callback();
        });
      },
    });
    smtp.on('error', () => {});
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
    const { env, db } = tempLeadbotEnv({
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      MAIL_FROM: 'Ana Ruiz <ana@leadbot-sandbox.example>',
      MAIL_POSTAL_ADDRESS: '1 Sandbox Way, Buffalo, NY 14201',
      PUBLIC_BASE_URL: 'https://leadbot.sandbox.example',
    });
    const [seed, drafts] = await approvedDrafts(env, 2, false);
    await seed.close();

    // Startup finds two approved drafts without a sequence (the flow never ran), queues them and sends.
    const first = run(env);
    const intended = await waitForDb(
      db,
      (d) => {
        const row = d.prepare("select * from outreach_events where kind = 'send' and status = 'intended'").get();
        return received.length === 1 && (row as SendRow | undefined);
      },
      first,
    );
    await first.kill();
    expect(intended.message_id).toBe(received[0]!.messageId);

    const second = run(env);
    const sends = await waitForDb(
      db,
      (d) => {
        const rows = d.prepare("select * from outreach_events where kind = 'send' and touch = 0").all() as SendRow[];
        const runs = d.prepare("select status from agent_runs where kind = 'outreach'").all() as RunRow[];
        return runs.every((r) => r.status === 'completed') && rows.every((r) => r.status !== 'scheduled') && rows;
      },
      second,
    );
    expect(await second.stop()).toBe(0);

    expect(sends.map((r) => [r.draft_id, r.status]).sort()).toEqual(
      drafts.map((id) => [id, id === intended.draft_id ? 'uncertain' : 'sent']).sort(),
    );
    const ids = received.map((r) => r.messageId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(ids.filter((id) => id === intended.message_id)).toHaveLength(1);
    const outreach = query<RunRow>(db, "select * from agent_runs where kind = 'outreach'");
    expect(outreach).toHaveLength(1);
    expect(outreach[0]).toMatchObject({ status: 'completed', attempts: 1 });
    expect(outreach[0]!.summary).toMatch(/^Sent 1 · 1 uncertain \(may have left; check before resending\)$/);
  });

  it('between intended and confirmed with the .eml already written (outbox): confirmed as sent, not written again', async () => {
    const { env, db } = tempLeadbotEnv();
    const [dying, [draftId]] = await approvedDrafts(env, 1, true);
    // The process dies inside the transport, right after the .eml was written and before it could confirm.
    const member = dying.outreach.deps.senders[0]!;
    const outbox = member.transport;
    member.transport = {
      name: outbox.name,
      reconcile: (id) => outbox.reconcile(id),
      send: async (message) => {
        await outbox.send(message);
        return new Promise(() => {});
      },
    };
    void runStage(dying, 'outreach', { trigger: 'cron', requestedBy: 'cron' });
    const files = () => {
      try {
        return readdirSync(env.OUTBOX_DIR).filter((n) => n.endsWith('.eml'));
      } catch {
        return [];
      }
    };
    for (let i = 0; i < 200 && files().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(files()).toHaveLength(1);
    const written = statSync(join(env.OUTBOX_DIR, files()[0]!)).mtimeMs;
    expect(query<SendRow>(db, "select * from outreach_events where kind = 'send'")[0]!.status).toBe('intended');
    closers.push(() => dying.close());
    // It is dead to the others: no heartbeat, and its record gone as a minute's silence would make it.
    dying.instance.halt();
    await dying.storage.repos.instances.remove(dying.instance.id);

    const leadbot = run(env);
    const confirmed = await waitForDb(
      db,
      (d) =>
        d.prepare("select * from outreach_events where kind = 'send' and touch = 0 and status = 'sent'").get() as
          | SendRow
          | undefined,
      leadbot,
    );
    await waitForDb(
      db,
      (d) =>
        (d.prepare("select status from agent_runs where kind = 'outreach'").get() as RunRow).status === 'completed',
      leadbot,
    );
    expect(await leadbot.stop()).toBe(0);
    expect(confirmed).toMatchObject({ draft_id: draftId, transport_response: 'reconciled: found after restart' });
    expect(files()).toHaveLength(1);
    expect(statSync(join(env.OUTBOX_DIR, files()[0]!)).mtimeMs).toBe(written);
    expect(query<{ status: string }>(db, 'select status from email_drafts where id = ?', draftId)[0]!.status).toBe(
      'sent',
    );
    const followUps = query<SendRow>(db, "select * from outreach_events where kind = 'send' and touch > 0");
    expect(followUps.length).toBeGreaterThan(0);
    expect(followUps.every((e) => e.status === 'scheduled')).toBe(true);
  });
});
