import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderFindings } from '../../../src/pipeline/enrichment/ports.js';
import { createSnovProvider } from '../../../src/providers/enrichment/snov.js';
import { type Handler, type StandIn, sendJson, startStandIn } from '../../helpers/http-server.js';
import { sampleTarget } from '../../pipeline/enrichment/fixtures.js';
import { testClient, vendorContract } from './contract.js';

const PROSPECT = 'b3f1c2d4e5f6a7b8c9d0e1f2a3b4c5d6';

/** Answers like Snov.io's OAuth and v2 Domain Search (start → result task pattern). */
function snovStandIn(options: { pendingPolls?: number; prospects?: unknown[]; emails?: unknown[] } = {}): Handler {
  let polls = 0;
  return (req, res) => {
    if (req.path === '/v1/oauth/access_token')
      return sendJson(res, 200, { access_token: 'tok-123', token_type: 'Bearer', expires_in: 3600 });
    if (req.headers.authorization !== 'Bearer tok-123') return sendJson(res, 401, { error: 'invalid_token' });
    if (req.path === '/v2/domain-search/prospects/start')
      return sendJson(res, 200, {
        data: [],
        meta: { domain: 'acme.example', task_hash: 'task-p' },
        links: { result: 'https://api.snov.io/v2/domain-search/prospects/result/task-p' },
      });
    if (req.path === '/v2/domain-search/prospects/result/task-p') {
      if (polls++ < (options.pendingPolls ?? 0)) return sendJson(res, 200, { status: 'in_progress', data: [] });
      return sendJson(res, 200, {
        status: 'completed',
        data: options.prospects ?? [
          {
            first_name: 'Dana',
            last_name: 'Whitfield',
            position: 'Chief Financial Officer',
            source_page: 'https://www.linkedin.com/in/dana-whitfield-example',
            search_emails_start: `https://api.snov.io/v2/domain-search/prospects/search-emails/start/${PROSPECT}`,
          },
        ],
        meta: { domain: 'acme.example', page: 1, total_count: 1 },
      });
    }
    if (req.path === `/v2/domain-search/prospects/search-emails/start/${PROSPECT}`)
      return sendJson(res, 200, { data: [], meta: { task_hash: 'task-e' }, links: { result: 'x' } });
    if (req.path === '/v2/domain-search/prospects/search-emails/result/task-e')
      return sendJson(res, 200, {
        status: 'completed',
        data: { emails: options.emails ?? [{ email: 'dana.whitfield@acme.example', smtp_status: 'valid' }] },
      });
    return sendJson(res, 404, { error: 'not found' });
  };
}

const provider = (url: string) =>
  createSnovProvider({
    http: testClient('snov', url),
    clientId: 'id',
    clientSecret: 'secret',
    sleep: async () => undefined,
  });

vendorContract({
  vendor: 'snov',
  invoke: (_http, url) => provider(url).find(sampleTarget(), { known: [] }),
  answer: snovStandIn(),
  empty: snovStandIn({ prospects: [] }),
  isEmpty: (r) => (r as ProviderFindings).candidates.length === 0,
  quotaBody: { success: false, message: 'You ran out of credits' },
});

describe('snov adapter', () => {
  let server: StandIn | undefined;
  afterEach(async () => server?.close());

  it('gets a token, starts a prospect search with the positions, polls, then looks up the best-titled prospect', async () => {
    server = await startStandIn(snovStandIn({ pendingPolls: 2 }));
    const snov = provider(server.url);
    const { candidates } = await snov.find(sampleTarget(), { known: [] });
    const token = new URLSearchParams(server.requests[0]!.body);
    expect(Object.fromEntries(token)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'id',
      client_secret: 'secret',
    });
    const start = new URLSearchParams(server.requests[1]!.body);
    expect(start.get('domain')).toBe('acme.example');
    expect(start.get('positions[0]')).toBe('CFO');
    expect(server.requests.filter((r) => r.path.endsWith('/result/task-p'))).toHaveLength(3);
    expect(candidates.at(-1)).toMatchObject({
      fullName: 'Dana Whitfield',
      title: 'Chief Financial Officer',
      email: 'dana.whitfield@acme.example',
      verification: 'valid',
      evidenceUrl: 'https://www.linkedin.com/in/dana-whitfield-example',
    });
    await snov.find(sampleTarget({ companyId: 2 }), { known: [] });
    expect(server.requests.filter((r) => r.path === '/v1/oauth/access_token')).toHaveLength(1);
  });

  it('gives up politely when a search never completes', async () => {
    server = await startStandIn(snovStandIn({ pendingPolls: 100 }));
    const { candidates, notes } = await provider(server.url).find(sampleTarget(), { known: [] });
    expect(candidates).toEqual([]);
    expect(notes).toEqual(['search still running']);
  });
});
