import { afterEach, describe, expect, it } from 'vitest';
import { buildLeadCardBlocks } from '../../../src/bot/blocks/lead-cards.js';
import type { DbHandle } from '../../../src/db/client.js';
import { createCompanyRepo } from '../../../src/db/repos/company-repo.js';
import { createContactRepo } from '../../../src/db/repos/contact-repo.js';
import { createProviderStateRepo } from '../../../src/db/repos/provider-state-repo.js';
import { createRunRepo } from '../../../src/db/repos/run-repo.js';
import { enrichCompanies } from '../../../src/pipeline/enrichment/enrich.js';
import { foundOffSite } from '../../../src/pipeline/enrichment/off-site.js';
import type { EmailVerifier, EnrichmentProvider } from '../../../src/pipeline/enrichment/ports.js';
import { createRunRecorder } from '../../../src/pipeline/runs/recorder.js';
import { createPermutationProvider } from '../../../src/providers/enrichment/permutation.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';
import { insertPendingLead } from '../../helpers/fixtures.js';
import { visibleText } from '../../helpers/mrkdwn-check.js';
import { candidate, TITLES } from './fixtures.js';

let handle: DbHandle | undefined;
afterEach(() => handle?.close());

/** What the website provider reports when acme.example's home page redirects to another company's site. */
const redirectedSite = (own: ReturnType<typeof candidate>[] = []): EnrichmentProvider => ({
  name: 'website',
  keyless: true,
  async find() {
    return {
      aliasDomains: ['acme-group.example'],
      candidates: [
        candidate({
          email: 'dana@acme-group.example',
          source: 'website',
          evidenceUrl: 'https://www.acme-group.example/team',
        }),
        candidate({
          fullName: 'Sam Ortiz',
          firstName: 'Sam',
          lastName: 'Ortiz',
          title: 'Owner',
          email: null,
          source: 'website',
          evidenceUrl: 'https://www.acme-group.example/team',
        }),
        ...own,
      ],
    };
  },
});

/** A verifier that confirms every mailbox: without the off-site rule, anything found would become primary. */
const everythingValid: EmailVerifier = { name: 'verifier', verify: async () => ({ status: 'valid' }) };

async function enrichAcme(provider: EnrichmentProvider) {
  handle = memoryDb();
  const now = fixedClock();
  const companies = createCompanyRepo(handle.db);
  const contacts = createContactRepo(handle.db);
  const company = await insertPendingLead(companies, { domain: 'acme.example', website: 'https://acme.example' });
  await companies.setStatus(company.id, 'approved', now());
  const outcome = await enrichCompanies(
    { trigger: 'test' },
    {
      companies,
      contacts,
      recorder: createRunRecorder({ runs: createRunRepo(handle.db), now }),
      providerState: createProviderStateRepo(handle.db),
      enrichment: {
        mode: 'live',
        providers: [provider, createPermutationProvider()],
        verifier: everythingValid,
        disabled: [],
      },
      titles: TITLES,
      requireVerifiedGuesses: true,
      now,
    },
  );
  const lead = (await companies.listLeads({ ids: [company.id] }))[0]!;
  return { result: outcome.companies[0]!, contacts: await contacts.listForCompany(company.id), lead };
}

describe('contacts found on another company’s site', () => {
  it('knows where a contact was found: its address, or the page the crawler read it on', () => {
    expect(
      foundOffSite({ email: 'dana@acme-group.example', source: 'hunter', evidenceUrl: null }, 'acme.example'),
    ).toBe('acme-group.example');
    expect(
      foundOffSite({ email: 'dana@mail.acme.example', source: 'hunter', evidenceUrl: null }, 'www.acme.example'),
    ).toBe(undefined);
    expect(
      foundOffSite({ email: null, source: 'website', evidenceUrl: 'https://acme-group.example/team' }, 'acme.example'),
    ).toBe('acme-group.example');
    // A vendor's evidence (a profile page) is not where the person works.
    expect(
      foundOffSite(
        { email: 'dana@acme.example', source: 'apollo', evidenceUrl: 'https://linkedin.com/in/d' },
        'acme.example',
      ),
    ).toBe(undefined);
  });

  it('are stored but never made primary, nor guessed at on the company’s domain; the outcome says why', async () => {
    const { result, contacts } = await enrichAcme(redirectedSite());
    expect(contacts.map((c) => c.email)).toContain('dana@acme-group.example');
    expect(contacts.some((c) => c.isPrimary)).toBe(false);
    expect(contacts.some((c) => c.email?.endsWith('@acme.example'))).toBe(false);
    expect(result).toMatchObject({ outcome: 'none', primary: null });
    expect(result.note).toBe(
      'only contacts found on acme-group.example, another site than acme.example: never made the contact',
    );
  });

  it('the company’s own contact is primary, and the card names the other one and where it was found', async () => {
    const own = candidate({
      fullName: 'Lee Park',
      firstName: 'Lee',
      lastName: 'Park',
      title: 'Director of Facilities',
      email: 'lee.park@acme.example',
      source: 'website',
      evidenceUrl: 'https://acme.example/about',
    });
    const { result, contacts, lead } = await enrichAcme(redirectedSite([own]));
    expect(result.primary?.email).toBe('lee.park@acme.example');
    const card = visibleText(buildLeadCardBlocks({ lead, contact: result.primary!, contacts }, 'UTC'));
    expect(card).toContain('Lee Park');
    expect(card).toContain(
      'Not used as the contact, found on another site than acme.example: Dana Whitfield (found on acme-group.example)',
    );
  });
});
