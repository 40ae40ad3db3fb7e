import type { CrmCompanyInput, CrmContactInput, CrmSaved } from '../../../pipeline/crm/ports.js';
import { type HubspotContext, PROPERTY } from './context.js';
import { findCompanies } from './lookup.js';
import { chunk, type HsObject, normalizeDomain, objectOf, objectsOf, prop } from './objects.js';

/** HubSpot's batch endpoints take at most 100 inputs. */
const BATCH = 100;

const defined = (props: Record<string, string | null | undefined>) =>
  Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null && v !== undefined && v !== '')) as Record<
    string,
    string
  >;

async function batch(ctx: HubspotContext, object: string, action: string, inputs: unknown[]): Promise<HsObject[]> {
  const out: HsObject[] = [];
  for (const part of chunk(inputs, BATCH)) {
    const res = await ctx.http.request({
      method: 'POST',
      path: ctx.http.api('crm/objects', `${object}/batch/${action}`),
      json: { inputs: part },
      // A create whose answer was lost is not sent again here: the outbox retries it after a search.
      retry: action !== 'create',
    });
    out.push(...objectsOf(res.data));
  }
  return out;
}

async function saved(ctx: HubspotContext, key: string, o: HsObject, created: boolean): Promise<CrmSaved> {
  return { key, crmId: o.id, url: o.url ?? (await ctx.recordUrl('company', o.id)), created };
}

/**
 * Companies: a stored id is updated; otherwise, with leadbot's unique key property, a batch upsert by it (a retry
 * finds the company the first attempt created); without it (no schema scope), a search by domain (or name and city)
 * and a create when nothing matches — search lags writes by seconds, so a duplicate is possible and is reconciled
 * later (see reconcileCompany).
 */
export async function saveCompanies(ctx: HubspotContext, inputs: CrmCompanyInput[]): Promise<CrmSaved[]> {
  const schema = await ctx.schema();
  const key = (i: CrmCompanyInput) => (schema.companyKey ? { [PROPERTY.companyKey]: i.key } : {});
  const props = (i: CrmCompanyInput) =>
    defined({
      name: i.name,
      domain: normalizeDomain(i.domain),
      website: i.website,
      phone: i.phone,
      address: i.address,
      city: i.city,
      state: i.state,
      zip: i.postalCode,
      country: i.country,
      ...(schema.companySource ? { [PROPERTY.source]: ctx.config.leadSource } : {}),
      ...key(i),
    });
  const out: CrmSaved[] = [];
  const known = inputs.filter((i) => i.crmId);
  const updates = known
    .map((i) => ({ id: i.crmId!, properties: i.adopt ? key(i) : props(i) }))
    .filter((u) => Object.keys(u.properties).length > 0);
  const updated = await batch(ctx, 'companies', 'update', updates);
  for (const i of known) {
    const o = updated.find((u) => u.id === i.crmId) ?? { id: i.crmId!, properties: {} };
    out.push(await saved(ctx, i.key, o, false));
  }
  const fresh = inputs.filter((i) => !i.crmId);
  if (fresh.length === 0) return out;
  if (schema.companyKey) {
    const results = await batch(
      ctx,
      'companies',
      'upsert',
      fresh.map((i) => ({
        idProperty: PROPERTY.companyKey,
        id: i.key,
        properties: props(i),
        objectWriteTraceId: i.key,
      })),
    );
    for (const i of fresh) {
      const o = results.find((r) => r.objectWriteTraceId === i.key || prop(r, PROPERTY.companyKey) === i.key);
      if (o) out.push(await saved(ctx, i.key, o, o.new === true));
    }
    return out;
  }
  const existing = await findCompanies(
    ctx,
    fresh.map((i) => ({ id: i.key, key: i.key, domain: i.domain, name: i.name, city: i.city })),
  );
  const missing: CrmCompanyInput[] = [];
  for (const i of fresh) {
    const oldest = existing.get(i.key)?.[0];
    if (oldest) out.push({ key: i.key, crmId: oldest.crmId, url: oldest.url, created: false });
    else missing.push(i);
  }
  const created = await batch(
    ctx,
    'companies',
    'create',
    missing.map((i) => ({ properties: props(i), objectWriteTraceId: i.key })),
  );
  for (const i of missing) {
    const o =
      created.find((c) => c.objectWriteTraceId === i.key) ??
      created.find(
        (c) => normalizeDomain(prop(c, 'domain')) === normalizeDomain(i.domain) && prop(c, 'name') === i.name,
      );
    if (o) out.push(await saved(ctx, i.key, o, true));
  }
  return out;
}

/** Contacts upsert by email (HubSpot's unique contact property), then each is associated with its company. */
export async function saveContacts(ctx: HubspotContext, inputs: CrmContactInput[]): Promise<CrmSaved[]> {
  const schema = await ctx.schema();
  const props = (i: CrmContactInput) =>
    defined({
      email: i.email.toLowerCase(),
      firstname: i.firstName,
      lastname: i.lastName,
      jobtitle: i.title,
      phone: i.phone,
      ...(schema.contactSource ? { [PROPERTY.source]: ctx.config.leadSource } : {}),
    });
  const results = await batch(
    ctx,
    'contacts',
    'upsert',
    inputs.map((i) => ({
      idProperty: 'email',
      id: i.email.toLowerCase(),
      properties: props(i),
      objectWriteTraceId: i.key,
    })),
  );
  const out: CrmSaved[] = [];
  const pairs: { from: { id: string }; to: { id: string } }[] = [];
  for (const i of inputs) {
    const o = results.find(
      (r) => r.objectWriteTraceId === i.key || (prop(r, 'email') ?? '').toLowerCase() === i.email.toLowerCase(),
    );
    if (!o) continue;
    out.push({
      key: i.key,
      crmId: o.id,
      url: o.url ?? (await ctx.recordUrl('contact', o.id)),
      created: o.new === true,
    });
    pairs.push({ from: { id: o.id }, to: { id: i.companyCrmId } });
  }
  await associateDefault(ctx, 'contacts', 'companies', pairs);
  return out;
}

/** Default (unlabelled) associations, 100 to a request; associating twice is harmless. */
export async function associateDefault(
  ctx: HubspotContext,
  from: string,
  to: string,
  pairs: { from: { id: string }; to: { id: string } }[],
): Promise<void> {
  for (const part of chunk(pairs, BATCH))
    await ctx.http.request({
      method: 'POST',
      path: ctx.http.api('crm/associations', `${from}/${to}/batch/associate/default`),
      json: { inputs: part },
    });
}

/**
 * A company leadbot created may have a twin: one the team created around the same time, invisible to the search
 * that preceded the create. The older record wins: ours is merged into it (HubSpot keeps both records' activity).
 */
export async function reconcileCompany(
  ctx: HubspotContext,
  input: { crmId: string; domain: string },
): Promise<{ crmId: string; merged: boolean }> {
  const twins = (await findCompanies(ctx, [{ id: 'q', key: '', domain: input.domain, name: '', city: null }])).get('q');
  const oldest = twins?.[0];
  if (!oldest || oldest.crmId === input.crmId || !twins?.some((t) => t.crmId === input.crmId))
    return { crmId: input.crmId, merged: false };
  const res = await ctx.http.request({
    method: 'POST',
    path: ctx.http.api('crm/objects', 'companies/merge'),
    json: { primaryObjectId: oldest.crmId, objectIdToMerge: input.crmId },
  });
  return { crmId: objectOf(res.data)?.id ?? oldest.crmId, merged: true };
}
