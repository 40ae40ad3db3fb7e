import type {
  CreateOptions,
  CrmDealInput,
  CrmEmailInput,
  CrmPerson,
  CrmSaved,
  CrmTaskInput,
} from '../../../pipeline/crm/ports.js';
import { type HubspotContext, PROPERTY } from './context.js';
import { ASSOCIATION, associationTo, chunk, type HsObject, objectOf, objectsOf, prop } from './objects.js';
import { associateDefault } from './records.js';

const BATCH = 100;
/** HubSpot's limit on hs_email_text and other long text properties. */
const MAX_TEXT = 65_000;

/** hs_email_headers: a JSON string with from / to / cc / bcc, from which HubSpot fills the read-only sender fields. */
function headers(from: CrmPerson, to: CrmPerson): string {
  const person = (p: CrmPerson) => {
    const [firstName, ...rest] = (p.name ?? '').trim().split(/\s+/);
    return { email: p.email, firstName: firstName || undefined, lastName: rest.join(' ') || undefined };
  };
  return JSON.stringify({ from: person(from), to: [person(to)], cc: [], bcc: [] });
}

/** Search one object type with AND-ed filters; the first match or undefined. */
async function findOne(
  ctx: HubspotContext,
  object: string,
  filters: { propertyName: string; operator: 'EQ'; value: string }[],
): Promise<HsObject | undefined> {
  const res = await ctx.http.request({
    method: 'POST',
    path: ctx.http.api('crm/objects', `${object}/search`),
    json: { filterGroups: [{ filters }], properties: filters.map((f) => f.propertyName), limit: 1 },
  });
  return objectsOf(res.data)[0];
}

/**
 * Emails on the contact's timeline (and the company's), with subject, body and sender. Engagements have no unique
 * property to upsert by, so when an earlier attempt may have landed (`reconcile`), the email is looked for first by
 * its exact timestamp on the contact; a new one is created otherwise.
 */
export async function logEmails(
  ctx: HubspotContext,
  inputs: CrmEmailInput[],
  options: CreateOptions,
): Promise<CrmSaved[]> {
  const out: CrmSaved[] = [];
  const missing: CrmEmailInput[] = [];
  for (const i of inputs) {
    const found = options.reconcile
      ? await findOne(ctx, 'emails', [
          { propertyName: 'hs_timestamp', operator: 'EQ', value: String(i.at.getTime()) },
          { propertyName: 'associations.contact', operator: 'EQ', value: i.contactCrmId },
        ])
      : undefined;
    if (found) out.push({ key: i.key, crmId: found.id, url: null, created: false });
    else missing.push(i);
  }
  for (const part of chunk(missing, BATCH)) {
    const res = await ctx.http.request({
      method: 'POST',
      path: ctx.http.api('crm/objects', 'emails/batch/create'),
      retry: false,
      json: {
        inputs: part.map((i) => ({
          objectWriteTraceId: i.key,
          properties: {
            hs_timestamp: String(i.at.getTime()),
            hs_email_direction: i.direction === 'outgoing' ? 'EMAIL' : 'INCOMING_EMAIL',
            hs_email_status: 'SENT',
            hs_email_subject: i.subject,
            hs_email_text: i.body.slice(0, MAX_TEXT),
            hs_email_headers: headers(i.from, i.to),
          },
          associations: [
            associationTo(i.contactCrmId, ASSOCIATION.emailToContact),
            ...(i.companyCrmId ? [associationTo(i.companyCrmId, ASSOCIATION.emailToCompany)] : []),
          ],
        })),
      },
    });
    const created = objectsOf(res.data);
    for (const i of part) {
      const o =
        created.find((c) => c.objectWriteTraceId === i.key) ??
        created.find(
          (c) => prop(c, 'hs_timestamp') === String(i.at.getTime()) && prop(c, 'hs_email_subject') === i.subject,
        );
      if (o) out.push({ key: i.key, crmId: o.id, url: null, created: true });
    }
  }
  return out;
}

/**
 * The deal for a positive reply, in the configured pipeline and stage, associated with the company and the contact.
 * With leadbot's unique deal key it is a batch upsert (once, whatever the retries); without it, a search by that key
 * or name on the company before creating when an attempt may have landed.
 */
