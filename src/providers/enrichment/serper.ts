import { AppError, isAppError } from '../../errors.js';
import type { CandidateContact, EnrichmentProvider, EnrichmentTarget } from '../../pipeline/enrichment/ports.js';
import type { HttpClient } from '../http/client.js';
import { records, splitName, str } from './names.js';
import { peopleInLine } from './people-text.js';

/*
 * Serper (https://serper.dev, Google Search API): POST /search, header `X-API-KEY`, body { q, num }
 *   → { searchParameters, organic: [{ title, link, snippet, position }], … }. Errors: 401/403 bad key,
 *   400 "Not enough credits". Results give names and titles only: never an address. Credits: 1 per query.
 */

/** Names with target titles in a result's title or snippet ("Dana Whitfield - CFO - Acme | LinkedIn"). */
function peopleFromResult(text: string, target: EnrichmentTarget) {
  return peopleInLine(text.replace(/\|\s*LinkedIn.*$/i, ''), target.rankTitle);
}

const quoted = (titles: readonly string[]) => titles.map((t) => `"${t}"`).join(' OR ');

/** Serper: searches the company's site (then LinkedIn) for people holding the target titles. */
export function createSerperProvider(options: { http: HttpClient; apiKey: string }): EnrichmentProvider {
  const { http, apiKey } = options;
  const search = async (q: string) => {
    try {
      const res = await http.request<Record<string, unknown>>({
        method: 'POST',
        path: '/search',
        headers: { 'X-API-KEY': apiKey },
        json: { q, num: 10 },
      });
      return records(res.data?.organic);
    } catch (err) {
      if (isAppError(err, 'provider_failed') && err.details?.status === 400 && /credit/i.test(String(err.details.body)))
        throw new AppError('quota_exhausted', 'serper: 400 not enough credits', { cause: err, details: err.details });
      throw err;
    }
  };
  return {
    name: 'serper',
    async find(target) {
      const queries = [
        `site:${target.domain} (${quoted(target.targetTitles)})`,
        `"${target.companyName}" (${quoted(target.targetTitles)}) site:linkedin.com/in`,
      ];
      const candidates: CandidateContact[] = [];
      const seen = new Set<string>();
      let credits = 0;
      for (const [index, q] of queries.entries()) {
        credits += 1;
        for (const result of await search(q)) {
          const title = str(result.title) ?? '';
          const snippet = str(result.snippet) ?? '';
          const onLinkedIn = index === 1;
          if (onLinkedIn && !`${title} ${snippet}`.toLowerCase().includes(target.companyName.toLowerCase())) continue;
          for (const person of [...peopleFromResult(title, target), ...peopleFromResult(snippet, target)]) {
            if (seen.has(person.name.toLowerCase())) continue;
            seen.add(person.name.toLowerCase());
            candidates.push({
              ...splitName(person.name),
              title: person.title,
              email: null,
              emailKind: 'found',
              source: 'serper',
              evidenceUrl: str(result.link),
              confidence: onLinkedIn ? 0.6 : 0.7,
              linkedinUrl: onLinkedIn ? str(result.link) : null,
            });
          }
        }
        if (candidates.length > 0) break;
      }
      return { candidates, credits };
    },
  };
}
