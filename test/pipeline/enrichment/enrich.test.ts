import { afterEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client.js';
import { createCompanyRepo } from '../../../src/db/repos/company-repo.js';
import { createContactRepo } from '../../../src/db/repos/contact-repo.js';
import { createProviderStateRepo } from '../../../src/db/repos/provider-state-repo.js';
import { createRunRepo } from '../../../src/db/repos/run-repo.js';
import { mapAsync } from '../../../src/pipeline/async.js';
import { type EnrichDeps, enrichCompanies } from '../../../src/pipeline/enrichment/enrich.js';
import type { EnrichmentProvider, EnrichmentSet } from '../../../src/pipeline/enrichment/ports.js';
import { createRunRecorder } from '../../../src/pipeline/runs/recorder.js';
import { createPermutationProvider } from '../../../src/providers/enrichment/permutation.js';
import {
  createSandboxProvider,
  createSandboxVerifier,
  sandboxCompany,
} from '../../../src/providers/enrichment/sandbox.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';
import { insertPendingLead } from '../../helpers/fixtures.js';
import { candidate, TITLES } from './fixtures.js';

let handle: DbHandle | undefined;
afterEach(() => handle?.close());

const sandboxSet = (): EnrichmentSet => ({
  mode: 'sandbox',
  providers: [createSandboxProvider(), createPermutationProvider()],
  verifier: createSandboxVerifier(),
  disabled: [],
});

async function setup(enrichment: EnrichmentSet = sandboxSet(), count = 12) {
  handle = memoryDb();
  const now = fixedClock();
  const companies = createCompanyRepo(handle.db);
  const runs = createRunRepo(handle.db);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const c = await insertPendingLead(companies, {
      name: `Company ${i}`,
      normalizedName: `company ${i}`,
      domain: `company${i}.example`,
      website: `https://company${i}.example`,
    });
    await companies.setStatus(c.id, 'approved', now());
    ids.push(c.id);
  }
  const deps: EnrichDeps = {
    companies,
    contacts: createContactRepo(handle.db),
    recorder: createRunRecorder({ runs, now }),
    providerState: createProviderStateRepo(handle.db),
    enrichment,
    titles: TITLES,
    requireVerifiedGuesses: true,
    now,
  };
  return { deps, ids, runs, companies };
}

