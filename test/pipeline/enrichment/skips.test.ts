import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import type { DbHandle } from '../../../src/db/client.js';
import { createCompanyRepo } from '../../../src/db/repos/company-repo.js';
import { createContactRepo } from '../../../src/db/repos/contact-repo.js';
import { createProviderStateRepo } from '../../../src/db/repos/provider-state-repo.js';
import { createRunRepo } from '../../../src/db/repos/run-repo.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { runEnrichStage } from '../../../src/pipeline/enrichment/stage.js';
import { createRunRecorder } from '../../../src/pipeline/runs/recorder.js';
import { createEnrichmentSet } from '../../../src/providers/enrichment/index.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';
import { insertPendingLead } from '../../helpers/fixtures.js';
import { type StandIn, sendJson, startStandIn } from '../../helpers/http-server.js';

let handle: DbHandle | undefined;
const servers: StandIn[] = [];
afterEach(async () => {
  handle?.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function standIn(handler: Parameters<typeof startStandIn>[0]) {
  const s = await startStandIn(handler);
  servers.push(s);
  return s;
}

describe('enrichment with vendors that refuse', () => {
  it('completes from the other providers when one answers 403 and another 429-quota; the summary names both', async () => {
    const hunter = await standIn((_req, res) =>
      sendJson(res, 429, {
        errors: [
          {
            id: 'too_many_requests',
            code: 429,
            details: 'You have reached your usage limit. Upgrade your plan if necessary.',
          },
        ],
      }),
    );
    const apollo = await standIn((_req, res) =>
      sendJson(res, 403, {
        error:
          'api/v1/mixed_people/search is not accessible with this api_key on a free plan. Please upgrade your plan in order to access this endpoint.',
        error_code: 'API_INACCESSIBLE',
      }),
    );
    const prospeo = await standIn((req, res) => {
      const domain = req.path === '/search-person' ? JSON.parse(req.body).filters.company.websites.include[0] : null;
      if (req.path === '/search-person')
        return sendJson(res, 200, {
          error: false,
          results: [
            {
              person: {
                person_id: `p-${domain}`,
                first_name: 'Dana',
                last_name: 'Whitfield',
                full_name: 'Dana Whitfield',
                current_job_title: 'CFO',
                linkedin_url: 'https://www.linkedin.com/in/dana-example',
                email: { status: 'VERIFIED', revealed: false, email: 'd***' },
              },
              company: { website: domain },
            },
          ],
        });
      const id: string = JSON.parse(req.body).data.person_id;
      return sendJson(res, 200, {
        error: false,
        person: {
          person_id: id,
          email: { status: 'VERIFIED', revealed: true, email: `dana.whitfield@${id.slice(2)}` },
        },
      });
    });
    const config = loadConfig({
      HUNTER_API_KEY: 'hunter-key',
      HUNTER_BASE_URL: hunter.url,
      APOLLO_API_KEY: 'apollo-key',
      APOLLO_BASE_URL: apollo.url,
      PROSPEO_API_KEY: 'prospeo-key',
      PROSPEO_BASE_URL: prospeo.url,
      ENRICHMENT_ORDER: 'hunter,apollo,prospeo,permutation',
    });
    const enrichment = createEnrichmentSet(config, { initialDelayMs: 10, maxDelayMs: 50 });
    expect(enrichment.mode).toBe('live');
    expect(enrichment.providers.map((p) => p.name)).toEqual(['hunter', 'apollo', 'prospeo', 'permutation']);

    handle = memoryDb();
    const now = fixedClock();
    const companies = createCompanyRepo(handle.db);
    for (const name of ['Acme Dental', 'Harbor Clinic', 'Elm Bakery', 'Queen City Print']) {
      const domain = `${name.toLowerCase().replace(/\s+/g, '')}.example`;
      const c = await insertPendingLead(companies, {
        name,
        normalizedName: name.toLowerCase(),
        domain,
        website: `https://${domain}`,
      });
      await companies.setStatus(c.id, 'approved', now());
    }
    const runs = createRunRepo(handle.db);
    const outcome = await runEnrichStage(
      { trigger: 'test' },
      {
        companies,
        contacts: createContactRepo(handle.db),
        recorder: createRunRecorder({ runs, now }),
        providerState: createProviderStateRepo(handle.db),
        directives: createDirectiveStore(resolve('directives')),
        enrichment,
        requireVerifiedGuesses: true,
        concurrency: 1,
        now,
      },
    );

    expect(outcome.data.companies.map((c) => [c.outcome, c.primary?.source, c.primary?.verification])).toEqual(
      Array(4).fill(['found', 'prospeo', 'valid']),
    );
    expect(outcome.summary).toBe(
      'Enriched 4 companies: 4 with a contact. ' +
        'Hunter skipped: 429 You have reached your usage limit. Upgrade your plan if necessary; ' +
        'Apollo skipped: 403 plan has no API access (people search needs a paid Apollo plan).',
    );
    expect(hunter.requests).toHaveLength(1);
    expect(apollo.requests).toHaveLength(1);
    const logs = (await runs.logs(outcome.runId)).filter((l) => l.kind === 'provider');
    expect(logs.filter((l) => l.name === 'apollo').map((l) => l.status)).toEqual([
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(await runs.get(outcome.runId)).toMatchObject({ status: 'completed', summary: outcome.summary });
  });
});
