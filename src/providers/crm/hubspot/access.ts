import { isAppError } from '../../../errors.js';
import type { CrmAccess } from '../../../pipeline/crm/ports.js';
import type { HubspotContext } from './context.js';

/** Scopes leadbot needs, each with what it is for; any one of `scope`'s alternatives will do. */
const REQUIRED: { scope: string[]; for: string }[] = [
  { scope: ['crm.objects.companies.read'], for: 'looking companies up before Gate 1' },
  { scope: ['crm.objects.companies.write'], for: 'adding approved companies' },
  { scope: ['crm.objects.contacts.read'], for: 'finding contacts' },
  { scope: ['crm.objects.contacts.write'], for: 'contacts, logged emails and tasks' },
  { scope: ['crm.objects.deals.write'], for: 'deals from positive replies' },
  { scope: ['crm.objects.owners.read'], for: 'owner names on lead cards' },
  { scope: ['sales-email-read'], for: 'logging emails on timelines' },
  {
    scope: ['communication_preferences.read_write', 'communication_preferences.write', 'subscriptions-status-write'],
    for: 'opt-outs through the subscriptions API',
  },
];

const OPTIONAL: { scope: string[]; for: string }[] = [
  { scope: ['crm.schemas.companies.write'], for: 'a unique company key (no duplicate companies on retries)' },
  { scope: ['crm.schemas.contacts.write'], for: 'the hard-bounce and lead-source contact properties' },
  { scope: ['crm.schemas.deals.write'], for: 'a unique deal key' },
];

const lacking = (scopes: string[], list: typeof REQUIRED) =>
  list.filter((r) => !r.scope.some((s) => scopes.includes(s))).map((r) => ({ scope: r.scope[0]!, for: r.for }));

/**
 * What the token may do. Service keys and private app tokens list their scopes at
 * POST /oauth/v2/private-apps/get/access-token-info (HubSpot's documented introspection for static tokens; no
 * date-versioned equivalent is documented, OAuth introspection needs a client secret). When that answers nothing
 * useful, one company read tells a working token from a rejected one.
 */
export async function describeAccess(ctx: HubspotContext): Promise<CrmAccess> {
  const { http } = ctx;
  let scopes: string[] | null = null;
  try {
    const info = await http.request<{ scopes?: unknown; hubId?: unknown }>({
      method: 'POST',
      path: '/oauth/v2/private-apps/get/access-token-info',
      json: { tokenKey: ctx.config.token },
      acceptStatuses: [400, 403, 404],
    });
    if (info.status === 200 && Array.isArray(info.data?.scopes)) scopes = info.data.scopes.map(String);
    if (!scopes) await http.request({ path: http.api('crm/objects', 'companies'), query: { limit: 1 } });
  } catch (err) {
    if (isAppError(err, 'unauthorized')) return denied('HubSpot rejected the token (401): check HUBSPOT_TOKEN');
    if (isAppError(err, 'forbidden'))
      return denied(`HubSpot refused to list companies (403): the token lacks crm.objects.companies.read`);
    return denied(`HubSpot did not answer: ${err instanceof Error ? err.message : String(err)}`);
  }
  const portalId = await ctx.portalId().catch(() => null);
  const where = portalId ? `account ${portalId}` : 'account unknown';
  if (!scopes)
    return {
      ok: true,
      detail: `token works (${where}); HubSpot did not list its scopes`,
      portalId,
      scopes: null,
      missing: [],
      optional: [],
    };
  const missing = lacking(scopes, REQUIRED);
  const optional = lacking(scopes, OPTIONAL);
  const lacks = missing.length > 0 ? `; missing ${missing.map((m) => `${m.scope} (${m.for})`).join(', ')}` : '';
  return {
    ok: missing.length === 0,
    detail: `token works (${where}), ${scopes.length} scopes${lacks}`,
    portalId,
    scopes,
    missing,
    optional,
  };
}

function denied(detail: string): CrmAccess {
  return { ok: false, detail, portalId: null, scopes: null, missing: [], optional: [] };
}