export async function saveDeal(ctx: HubspotContext, input: CrmDealInput, options: CreateOptions): Promise<CrmSaved> {
  const schema = await ctx.schema();
  const properties = {
    dealname: input.name,
    pipeline: ctx.config.dealPipeline,
    dealstage: ctx.config.dealStage,
    ...(input.ownerId ? { hubspot_owner_id: input.ownerId } : {}),
    ...(schema.dealKey ? { [PROPERTY.dealKey]: input.key } : {}),
  };
  let deal: HsObject | undefined;
  let created = false;
  if (schema.dealKey) {
    const res = await ctx.http.request({
      method: 'POST',
      path: ctx.http.api('crm/objects', 'deals/batch/upsert'),
      json: { inputs: [{ idProperty: PROPERTY.dealKey, id: input.key, properties, objectWriteTraceId: input.key }] },
    });
    deal = objectsOf(res.data)[0];
    created = deal?.new === true;
  } else {
    deal = options.reconcile
      ? await findOne(ctx, 'deals', [
          { propertyName: 'dealname', operator: 'EQ', value: input.name },
          { propertyName: 'associations.company', operator: 'EQ', value: input.companyCrmId },
        ])
      : undefined;
    if (!deal) {
      const res = await ctx.http.request({
        method: 'POST',
        path: ctx.http.api('crm/objects', 'deals'),
        retry: false,
        json: {
          properties,
          associations: [
            associationTo(input.companyCrmId, ASSOCIATION.dealToCompany),
            associationTo(input.contactCrmId, ASSOCIATION.dealToContact),
          ],
        },
      });
      deal = objectOf(res.data);
      created = true;
    }
  }
  if (!deal) throw new Error('HubSpot answered the deal write without the deal');
  if (schema.dealKey) {
    const from = { id: deal.id };
    await associateDefault(ctx, 'deals', 'companies', [{ from, to: { id: input.companyCrmId } }]);
    await associateDefault(ctx, 'deals', 'contacts', [{ from, to: { id: input.contactCrmId } }]);
  }
  return { key: input.key, crmId: deal.id, url: deal.url ?? (await ctx.recordUrl('deal', deal.id)), created };
}

/** A task for the owner on the deal and the contact, due at `dueAt`; looked for first when an attempt may have landed. */
export async function createTask(ctx: HubspotContext, input: CrmTaskInput, options: CreateOptions): Promise<CrmSaved> {
  const found = options.reconcile
    ? await findOne(ctx, 'tasks', [
        { propertyName: 'hs_timestamp', operator: 'EQ', value: String(input.dueAt.getTime()) },
        { propertyName: 'associations.deal', operator: 'EQ', value: input.dealCrmId },
      ])
    : undefined;
  if (found) return { key: input.key, crmId: found.id, url: null, created: false };
  const res = await ctx.http.request({
    method: 'POST',
    path: ctx.http.api('crm/objects', 'tasks'),
    retry: false,
    json: {
      properties: {
        hs_timestamp: String(input.dueAt.getTime()),
        hs_task_subject: input.subject,
        hs_task_body: input.body.slice(0, MAX_TEXT),
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: 'HIGH',
        hs_task_type: 'EMAIL',
        ...(input.ownerId ? { hubspot_owner_id: input.ownerId } : {}),
      },
      associations: [
        associationTo(input.dealCrmId, ASSOCIATION.taskToDeal),
        associationTo(input.contactCrmId, ASSOCIATION.taskToContact),
      ],
    },
  });
  const task = objectOf(res.data);
  if (!task) throw new Error('HubSpot answered the task write without the task');
  return { key: input.key, crmId: task.id, url: null, created: true };
}

/**
 * An opt-out through the communication preferences (subscriptions) API: the contact is unsubscribed from all email.
 * HubSpot's opt-out property is read-only, so this is the way other tools learn of it.
 */
export async function optOut(ctx: HubspotContext, email: string): Promise<'done' | 'absent'> {
  const res = await ctx.http.request({
    method: 'POST',
    path: ctx.http.api('communication-preferences', `statuses/${encodeURIComponent(email)}/unsubscribe-all`),
    query: { channel: 'EMAIL' },
    acceptStatuses: [404],
  });
  return res.status === 404 ? 'absent' : 'done';
}

/** Sets the bounce property (a datetime) on the contact, by its id or by email. */
export async function markBounced(
  ctx: HubspotContext,
  contact: { crmId: string | null; email: string },
  at: Date,
): Promise<'done' | 'absent'> {
  const properties = { [ctx.config.bounceProperty]: String(at.getTime()) };
  const res = contact.crmId
    ? await ctx.http.request({
        method: 'PATCH',
        path: ctx.http.api('crm/objects', `contacts/${encodeURIComponent(contact.crmId)}`),
        json: { properties },
        acceptStatuses: [404],
      })
    : await ctx.http.request({
        method: 'POST',
        path: ctx.http.api('crm/objects', 'contacts/batch/update'),
        json: { inputs: [{ idProperty: 'email', id: contact.email.toLowerCase(), properties }] },
        acceptStatuses: [404],
      });
  if (res.status === 404) return 'absent';
  return contact.crmId || objectsOf(res.data).length > 0 ? 'done' : 'absent';
}
