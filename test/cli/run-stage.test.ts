import { describe, expect, it } from 'vitest';
import { openMigratedDatabase } from '../../src/db/client.js';
import { createCompanyRepo } from '../../src/db/repos/company-repo.js';
import { mapAsync } from '../../src/pipeline/async.js';
import type { EnrichStageOutcome } from '../../src/pipeline/enrichment/stage.js';
import { cli, tempEnv } from '../helpers/cli.js';
import { insertPendingLead } from '../helpers/fixtures.js';

/** Approves `count` sample leads in the CLI's database, as Gate 1 would. */
async function seedApproved(env: Record<string, string>, count: number): Promise<number[]> {
  const handle = openMigratedDatabase(env.DATABASE_PATH!);
  const companies = createCompanyRepo(handle.db);
  const ids = await mapAsync(
    Array.from({ length: count }, (_, i) => i),
    async (i) => {
      const domain = `sample${i}.example`;
      const c = await insertPendingLead(companies, {
        name: `Sample ${i}`,
        normalizedName: `sample ${i}`,
        domain,
        website: `https://${domain}`,
      });
      await companies.setStatus(c.id, 'approved', new Date());
      return c.id;
    },
  );
  handle.close();
  return ids;
}

describe('leadbot run-stage', () => {
  it('enrich in sandbox mode gives each approved lead a contact with source and verification, or says it has none', async () => {
    const env = tempEnv();
    const ids = await seedApproved(env, 10);
    const res = await cli(['run-stage', 'enrich', '--json'], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = res.json<EnrichStageOutcome>();
    expect(out.data.mode).toBe('sandbox');
    expect(out.data.companies.map((c) => c.companyId).sort((a, b) => a - b)).toEqual(ids);
    for (const c of out.data.companies) {
      if (c.outcome === 'found') {
        expect(c.primary!.source).toMatch(/^(sandbox|permutation)$/);
        expect(c.primary!.verification).toMatch(/^(valid|catch_all)$/);
      } else expect(c.note).toMatch(/no findable contact|no address found|only a guessed address/);
    }
    const again = await cli(['run-stage', 'enrich'], env);
    expect(again.code).toBe(0);
    const found = out.data.companies.filter((c) => c.outcome === 'found').length;
    expect(again.stdout).toContain(
      ids.length - found === 0 ? 'No approved companies without a contact' : `Enriched ${ids.length - found}`,
    );
  });

  it('prints a readable table', async () => {
    const env = tempEnv();
    await seedApproved(env, 3);
    const res = await cli(['run-stage', 'enrich'], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Enriched 3 companies \(sandbox providers\): /);
    expect(res.stdout).toMatch(/ID\s+Company\s+Contact\s+Title\s+Email\s+Verification\s+Source/);
  });

  it('says clearly which stages exist and what input each accepts', async () => {
    const env = tempEnv();
    const missing = await cli(['run-stage', 'score', '--ids', '99'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('leadbot: No company with id 99\n');
    const perCompany = await cli(['run-stage', 'outreach', '--ids', '3'], env);
    expect(perCompany.code).toBe(1);
    expect(perCompany.stderr).toContain('company ids are accepted by score, enrich, write');
    const unknown = await cli(['run-stage', 'bake'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown stage "bake"; accepted: score, enrich, write, outreach, track');
    const ids = await cli(['run-stage', 'enrich', '--ids', 'seven'], env);
    expect(ids.code).toBe(2);
    expect(ids.stderr).toContain('accepted: e.g. --ids 3,7,12');
  });
});
