import { type StandIn, sendJson, startStandIn } from './http-server.js';

/**
 * Hunter's Domain Search as documented (GET /v2/domain-search → { data: { emails: [...] } }): one CFO per domain,
 * or none for the domains `emptyFor` names (Hunter charges nothing for those).
 */
export function startHunterStandIn(options: { emptyFor?: (domain: string) => boolean } = {}): Promise<StandIn> {
  return startStandIn((req, res) => {
    if (req.path !== '/v2/domain-search') return sendJson(res, 404, { errors: [{ id: 'not_found' }] });
    const domain = req.query.get('domain') ?? '';
    const emails = options.emptyFor?.(domain)
      ? []
      : [
          {
            value: `dana.whitfield@${domain}`,
            type: 'personal',
            confidence: 92,
            first_name: 'Dana',
            last_name: 'Whitfield',
            position: 'CFO',
            sources: [{ uri: `https://${domain}/team`, still_on_page: true }],
            verification: { status: null },
          },
        ];
    sendJson(res, 200, { data: { domain, emails }, meta: { results: emails.length } });
  });
}

/** ZeroBounce's /v2/validate as documented: every address valid. */
export function startZeroBounceStandIn(): Promise<StandIn> {
  return startStandIn((req, res) => {
    if (req.path !== '/v2/validate') return sendJson(res, 404, { error: 'not found' });
    sendJson(res, 200, { address: req.query.get('email'), status: 'valid', sub_status: '' });
  });
}

/** The environment that points leadbot's Hunter and ZeroBounce at the stand-ins (a sandbox run otherwise). */
export function paidVendorEnv(hunter: StandIn, zerobounce: StandIn, extra: Record<string, string> = {}) {
  return {
    HUNTER_API_KEY: 'test-hunter-key',
    HUNTER_BASE_URL: hunter.url,
    ZEROBOUNCE_API_KEY: 'test-zb-key',
    ZEROBOUNCE_BASE_URL: zerobounce.url,
    ENRICHMENT_ORDER: 'hunter,permutation',
    ...extra,
  };
}

/** Requests a stand-in received on one path. */
export const callsTo = (stand: StandIn, path: string) => stand.requests.filter((r) => r.path === path);
