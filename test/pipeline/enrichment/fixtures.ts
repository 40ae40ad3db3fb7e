import type { ContactRecord } from '../../../src/pipeline/contacts/ports.js';
import type { CandidateContact, EnrichmentTarget } from '../../../src/pipeline/enrichment/ports.js';
import { createTitlePolicy } from '../../../src/pipeline/enrichment/titles.js';

const TARGETS = ['CFO', 'VP Finance', 'Director of Facilities', 'VP Operations', 'Owner'];
export const TITLES = createTitlePolicy(TARGETS, {
  CFO: ['Chief Financial Officer'],
  'VP Finance': ['Head of Finance'],
  Owner: ['Founder', 'President', 'CEO'],
});

/** A stored contact; override any field. */
export function sampleContact(overrides: Partial<ContactRecord> = {}): ContactRecord {
  const at = new Date('2026-11-25T09:00:00Z');
  return {
    id: 1,
    companyId: 1,
    fullName: 'Dana Whitfield',
    firstName: 'Dana',
    lastName: 'Whitfield',
    title: 'CFO',
    titleRank: 0,
    email: 'dana.whitfield@acme.example',
    emailKind: 'found',
    verification: 'valid',
    source: 'hunter',
    evidenceUrl: 'https://acme.example/team',
    confidence: 0.9,
    phone: null,
    linkedinUrl: null,
    isPrimary: false,
    status: 'active',
    runId: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/** A company as providers see it. */
export function sampleTarget(overrides: Partial<EnrichmentTarget> = {}): EnrichmentTarget {
  return {
    companyId: 1,
    companyName: 'Acme Dental Group',
    domain: 'acme.example',
    aliases: [],
    website: 'https://acme.example',
    city: 'Buffalo',
    targetTitles: TARGETS,
    rankTitle: TITLES.rank,
    ...overrides,
  };
}

/** A provider's candidate; override any field. */
export function candidate(overrides: Partial<CandidateContact> = {}): CandidateContact {
  return {
    fullName: 'Dana Whitfield',
    firstName: 'Dana',
    lastName: 'Whitfield',
    title: 'CFO',
    email: 'dana.whitfield@acme.example',
    emailKind: 'found',
    source: 'hunter',
    evidenceUrl: 'https://acme.example/team',
    confidence: 0.9,
    ...overrides,
  };
}
