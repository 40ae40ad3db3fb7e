import { AppError } from '../../errors.js';
import type { CandidateContact, EnrichmentProvider } from '../../pipeline/enrichment/ports.js';
import type { HttpClient, HttpResponse } from '../http/client.js';
import { personName, record, records, str } from './names.js';

/*
 * Prospeo API (https://prospeo.io/api-docs/search-person, /enrich-person), header `X-KEY`:
 *   POST /search-person { page, filters: { company: { websites: { include: [domain] } },
 *                                          person_job_title: { include: [...] } } }
 *     → { error: false, results: [{ person: { person_id, first_name, last_name, full_name, current_job_title,
 *         linkedin_url, email: { status, revealed, email (masked until revealed) } }, company: {…} }], pagination }
 *   POST /enrich-person { only_verified_email: true, data: { person_id } }
 *     → { error: false, person: { …, email: { status: "VERIFIED", revealed: true, email } } }
 * A clean miss is HTTP 400 { error: true, error_code: "NO_RESULTS" | "NO_MATCH" }; a spent balance is
 * "INSUFFICIENT_CREDITS"; a bad key is 401 "INVALID_API_KEY"; too fast is 429.
 * Credits (help.prospeo.io, billing): 1 per search page with results, 1 per verified address revealed; a miss is
 * free.
 */

const EMPTY = new Set(['NO_RESULTS', 'NO_MATCH']);

function answer(res: HttpResponse<unknown>): Record<string, unknown> | null {
  const body = record(res.data);
  if (res.status === 200 && body.error !== true) return body;
  const code = str(body.error_code) ?? '';
  if (EMPTY.has(code)) return null;
  const details = { vendor: 'prospeo', status: res.status, url: res.url, body: JSON.stringify(body).slice(0, 200) };
  if (/CREDITS/.test(code)) throw new AppError('quota_exhausted', `prospeo: ${res.status} ${code}`, { details });
  throw new AppError('provider_failed', `prospeo: ${res.status} ${code || 'error'}`, { details });
}

function toCandidate(person: Record<string, unknown>): CandidateContact {
  const email = record(person.email);
  const address = email.revealed === true ? str(email.email) : null;
  const verified = str(email.status)?.toUpperCase() === 'VERIFIED';
  return {
    ...personName(person.first_name, person.last_name, person.full_name),
    title: str(person.current_job_title) ?? str(person.job_title),
    email: address,
    emailKind: 'found',
    source: 'prospeo',
    evidenceUrl: str(person.linkedin_url),
    confidence: verified ? 0.85 : 0.6,
    linkedinUrl: str(person.linkedin_url),
    verification: address ? (verified ? 'valid' : 'unknown') : undefined,
  };
}

/** Prospeo: people search by company website and titles, then a verified address for the best-titled person. */
export function createProspeoProvider(options: { http: HttpClient; apiKey: string }): EnrichmentProvider {
  const { http, apiKey } = options;
  const post = async (path: string, json: unknown) =>
    answer(await http.request({ method: 'POST', path, headers: { 'X-KEY': apiKey }, json, acceptStatuses: [400] }));
  return {
    name: 'prospeo',
    async find(target) {
      const found = await post('/search-person', {
        page: 1,
        filters: {
          company: { websites: { include: [target.domain] } },
          person_job_title: { include: target.targetTitles },
        },
      });
      const people = records(found?.results).map((r) => record(r.person));
      const candidates = people.map(toCandidate);
      let credits = people.length > 0 ? 1 : 0;
      const best = people
        .map((p, i) => ({ id: str(p.person_id), c: candidates[i]!, rank: target.rankTitle(candidates[i]!.title) }))
        .filter((x) => x.id && !x.c.email && x.rank !== null)
        .sort((a, b) => a.rank! - b.rank!)[0];
      if (best) {
        const enriched = await post('/enrich-person', { only_verified_email: true, data: { person_id: best.id } });
        const person = record(enriched?.person);
        if (Object.keys(person).length > 0) {
          const c = toCandidate(person);
          if (c.email) credits += 1;
          if (c.email)
            Object.assign(best.c, { email: c.email, verification: c.verification, confidence: c.confidence });
        }
      }
      return { candidates, credits, notes: found === null ? ['no results'] : [] };
    },
  };
}
