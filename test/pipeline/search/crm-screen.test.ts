import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCompanyRepo } from '../../../src/db/repos/company-repo.js';
import { createCrmRepo } from '../../../src/db/repos/crm-repo.js';
import { createProviderStateRepo } from '../../../src/db/repos/provider-state-repo.js';
import { createRunRepo } from '../../../src/db/repos/run-repo.js';
import { createSourceStatsRepo } from '../../../src/db/repos/source-stats-repo.js';
import { checkCompanies } from '../../../src/pipeline/crm/check.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { createNoLlm } from '../../../src/pipeline/llm/none.js';
import { createRunRecorder } from '../../../src/pipeline/runs/recorder.js';
import { type AnalyzeFn, type SearchDeps, searchCompanies } from '../../../src/pipeline/search/search-companies.js';
import { createHubspotCrm } from '../../../src/providers/crm/hubspot/index.js';
import { createSandboxSource, loadSandboxDirectory } from '../../../src/providers/scout/sandbox.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';
import { type HubspotStandIn, startHubspotStandIn } from '../../helpers/hubspot-stand-in.js';

const directives = createDirectiveStore(resolve('directives'));
const sandbox = loadSandboxDirectory();
let stand: HubspotStandIn | undefined;
afterEach(async () => {
  await stand?.close();
  stand = undefined;
});

function setup(crm?: { stand: HubspotStandIn; includeKnown?: boolean; token?: string }) {
  const handle = memoryDb();
  const now = fixedClock('2026-12-07T09:00:00.000Z');
  const companies = createCompanyRepo(handle.db);
  const repo = createCrmRepo(handle.db);
  const analyze: AnalyzeFn = async ({ companyIds }) => {
    for (const id of companyIds) await companies.setStatus(id, 'pending', now());
    return { scored: companyIds.length, leads: [] };
  };
  const port =
    crm &&
    createHubspotCrm(
      {
        token: crm.token ?? crm.stand.token,
        baseUrl: crm.stand.url,
        apiVersion: crm.stand.version,
        burst: { count: 1000, perMs: 1000 },
        search: { count: 1000, perMs: 1000 },
        daily: 100_000,
        dealPipeline: 'default',
        dealStage: 'appointmentscheduled',
        bounceProperty: 'leadbot_hard_bounce_date',
        leadSource: 'leadbot',
      },
      {},
    );
  const deps: SearchDeps = {
    companies,
    recorder: createRunRecorder({ runs: createRunRepo(handle.db), now }),
    providerState: createProviderStateRepo(handle.db),
    sourceStats: createSourceStatsRepo(handle.db),
    sources: [createSandboxSource(() => sandbox)],
    directives,
    llm: createNoLlm(),
    analyze,
    now,
    crm: port && {
      label: port.label,
      includeKnown: crm?.includeKnown ?? false,
      check: (list) => checkCompanies(list, { crm: port, repo, now, recentDays: 90 }),
    },
  };
  return { deps, repo, companies };
}

const request = { industry: 'healthcare', location: 'Buffalo, NY', count: 3, trigger: 'test' as const };

describe('search with the CRM check before Gate 1', () => {
  it('leaves out a company HubSpot has as a customer, backfills to the count, and footnotes it', async () => {
    const plain = await searchCompanies(request, setup().deps);
    const first = plain.leads[0]!.company;
    stand = await startHubspotStandIn({ owners: { '9': { firstName: 'Dana', lastName: 'W', email: 'd@x.example' } } });
    stand.seed('companies', {
      name: first.name,
      domain: first.domain!,
      lifecyclestage: 'customer',
      hs_lifecyclestage_customer_date: '2024-05-01T00:00:00Z',
      hubspot_owner_id: '9',
    });
    const { deps, repo } = setup({ stand });
    const result = await searchCompanies(request, deps);
    expect(result.leads).toHaveLength(3);
    expect(result.leads.map((l) => l.company.domain)).not.toContain(first.domain);
    expect(result.summary).toContain('1 HubSpot customer left out');
    const counts = await repo.countChecks('hubspot');
    expect(counts).toMatchObject({ known: 1, clear: 3, failed: 0 });
  });

  it('with CRM_INCLUDE_KNOWN the customer is shown, its check stored for the card', async () => {
    const plain = await searchCompanies(request, setup().deps);
    const first = plain.leads[0]!.company;
    stand = await startHubspotStandIn();
    stand.seed('companies', { name: first.name, domain: first.domain!, lifecyclestage: 'customer' });
    const { deps, repo } = setup({ stand, includeKnown: true });
    const result = await searchCompanies(request, deps);
    const shown = result.leads.find((l) => l.company.domain === first.domain);
    expect(shown).toBeDefined();
    const [check] = await repo.getChecks([shown!.company.id]);
    expect(check).toMatchObject({ outcome: 'known', customer: true, matchedBy: 'domain' });
    expect(result.summary).not.toContain('left out');
  });

  it('when HubSpot refuses the token every company is shown as not checked, and the search still works', async () => {
    stand = await startHubspotStandIn();
    const { deps, repo } = setup({ stand, token: 'pat-revoked' });
    const result = await searchCompanies(request, deps);
    expect(result.leads).toHaveLength(3);
    expect(result.summary).toContain('3 not checked against HubSpot');
    const checks = await repo.getChecks(result.leads.map((l) => l.company.id));
    expect(checks.map((c) => c.outcome)).toEqual(['failed', 'failed', 'failed']);
    expect(checks[0]!.error).toMatch(/401/);
  });
});