describe('enrichCompanies', () => {
  it('gives each approved company a sourced, verified contact or reports it has none; nothing invented', async () => {
    const { deps, ids, runs } = await setup();
    const outcome = await enrichCompanies({ trigger: 'test' }, deps);
    expect(outcome.companies).toHaveLength(ids.length);
    for (const r of outcome.companies) {
      const fictional = sandboxCompany(r.domain!);
      if (r.outcome === 'found') {
        expect(r.primary).toMatchObject({ isPrimary: true, status: 'active' });
        // A catch-all domain cannot confirm a mailbox: only a found address may be primary there, never a guess.
        if (r.primary!.verification !== 'valid')
          expect(r.primary).toMatchObject({ verification: 'catch_all', emailKind: 'found' });
        expect(r.primary!.source).toMatch(/^(sandbox|permutation)$/);
        expect(r.primary!.evidenceUrl).toMatch(new RegExp(`^https://${r.domain}/`));
        expect(fictional.people.map((p) => p.mailbox)).toContain(r.primary!.email);
      } else {
        expect(r.note).toMatch(/no findable contact|no address found|only a guessed address/);
        expect(await deps.contacts.primaryFor(r.companyId)).toBeUndefined();
      }
    }
    expect(outcome.companies.some((r) => r.outcome === 'none')).toBe(true);
    const run = (await runs.get(outcome.runId))!;
    expect(run).toMatchObject({ kind: 'enrich', status: 'completed', summary: outcome.summary });
    expect(run.counters.companies).toBe(ids.length);
    expect((run.counters.with_contact ?? 0) + (run.counters.no_contact ?? 0)).toBe(ids.length);
    expect((await runs.logs(outcome.runId)).filter((l) => l.kind === 'provider').length).toBeGreaterThan(ids.length);
    expect(outcome.summary).toMatch(
      /^Enriched 12 companies \(sandbox providers\): \d+ with a contact, \d+ with no findable contact\.$/,
    );
  });

  it('is idempotent: a second run finds nothing to do, and re-enriching given ids duplicates no one', async () => {
    const { deps, ids } = await setup();
    await enrichCompanies({ trigger: 'test' }, deps);
    const before = await mapAsync(ids, async (id) =>
      (await deps.contacts.listForCompany(id)).map((c) => [c.id, c.email, c.isPrimary]),
    );
    const again = await enrichCompanies({ trigger: 'test' }, deps);
    const withoutContact = before.filter((list) => !list.some((c) => c[2])).length;
    expect(again.companies).toHaveLength(withoutContact);
    await enrichCompanies({ trigger: 'test', companyIds: ids }, deps);
    const after = await mapAsync(ids, async (id) =>
      (await deps.contacts.listForCompany(id)).map((c) => [c.id, c.email, c.isPrimary]),
    );
    expect(after).toEqual(before);
  });

  it('enriches only approved companies and says which requested ones were not approved', async () => {
    const { deps, ids, companies } = await setup(sandboxSet(), 3);
    await companies.setStatus(ids[1]!, 'rejected', new Date());
    const outcome = await enrichCompanies({ trigger: 'test', companyIds: ids }, deps);
    expect(outcome.companies.map((c) => c.companyId)).toEqual([ids[0], ids[2]]);
    expect(outcome.notApproved).toEqual([ids[1]]);
    await expect(enrichCompanies({ trigger: 'test', companyIds: [999] }, deps)).rejects.toThrow(
      /No company with id 999/,
    );
  });

  it('works on several companies at once', async () => {
    let inFlight = 0;
    let most = 0;
    const slow: EnrichmentProvider = {
      name: 'slow',
      async find(target) {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        return { candidates: [candidate({ email: `dana@${target.domain}`, source: 'slow', verification: 'valid' })] };
      },
    };
    const { deps } = await setup({ mode: 'live', providers: [slow], disabled: [] }, 8);
    const outcome = await enrichCompanies({ trigger: 'test' }, { ...deps, concurrency: 4 });
    expect(most).toBe(4);
    expect(outcome.companies.every((c) => c.outcome === 'found')).toBe(true);
  });
});

describe('enrichCompanies across a restart', () => {
  it('checkpoints each company done; continuing the run enriches only the rest and starts no other run', async () => {
    const asked: string[] = [];
    const recording: EnrichmentProvider = {
      name: 'sandbox',
      find: (target, ctx) => {
        asked.push(target.domain);
        return createSandboxProvider().find(target, ctx);
      },
    };
    const { deps, ids, runs } = await setup({ ...sandboxSet(), providers: [recording] }, 4);
    const first = await enrichCompanies({ trigger: 'test', companyIds: ids.slice(0, 2) }, deps);
    expect((await runs.get(first.runId))!.checkpoint.enriched).toEqual(expect.arrayContaining(ids.slice(0, 2)));
    // As if the process had died with the batch half done: the run is re-opened with the companies not done.
    const run = await deps.recorder.start({ kind: 'enrich', trigger: 'test', input: { companyIds: ids } });
    await run.checkpoint({ enriched: ids.slice(0, 2) });
    asked.length = 0;
    const rest = await enrichCompanies({ trigger: 'test', companyIds: ids.slice(2), run }, deps);
    expect(rest.runId).toBe(run.id);
    expect(asked.sort()).toEqual(['company2.example', 'company3.example']);
    const after = (await runs.get(run.id))!;
    expect(after.status).toBe('completed');
    expect([...(after.checkpoint.enriched as number[])].sort()).toEqual([...ids].sort());
    expect(after.counters.companies).toBeUndefined();
    expect(after.summary).toMatch(/ · continued after an interruption \(2 enriched before it\)$/);
    expect(await runs.list({ limit: 10, kind: 'enrich' })).toHaveLength(2);
  });
});
