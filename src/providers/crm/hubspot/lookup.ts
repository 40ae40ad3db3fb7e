import type { CrmCompanyMatch, CrmCompanyQuery } from '../../../pipeline/crm/ports.js';
import type { HubspotContext } from './context.js';
import { chunk, dateProp, type HsObject, normalizeDomain, numProp, objectsOf, prop } from './objects.js';

/**
 * Company properties read before Gate 1 (HubSpot's default company properties): lifecycle stage and the date it
 * became a customer, the owner, the number of open deals, and the last sales touch (notes_last_contacted: the last
 * call, sales email or meeting logged for a contact at the company; hs_last_sales_activity_timestamp as a fallback).
 */
const PROPERTIES = [
  'name',
  'domain',
  'city',
  'lifecyclestage',
  'hs_lifecyclestage_customer_date',
  'hubspot_owner_id',
  'hs_num_open_deals',
  'notes_last_contacted',
  'hs_last_sales_activity_timestamp',
  'createdate',
];

/** HubSpot's search takes at most 5 filter groups (ORed) per request. */
const GROUPS_PER_SEARCH = 5;

interface Group {
  query: CrmCompanyQuery;
  filters: { propertyName: string; operator: 'EQ'; value: string }[];
  matches(o: HsObject): boolean;
  by: CrmCompanyMatch['matchedBy'];
}

const same = (a: string | null, b: string | null) => (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();

function groupFor(q: CrmCompanyQuery): Group {
  const domain = normalizeDomain(q.domain);
  if (domain)
    return {
      query: q,
      filters: [{ propertyName: 'domain', operator: 'EQ', value: domain }],
      matches: (o) => normalizeDomain(prop(o, 'domain')) === domain,
      by: 'domain',
    };
  return {
    query: q,
    filters: [
      { propertyName: 'name', operator: 'EQ', value: q.name },
      ...(q.city ? [{ propertyName: 'city', operator: 'EQ' as const, value: q.city }] : []),
    ],
    matches: (o) => same(prop(o, 'name'), q.name) && (!q.city || same(prop(o, 'city'), q.city)),
    by: 'name_city',
  };
}

/**
 * Looks companies up by domain (name and city when there is none), five to a search request. HubSpot's search is
 * eventually consistent: a company created seconds ago may not be found yet (writes rely on stored ids instead).
 */
export async function findCompanies(
  ctx: HubspotContext,
  queries: CrmCompanyQuery[],
): Promise<Map<string, CrmCompanyMatch[]>> {
  const found = new Map<string, CrmCompanyMatch[]>(queries.map((q) => [q.id, []]));
  for (const groups of chunk(queries.map(groupFor), GROUPS_PER_SEARCH)) {
    const res = await ctx.http.request({
      method: 'POST',
      path: ctx.http.api('crm/objects', 'companies/search'),
      json: {
        filterGroups: groups.map((g) => ({ filters: g.filters })),
        properties: PROPERTIES,
        sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }],
        limit: 100,
      },
    });
    for (const o of objectsOf(res.data))
      for (const g of groups) if (g.matches(o)) found.get(g.query.id)!.push(await toMatch(ctx, o, g.by));
  }
  return found;
}

async function toMatch(ctx: HubspotContext, o: HsObject, by: CrmCompanyMatch['matchedBy']): Promise<CrmCompanyMatch> {
  const stage = prop(o, 'lifecyclestage');
  const customer = stage === 'customer' || stage === 'evangelist';
  return {
    crmId: o.id,
    name: prop(o, 'name'),
    domain: normalizeDomain(prop(o, 'domain')),
    url: o.url ?? (await ctx.recordUrl('company', o.id)),
    lifecycleStage: stage,
    customerSince: customer ? (dateProp(o, 'hs_lifecyclestage_customer_date') ?? dateProp(o, 'createdate')) : null,
    ownerId: prop(o, 'hubspot_owner_id'),
    openDeals: numProp(o, 'hs_num_open_deals'),
    lastTouchAt: dateProp(o, 'notes_last_contacted') ?? dateProp(o, 'hs_last_sales_activity_timestamp'),
    createdAt: dateProp(o, 'createdate') ?? (o.createdAt ? new Date(o.createdAt) : null),
    matchedBy: by,
  };
}

/** Owner names by id, asked once per process. */
export function createOwnerNames(ctx: HubspotContext) {
  const names = new Map<string, Promise<string | undefined>>();
  return (ownerId: string): Promise<string | undefined> => {
    let name = names.get(ownerId);
    if (!name) {
      name = ctx.http
        .request<{ firstName?: string; lastName?: string; email?: string }>({
          path: ctx.http.api('crm/owners', encodeURIComponent(ownerId)),
          acceptStatuses: [404],
        })
        .then((res) => {
          if (res.status !== 200) return undefined;
          const full = [res.data?.firstName, res.data?.lastName].filter(Boolean).join(' ').trim();
          return full || res.data?.email || undefined;
        });
      name.catch(() => names.delete(ownerId));
      names.set(ownerId, name);
    }
    return name;
  };
}
