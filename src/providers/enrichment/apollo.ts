import { AppError, isAppError } from '../../errors.js';
import type { EmailKind, Verification } from '../../pipeline/contacts/ports.js';
import type { CandidateContact, EnrichmentProvider } from '../../pipeline/enrichment/ports.js';
import type { HttpClient } from '../http/client.js';
import { personName, record, records, str } from './names.js';

/*
 * Apollo API (https://docs.apollo.io/reference/people-search, /people-enrichment), header `X-Api-Key`:
 *   POST /api/v1/mixed_people/search { q_organization_domains_list: [domain], person_titles: [...], page, per_page }
 *     → { people: [{ id, first_name, last_name, name, title, email, email_status, linkedin_url, organization }],
 *         contacts: [...same shape...], pagination }. A person not yet unlocked has the placeholder email
 *     "email_not_unlocked@domain.com". People search needs a paid plan: a free key gets 403
 *     ("… is not accessible with this api_key on a free plan", error_code API_INACCESSIBLE).
 *   POST /api/v1/people/match { id, reveal_personal_emails: false } → { person: { email, email_status, title, … } }
 *     (consumes a credit; 422 when credits run out).
 * Credits (docs.apollo.io/docs/api-pricing): people search 1 export credit per page that returns people; a match 1
 * export credit, plus 1 email credit when it returns a verified address.
 */

const LOCKED = /email_not_unlocked|not_unlocked/i;

/** Apollo's email_status: "verified" is checked; "guessed"/"extrapolated" are Apollo's own guesses. */
function emailStatus(status: string | null): { kind: EmailKind; verification?: Verification } {
  if (status === 'verified') return { kind: 'found', verification: 'valid' };
  if (status === 'guessed' || status === 'extrapolated') return { kind: 'guessed' };
  if (status === 'unavailable' || status === 'bounced') return { kind: 'found', verification: 'invalid' };
  return { kind: 'found' };
}

function toCandidate(p: Record<string, unknown>): CandidateContact {
  const email = str(p.email);
  const status = emailStatus(str(p.email_status));
  const id = str(p.id);
  return {
    ...personName(p.first_name, p.last_name, p.name),
    title: str(p.title),
    email: email && !LOCKED.test(email) ? email : null,
    emailKind: status.kind,
    source: 'apollo',
    evidenceUrl: str(p.linkedin_url) ?? (id ? `https://app.apollo.io/#/people/${id}` : null),
    confidence: status.verification === 'valid' ? 0.9 : 0.6,
    linkedinUrl: str(p.linkedin_url),
    verification: email && !LOCKED.test(email) ? status.verification : undefined,
  };
}

/** Apollo: people search by company domain and target titles; reveals the best-titled locked person's address. */
export function createApolloProvider(options: { http: HttpClient; apiKey: string }): EnrichmentProvider {
  const { http, apiKey } = options;
  const headers = { 'X-Api-Key': apiKey, 'cache-control': 'no-cache' };
  return {
    name: 'apollo',
    async find(target) {
      const res = await http.request<Record<string, unknown>>({
        method: 'POST',
        path: '/api/v1/mixed_people/search',
        headers,
        json: {
          q_organization_domains_list: [target.domain],
          person_titles: target.targetTitles,
          page: 1,
          per_page: 10,
        },
      });
      const people = [...records(res.data?.people), ...records(res.data?.contacts)];
      const candidates = people.map(toCandidate);
      let credits = people.length > 0 ? 1 : 0;
      const locked = people
        .map((p, i) => ({ p, c: candidates[i]!, rank: target.rankTitle(candidates[i]!.title) }))
        .filter((x) => !x.c.email && x.rank !== null && str(x.p.id))
        .sort((a, b) => a.rank! - b.rank!)[0];
      if (locked && !candidates.some((c) => c.email && (target.rankTitle(c.title) ?? 99) <= locked.rank!)) {
        const match = await reveal(http, headers, str(locked.p.id)!);
        if (match) credits += match.verification === 'valid' ? 2 : 1;
        if (match?.email) Object.assign(locked.c, { ...match, title: locked.c.title ?? match.title });
      }
      return { candidates, credits, notes: locked ? [`revealed ${locked.c.fullName ?? 'a person'}`] : [] };
    },
    describeSkip(error) {
      if (error.code === 'forbidden') return '403 plan has no API access (people search needs a paid Apollo plan)';
      return undefined;
    },
  };
}

async function reveal(http: HttpClient, headers: Record<string, string>, id: string) {
  try {
    const res = await http.request<Record<string, unknown>>({
      method: 'POST',
      path: '/api/v1/people/match',
      headers,
      json: { id, reveal_personal_emails: false },
    });
    const person = record(res.data?.person);
    return Object.keys(person).length > 0 ? toCandidate(person) : null;
  } catch (err) {
    if (isAppError(err, 'provider_failed') && err.details?.status === 422 && /credit/i.test(String(err.details.body)))
      throw new AppError('quota_exhausted', 'apollo: 422 out of credits', { cause: err, details: err.details });
    throw err;
  }
}
