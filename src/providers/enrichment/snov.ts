import { AppError, isAppError } from '../../errors.js';
import type { CandidateContact, EnrichmentProvider } from '../../pipeline/enrichment/ports.js';
import type { HttpClient } from '../http/client.js';
import { personName, record, records, str } from './names.js';

/*
 * Snov.io API (https://snov.io/api, "How to use the Domain Search API" in their knowledge base):
 *   POST /v1/oauth/access_token  form { grant_type: client_credentials, client_id, client_secret }
 *     → { access_token, token_type: "Bearer", expires_in: 3600 }
 *   POST /v2/domain-search/prospects/start  form { domain, page, positions[] }  (Bearer token)
 *     → { meta: { task_hash }, links: { result } }
 *   GET  /v2/domain-search/prospects/result/{task_hash}
 *     → { status: "in_progress" | "completed", data: [{ first_name, last_name, position, source_page,
 *         search_emails_start }], meta }
 *   POST {search_emails_start} (= /v2/domain-search/prospects/search-emails/start/{prospect_hash})
 *     → { meta: { task_hash }, links: { result } }
 *   GET  /v2/domain-search/prospects/search-emails/result/{task_hash}
 *     → { status, data: { emails: [{ email, smtp_status: "valid" | "unknown" }] } }
 * The API allows 60 requests a minute. Credits (snov.io/knowledgebase/what-is-a-credit): 1 per prospect with an address
 * found; nothing for no results or invalid addresses.
 */

export interface SnovOptions {
  http: HttpClient;
  clientId: string;
  clientSecret: string;
  /** Waits between polls of an async task (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
  pollIntervalMs?: number;
  maxPolls?: number;
  now?: () => number;
}

/** Snov.io: prospects by domain and positions, then the best-titled prospect's address. */
export function createSnovProvider(options: SnovOptions): EnrichmentProvider {
  const { http } = options;
  const sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  let token: { value: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const accessToken = async (): Promise<string> => {
    if (token && token.expiresAt > now()) return token.value;
    pending ??= (async () => {
      const res = await http.request<Record<string, unknown>>({
        method: 'POST',
        path: '/v1/oauth/access_token',
        form: { grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret },
      });
      const value = str(res.data?.access_token);
      if (!value)
        throw new AppError('unauthorized', 'snov: 401 no access token in the answer', { details: { status: 401 } });
      const ttl = typeof res.data?.expires_in === 'number' ? res.data.expires_in : 3600;
      token = { value, expiresAt: now() + Math.max(60, ttl - 60) * 1000 };
      return value;
    })().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  /** One API call with the bearer token; a 401 on an old token gets one fresh token and one more try. */
  const call = async (method: 'GET' | 'POST', path: string, form?: Record<string, string>, retried = false) => {
    const used = await accessToken();
    try {
      const res = await http.request<Record<string, unknown>>({
        method,
        path,
        headers: { authorization: `Bearer ${used}` },
        ...(form ? { form } : {}),
      });
      return res.data ?? {};
    } catch (err) {
      if (retried || !isAppError(err, 'unauthorized')) throw err;
      if (token?.value === used) token = undefined;
      return call(method, path, form, true);
    }
  };

  /** `positions[0]=CFO&positions[1]=Owner`: the indexed form of Snov's `positions[]` array parameter. */
  const positions = (titles: readonly string[]) => Object.fromEntries(titles.map((t, i) => [`positions[${i}]`, t]));

  /** Starts an async task and polls its result until it completes (or the poll budget runs out). */
  const task = async (startPath: string, form: Record<string, string>, resultPrefix: string) => {
    const started = await call('POST', startPath, form);
    const hash = str(record(started.meta).task_hash) ?? str(started.task_hash);
    if (!hash) throw new AppError('provider_failed', 'snov: the search did not start (no task_hash)');
    for (let i = 0; i < (options.maxPolls ?? 6); i++) {
      const result = await call('GET', `${resultPrefix}/${encodeURIComponent(hash)}`);
      if (str(result.status) !== 'in_progress') return result;
      await sleep(options.pollIntervalMs ?? 1500);
    }
    return { status: 'in_progress' };
  };

  return {
    name: 'snov',
    async find(target) {
      const prospects = await task(
        '/v2/domain-search/prospects/start',
        { domain: target.domain, page: '1', ...positions(target.targetTitles) },
        '/v2/domain-search/prospects/result',
      );
      const rows = records(prospects.data);
      const candidates: CandidateContact[] = rows.map((p) => ({
        ...personName(p.first_name, p.last_name),
        title: str(p.position),
        email: null,
        emailKind: 'found',
        source: 'snov',
        evidenceUrl: str(p.source_page),
        confidence: 0.6,
        linkedinUrl: /linkedin\.com/i.test(str(p.source_page) ?? '') ? str(p.source_page) : null,
      }));
      const best = rows
        .map((p, i) => ({
          start: str(p.search_emails_start),
          c: candidates[i]!,
          rank: target.rankTitle(candidates[i]!.title),
        }))
        .filter((x) => x.start && x.rank !== null)
        .sort((a, b) => a.rank! - b.rank!)[0];
      if (!best)
        return {
          candidates,
          credits: 0,
          notes: str(prospects.status) === 'in_progress' ? ['search still running'] : [],
        };
      const startPath = new URL(best.start!, 'https://api.snov.io').pathname;
      const emails = await task(startPath, {}, '/v2/domain-search/prospects/search-emails/result');
      const found = records(record(emails.data).emails);
      for (const e of found)
        candidates.push({
          ...best.c,
          email: str(e.email),
          verification: str(e.smtp_status) === 'valid' ? 'valid' : 'unknown',
          confidence: 0.8,
        });
      return { candidates, credits: found.length > 0 ? 1 : 0, notes: [`looked up ${best.c.fullName ?? 'a prospect'}`] };
    },
  };
}
