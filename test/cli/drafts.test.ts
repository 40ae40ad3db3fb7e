import { describe, expect, it } from 'vitest';
import { openMigratedDatabase } from '../../src/db/client.js';
import { cli, tempEnv } from '../helpers/cli.js';
import { seedLead, setupDb } from '../pipeline/writer/helpers.js';

interface ListJson {
  drafts: {
    id: number;
    companyId: number;
    contactEmail: string | null;
    subject: string;
    angle: string;
    criticScore: number | null;
    lowConfidence: boolean;
    status: string;
  }[];
}

/** A temp environment whose database holds two approved companies with contacts (and one without). */
async function envWithLeads() {
  const env = tempEnv();
  const handle = openMigratedDatabase(env.DATABASE_PATH!);
  const s = setupDb(1, handle);
  const a = await seedLead(s, { company: { name: 'Lakeview Family Health', domain: 'lakeview.example' } });
  const b = await seedLead(s, {
    company: { name: 'Harbor Point Dental', domain: 'harborpoint.example', siteCount: 1 },
  });
  await seedLead(s, { company: { name: 'No Contact Yet', domain: 'nocontact.example' }, contact: null });
  handle.close();
  return { env, a, b };
}

describe('leadbot run-stage write', () => {
  it('writes drafts for enriched leads and prints the run as JSON; a second run writes none', async () => {
    const { env, a, b } = await envWithLeads();
    const first = await cli(['run-stage', 'write', '--json'], env);
    expect(first.code).toBe(0);
    const out = first.json<{
      runId: string;
      summary: string;
      data: { drafts: { companyId: number; criticScore: number }[]; skipped: { reason: string }[] };
    }>();
    expect(out.runId).toMatch(/^run_/);
    expect(out.data.drafts.map((d) => d.companyId).sort()).toEqual([a.company.id, b.company.id].sort());
    expect(out.data.drafts.every((d) => d.criticScore >= 7)).toBe(true);
    expect(out.data.skipped.map((x) => x.reason)).toEqual(['no primary contact yet (run enrichment)']);
    expect(out.summary).toMatch(/^2 drafts written for Gate 2/);
    const second = await cli(['run-stage', 'write'], env);
    expect(second.stdout).toMatch(/^No drafts written · 1 skipped/);
    const named = await cli(['run-stage', 'write', '--ids', String(a.company.id), '--json'], env);
    expect(named.json()).toMatchObject({
      data: { drafts: [], skipped: [{ reason: expect.stringMatching(/^already has draft #\d+ \(pending\)$/) }] },
    });
  });

  it('names the accepted stages for an unknown one', async () => {
    const result = await cli(['run-stage', 'sned'], tempEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^leadbot: unknown stage "sned"; accepted: .*write/);
  });
});

describe('leadbot list-drafts / approve-draft / reject-draft / regenerate-draft', () => {
  it('lists drafts in the documented JSON shape and filters by status', async () => {
    const { env, a } = await envWithLeads();
    await cli(['run-stage', 'write'], env);
    const list = (await cli(['list-drafts', '--json'], env)).json<ListJson>();
    expect(list.drafts).toHaveLength(2);
    const row = list.drafts.find((d) => d.companyId === a.company.id)!;
    expect(Object.keys(row)).toEqual([
      'id',
      'companyId',
      'contactEmail',
      'subject',
      'angle',
      'criticScore',
      'lowConfidence',
      'status',
    ]);
    expect(row).toMatchObject({
      contactEmail: 'sarah.okafor@lakeview.example',
      status: 'pending',
      lowConfidence: false,
    });
    expect(row.subject).toMatch(/Lakeview Family Health/);

    const approved = await cli(['approve-draft', String(row.id)], env);
    expect(approved.code).toBe(0);
    // As Approve & Send in Slack: the approval sends the first email at once (to the outbox in the sandbox).
    expect(approved.stdout).toMatch(new RegExp(`^Draft ${row.id} approved\\. Approved by \\S+ · `));
    expect(approved.stdout).toMatch(/\nSent to \S+@\S+; follow-ups are scheduled\.\n$/);
    const again = await cli(['approve-draft', String(row.id), '--json'], env);
    expect(again.json()).toMatchObject({
      applied: false,
      draft: { id: row.id, status: 'sent' },
      send: { status: 'sent' },
    });

    const onlySent = (await cli(['list-drafts', '--status', 'sent', '--json'], env)).json<ListJson>();
    expect(onlySent.drafts.map((d) => d.id)).toEqual([row.id]);
    const table = await cli(['list-drafts', '--status', 'pending'], env);
    expect(table.stdout).toMatch(/^ID +COMPANY +CONTACT +ANGLE +SCORE +FLAG +STATUS +SUBJECT/);
    expect(table.stdout).toMatch(/Harbor Point Dental/);
  });

  it('rejects with a reason and regenerates a pending draft', async () => {
    const { env } = await envWithLeads();
    await cli(['run-stage', 'write'], env);
    const [first, second] = (await cli(['list-drafts', '--json'], env)).json<ListJson>().drafts;
    const rejected = await cli(['reject-draft', String(first!.id), '--reason', 'too salesy'], env);
    expect(rejected.stdout).toMatch(
      /rejected: the company is back in the write queue\. Rejected by .* · “too salesy”\./,
    );
    const regen = await cli(['regenerate-draft', String(second!.id), '--json'], env);
    expect(regen.code).toBe(0);
    const r = regen.json<{
      applied: boolean;
      previous: { status: string };
      draft: { id: number; status: string; angle: string };
    }>();
    expect(r).toMatchObject({ applied: true, previous: { status: 'superseded' }, draft: { status: 'pending' } });
    expect(r.draft.angle).not.toBe(second!.angle);
    const show = await cli(['show-draft', String(r.draft.id)], env);
    expect(show.stdout).toMatch(/^Draft \d+ · /);
    expect(show.stdout).toMatch(/personalised 2\/2 \(code\): Names/);
  });

  it('explains bad input', async () => {
    const env = tempEnv();
    expect((await cli(['approve-draft', 'abc'], env)).stderr).toBe(
      'leadbot: Draft id must be a positive whole number, e.g. 12 (got "abc")\n',
    );
    expect((await cli(['approve-draft', '42'], env)).stderr).toBe('leadbot: No draft with id 42\n');
    expect((await cli(['list-drafts', '--status', 'lost'], env)).stderr).toBe(
      'leadbot: Unknown status "lost": accepted: pending, approved, sent, rejected\n',
    );
    expect((await cli(['list-drafts', '--limit', '0'], env)).code).toBe(1);
  });
});
