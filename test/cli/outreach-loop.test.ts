import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openMigratedDatabase } from '../../src/db/client.js';
import { replyTo } from '../app/helpers.js';
import { cli, tempEnv } from '../helpers/cli.js';

const outbox = (env: Record<string, string>) => {
  try {
    return readdirSync(env.OUTBOX_DIR!).filter((n) => n.endsWith('.eml'));
  } catch {
    return [];
  }
};

function sql<T>(env: Record<string, string>, query: string): T[] {
  const handle = openMigratedDatabase(env.DATABASE_PATH!);
  try {
    return handle.sqlite.prepare(query).all() as T[];
  } finally {
    handle.close();
  }
}

/**
 * search → approve-lead (which, as in Slack, finds the contact and writes the draft before it returns) → approve the
 * draft of a company with a found address (which, as Approve & Send, sends the first email at once).
 */
async function approvedDraft(env: Record<string, string>) {
  const search = await cli(
    ['search-companies', '--industry', 'healthcare', '--location', 'Buffalo, NY', '--count', '4', '--json'],
    env,
  );
  expect(search.code).toBe(0);
  const ids = search.json<{ companies: { id: number }[] }>().companies.map((c) => c.id);
  for (const id of ids) expect((await cli(['approve-lead', String(id)], env)).code).toBe(0);
  const [target] = sql<{ draftId: number; email: string }>(
    env,
    `select d.id as draftId, c.email as email from email_drafts d join contacts c on c.id = d.contact_id
     where d.status = 'pending' and c.email_kind = 'found' order by d.id limit 1`,
  );
  expect(target).toBeDefined();
  expect(outbox(env)).toEqual([]);
  const approve = await cli(['approve-draft', String(target!.draftId)], env);
  expect(approve.code).toBe(0);
  expect(approve.stdout).toContain(`Sent to ${target!.email}; follow-ups are scheduled.`);
  const again = await cli(['approve-draft', String(target!.draftId), '--json'], env);
  expect(again.json()).toMatchObject({ applied: false, send: { status: 'sent', recipient: target!.email } });
  return target!;
}

describe('the sandbox loop from the command line', () => {
  it('search → approve → enrich → write → approve-draft → outreach writes one .eml; a positive reply stops it', async () => {
    const env = tempEnv();
    const { draftId, email } = await approvedDraft(env);
    const files = outbox(env);
    expect(files).toHaveLength(1);
    const sent = { text: readFileSync(join(env.OUTBOX_DIR!, files[0]!), 'utf8') };
    expect(sent.text).toMatch(new RegExp(`^To: ${email}$`, 'm'));
    expect((await cli(['run-stage', 'outreach'], env)).stdout).toMatch(/^Nothing due to send/);

    const file = join(env.OUTBOX_DIR!, '..', 'reply.eml');
    writeFileSync(file, replyTo(sent, 'Yes please, this sounds useful. Can we talk on Thursday?'));
    const ingest = await cli(['ingest-reply', file, '--json'], env);
    expect(ingest.stderr).toBe('');
    const out = ingest.json<{
      classification: { classification: string };
      matched: { draftId: number; recipient: string; touch: number };
      effect: string;
      hotLead: { contactEmail: string; suggestedResponse: string } | null;
    }>();
    expect(out.classification.classification).toBe('positive');
    expect(out.matched).toMatchObject({ draftId, recipient: email, touch: 0 });
    expect(out.effect).toBe('sequence stopped (positive)');
    expect(out.hotLead?.contactEmail).toBe(email);
    expect(out.hotLead?.suggestedResponse.length).toBeGreaterThan(20);
    expect(sql(env, 'select industry, sent, replies, positive_replies from email_win_rate')).toEqual([
      { industry: 'healthcare', sent: 1, replies: 1, positive_replies: 1 },
    ]);
    expect(sql(env, "select status from outreach_events where kind = 'send' and status = 'scheduled'")).toEqual([]);
    expect(sql(env, 'select status, stop_reason from outreach_sequences')).toEqual([
      { status: 'stopped', stop_reason: 'replied (positive)' },
    ]);
    const again = await cli(['ingest-reply', file], env);
    expect(again.stdout).toContain('Effect: none (already ingested)');
  });

  it('an out-of-office reply pauses the sequence until the return date', async () => {
    const env = tempEnv();
    await approvedDraft(env);
    const sent = { text: readFileSync(join(env.OUTBOX_DIR!, outbox(env)[0]!), 'utf8') };
    const back = new Date(Date.now() + 10 * 86_400_000);
    const backText = back.toLocaleDateString('en-US', {
      weekday: 'long',
      month: 'long',
      day: 'numeric',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const file = join(env.OUTBOX_DIR!, '..', 'ooo.eml');
    writeFileSync(
      file,
      replyTo(sent, `I'm out of the office until ${backText}. For urgent matters contact the front desk.`, {
        Subject: 'Out of Office: your email',
        'X-Autoreply': 'yes',
      }),
    );
    const ingest = await cli(['ingest-reply', file], env);
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toContain('Classification: out of office (rules');
    // "Out until the 16th" means back on the 17th.
    const returns = new Date(back.getTime() + 86_400_000).toISOString().slice(0, 10);
    expect(ingest.stdout).toContain(`Effect: paused until ${returns}`);
    expect(sql(env, 'select status, paused_until is not null as paused from outreach_sequences')).toEqual([
      { status: 'paused', paused: 1 },
    ]);
    expect(sql(env, 'select replies from email_win_rate')).toEqual([{ replies: 0 }]);
  });

  it('ingest-reply refuses a file that is not an .eml or cannot be read, and writes nothing', async () => {
    const env = tempEnv();
    const dir = join(env.OUTBOX_DIR!, '..');
    writeFileSync(join(dir, 'notes.txt'), 'From: someone\n\nhello');
    writeFileSync(join(dir, 'empty.eml'), '');
    const wrongKind = await cli(['ingest-reply', join(dir, 'notes.txt')], env);
    expect(wrongKind.code).toBe(1);
    expect(wrongKind.stderr).toMatch(/^leadbot: ".*notes\.txt" is not an \.eml file; save the reply/);
    const missing = await cli(['ingest-reply', join(dir, 'gone.eml')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^leadbot: Cannot read .*gone\.eml: no such file\n$/);
    const empty = await cli(['ingest-reply', join(dir, 'empty.eml')], env);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/^leadbot: Not an email message/);
    expect(readdirSync(dir).filter((n) => n.startsWith('leadbot.db'))).toEqual([]);
  });
});
