import type { Verification } from '../../pipeline/contacts/ports.js';
import type { CandidateContact, EnrichmentProvider, EnrichmentTarget } from '../../pipeline/enrichment/ports.js';
import type { HttpClient } from '../http/client.js';
import { personName, record, records, str } from './names.js';

/*
 * Hunter API v2 (https://hunter.io/api-documentation/v2):
 *   GET /v2/domain-search?domain=&api_key=&limit=  → { data: { domain, pattern, emails: [{ value, type, confidence,
 *     first_name, last_name, position, linkedin, phone_number, sources: [{ domain, uri, extracted_on, still_on_page }],
 *     verification: { date, status } }] }, meta }
 *   GET /v2/email-finder?domain=&first_name=&last_name=&api_key= → { data: { first_name, last_name, email, score,
 *     position, linkedin_url, sources: [...], verification: { status } } }
 * Errors: { errors: [{ id, code, details }] }; 401 no valid key, 403 rate limit reached, 429 usage limit reached.
 * Credits (help.hunter.io "How do credits work"): 1 per 1–10 addresses a Domain Search returns, 1 per address the
 * Email Finder finds, none when nothing is found.
 */

const VERIFICATION: Record<string, Verification> = {
  valid: 'valid',
  accept_all: 'catch_all',
  invalid: 'invalid',
  unknown: 'unknown',
};

function evidence(sources: unknown): string | null {
  const list = records(sources);
  const live = list.find((s) => s.still_on_page === true) ?? list[0];
  return str(live?.uri);
}

function toCandidate(row: Record<string, unknown>, email: unknown, confidence: unknown): CandidateContact {
  const status = str(record(row.verification).status);
  return {
    ...personName(row.first_name, row.last_name),
    title: str(row.position),
    email: str(email),
    emailKind: 'found',
    source: 'hunter',
    evidenceUrl: evidence(row.sources),
    confidence: typeof confidence === 'number' ? Math.min(1, confidence / 100) : null,
    phone: str(row.phone_number),
    linkedinUrl: str(row.linkedin) ?? str(row.linkedin_url),
    verification: status ? (VERIFICATION[status] ?? 'unknown') : undefined,
  };
}

/** The best-titled person an earlier provider named without an address, for Hunter's Email Finder. */
function personToFind(target: EnrichmentTarget, known: readonly CandidateContact[], found: CandidateContact[]) {
  const have = new Set(found.map((c) => c.fullName?.toLowerCase()));
  return known.find(
    (k) =>
      !k.email &&
      k.firstName &&
      k.lastName &&
      target.rankTitle(k.title) !== null &&
      !have.has(k.fullName?.toLowerCase()),
  );
}

/** Hunter: Domain Search for the company's people, then Email Finder for a person an earlier provider named. */
export function createHunterProvider(options: { http: HttpClient; apiKey: string }): EnrichmentProvider {
  const { http, apiKey } = options;
  return {
    name: 'hunter',
    async find(target, { known }) {
      const res = await http.request<{ data?: { emails?: unknown } }>({
        path: '/v2/domain-search',
        query: { domain: target.domain, api_key: apiKey, limit: 10 },
      });
      const candidates = records(res.data?.data?.emails).map((e) => toCandidate(e, e.value, e.confidence));
      let credits = Math.ceil(candidates.length / 10);
      const person = personToFind(target, known, candidates);
      if (person) {
        const found = await http.request<{ data?: unknown }>({
          path: '/v2/email-finder',
          query: { domain: target.domain, first_name: person.firstName, last_name: person.lastName, api_key: apiKey },
          acceptStatuses: [404],
        });
        const data = record(found.data?.data);
        if (found.status === 200 && str(data.email)) {
          const c = toCandidate(data, data.email, data.score);
          credits += 1;
          candidates.push({ ...c, title: c.title ?? person.title, evidenceUrl: c.evidenceUrl ?? person.evidenceUrl });
        }
      }
      return { candidates, credits, notes: person ? [`Email Finder asked for ${person.fullName}`] : [] };
    },
    describeSkip(error) {
      if (error.code === 'forbidden') return '403 rate limit reached (Hunter refuses this key for now)';
      return undefined;
    },
  };
}
