import { isAppError } from '../../errors.js';
import type { CompanyRepo } from '../companies/ports.js';
import type { ContactRepo } from '../contacts/ports.js';
import type { OutreachRepo } from '../outreach/ports.js';
import { crmCompanyKey } from './check.js';
import type { CrmPort, CrmRepo, CrmSaved, CrmWriteKind, CrmWriteRecord } from './ports.js';

export interface CrmDrainDeps {
  crm: CrmPort;
  repo: CrmRepo;
  companies: CompanyRepo;
  contacts: ContactRepo;
  outreach: Pick<OutreachRepo, 'getEvent'>;
  now: () => Date;
  /** Owner of deals and tasks when the CRM names none for the company. */
  defaultOwnerId?: string;
}

/** Writes that depend on others go after them. */
const ORDER: CrmWriteKind[] = ['company', 'contact', 'email', 'reply', 'deal', 'unsubscribe', 'bounce', 'dedupe'];
const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 12;
/** How long after creating a company leadbot looks for a twin (HubSpot's search index lags by seconds to minutes). */
const DEDUPE_AFTER_MS = 10 * 60_000;

/** A write that cannot happen yet (its company or contact is not in the CRM yet): tried again without an attempt. */
class NotYet extends Error {}

export interface DrainResult {
  done: number;
  waiting: number;
  failed: number;
  /** Deals opened in this pass for positive replies (by the sequence replied to). */
  deals: { sequenceId: number; crmId: string; url: string | null }[];
}

/**
 * Works the outbox: takes due writes (two instances never take the same one), performs each through the CRM port
 * and stores the CRM id it got, so a retried or resumed write updates rather than duplicates. A CRM outage leaves
 * writes pending with a backoff (HubSpot's Retry-After when it gave one); nothing here ever blocks sending.
 */
export async function drainCrmWrites(deps: CrmDrainDeps, limit = 50): Promise<DrainResult> {
  const now = deps.now();
  const claimed = await deps.repo.claim(deps.crm.provider, {
    now,
    leaseUntil: new Date(now.getTime() + LEASE_MS),
    limit,
  });
  claimed.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.id - b.id);
  const result: DrainResult = { done: 0, waiting: 0, failed: 0, deals: [] };
  for (const write of claimed) {
    try {
      const out = await perform(write, deps);
      // A write another instance took over after this one's lease ran out is theirs to end.
      if (!(await deps.repo.finish(write, { status: 'done', result: out ?? null }, deps.now()))) continue;
      result.done++;
      if (write.kind === 'deal' && out?.crmId)
        result.deals.push({
          sequenceId: num(write.payload.sequenceId),
          crmId: String(out.crmId),
          url: typeof out.url === 'string' ? out.url : null,
        });
    } catch (err) {
      const at = deps.now();
      if (err instanceof NotYet) {
        const next = new Date(at.getTime() + 60_000);
        await deps.repo.finish(
          write,
          { status: 'pending', nextAttemptAt: next, refundAttempt: true, lastError: err.message },
          at,
        );
        result.waiting++;
        continue;
      }
      const message = err instanceof Error ? err.message : String(err);
      const final = write.attempts >= MAX_ATTEMPTS || isAppError(err, 'invalid_input') || isAppError(err, 'not_found');
      if (final) {
        await deps.repo.finish(write, { status: 'failed', lastError: message }, at);
        result.failed++;
        continue;
      }
      const backoff = Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, write.attempts - 1));
      const blocked = deps.crm.retryAt();
      const next = blocked && blocked.getTime() > at.getTime() + backoff ? blocked : new Date(at.getTime() + backoff);
      await deps.repo.finish(write, { status: 'pending', nextAttemptAt: next, lastError: message }, at);
      result.waiting++;
    }
  }
  return result;
}

const num = (v: unknown) => Number(v);

async function link(deps: CrmDrainDeps, kind: string, localKey: string, saved: CrmSaved) {
  await deps.repo.saveLink(
    {
      provider: deps.crm.provider,
      kind,
      localKey,
      crmId: saved.crmId,
      url: saved.url,
      createdByLeadbot: saved.created,
    },
    deps.now(),
  );
}

async function linked(deps: CrmDrainDeps, kind: string, localKey: string): Promise<string> {
  const l = await deps.repo.getLink(deps.crm.provider, kind, localKey);
  if (!l) throw new NotYet(`waiting for ${localKey} to reach ${deps.crm.label}`);
  return l.crmId;
}

async function perform(write: CrmWriteRecord, deps: CrmDrainDeps): Promise<Record<string, unknown> | undefined> {
  const p = write.payload;
  const reconcile = write.attempts > 1;
  switch (write.kind) {
    case 'company': {
      const company = await deps.companies.get(num(p.companyId));
      if (!company) return { skipped: 'company deleted' };
      const localKey = `company:${company.id}`;
      const stored = await deps.repo.getLink(deps.crm.provider, 'company', localKey);
      const [check] = await deps.repo.getChecks([company.id]);
      // The team already had it (found at Gate 1): leadbot adopts that record instead of adding one.
      const theirs = !stored && check?.crmCompanyId ? check.crmCompanyId : undefined;
      const [saved] = await deps.crm.saveCompanies([
        {
          key: crmCompanyKey(company),
          crmId: stored?.crmId ?? theirs,
          adopt: theirs !== undefined || (stored ? !stored.createdByLeadbot : false),
          name: company.name,
          domain: company.domain,
          website: company.website,
          phone: company.phone,
          address: company.address,
          city: company.city,
          state: company.state,
          postalCode: company.postalCode,
          country: company.country,
        },
      ]);
      if (!saved) throw new Error(`${deps.crm.label} did not return the company`);
      await link(deps, 'company', localKey, stored ? { ...saved, created: stored.createdByLeadbot } : saved);
      // Search lags writes: a twin someone created meanwhile shows up later, and is merged then.
      if (saved.created && company.domain)
        await deps.repo.enqueue(
          deps.crm.provider,
          [
            {
              kind: 'dedupe',
              key: `dedupe:${company.id}`,
              payload: { companyId: company.id, crmId: saved.crmId, domain: company.domain },
              notBefore: new Date(deps.now().getTime() + DEDUPE_AFTER_MS),
            },
          ],
          deps.now(),
        );
      return { crmId: saved.crmId };
    }
    case 'contact': {
      const contact = await deps.contacts.get(num(p.contactId));
      if (!contact?.email) return { skipped: 'no address' };
      const companyCrmId = await linked(deps, 'company', `company:${contact.companyId}`);
      const localKey = `contact:${contact.id}`;
      const [saved] = await deps.crm.saveContacts([
        {
          key: localKey,
          email: contact.email,
          firstName: contact.firstName,
          lastName: contact.lastName,
          title: contact.title,
          phone: contact.phone,
          companyCrmId,
        },
      ]);
      if (!saved) throw new Error(`${deps.crm.label} did not return the contact`);
      await link(deps, 'contact', localKey, saved);
      return { crmId: saved.crmId };
    }
    case 'email':
    case 'reply': {
      const event = await deps.outreach.getEvent(num(p.eventId));
      if (!event) return { skipped: 'event deleted' };
      const contactCrmId = await linked(deps, 'contact', `contact:${p.contactId}`);
      const companyCrmId = await linked(deps, 'company', `company:${p.companyId}`);
      const contact = await deps.contacts.get(num(p.contactId));
      const them = { email: contact?.email ?? event.recipient ?? '', name: contact?.fullName ?? null };
      const us = { email: event.mailbox ?? '', name: null };
      const outgoing = write.kind === 'email';
      const localKey = `event:${event.id}`;
      const [saved] = await deps.crm.logEmails(
        [
          {
            key: localKey,
            direction: outgoing ? 'outgoing' : 'incoming',
            contactCrmId,
            companyCrmId,
            at: event.occurredAt ?? event.createdAt,
            subject: event.subject ?? '',
            body: event.body ?? '',
            from: outgoing ? us : them,
            to: outgoing ? them : us,
          },
        ],
        { reconcile },
      );
      if (saved) await link(deps, 'email', localKey, saved);
      return saved ? { crmId: saved.crmId } : undefined;
    }
    case 'deal': {
      const company = await deps.companies.get(num(p.companyId));
      const contact = await deps.contacts.get(num(p.contactId));
      const contactCrmId = await linked(deps, 'contact', `contact:${p.contactId}`);
      const companyCrmId = await linked(deps, 'company', `company:${p.companyId}`);
      const [check] = await deps.repo.getChecks([num(p.companyId)]);
      const ownerId = check?.ownerId ?? deps.defaultOwnerId ?? null;
      const localKey = `sequence:${p.sequenceId}`;
      const deal = await deps.crm.saveDeal(
        {
          key: `deal:${p.sequenceId}`,
          name: `${company?.name ?? 'Lead'} (leadbot)`,
          companyCrmId,
          contactCrmId,
          ownerId,
        },
        { reconcile },
      );
      await link(deps, 'deal', localKey, deal);
      const who = contact?.fullName ?? contact?.email ?? 'the contact';
      const task = await deps.crm.createTask(
        {
          key: `task:${p.sequenceId}`,
          subject: `Answer ${who}: positive reply`,
          body: `${who} answered leadbot's email positively. The reply is on their timeline.`,
          // Fixed by when the write was queued, so a retry looks for the same task.
          dueAt: new Date(write.createdAt.getTime() + 86_400_000),
          ownerId,
          dealCrmId: deal.crmId,
          contactCrmId,
        },
        { reconcile: reconcile || !deal.created },
      );
      await link(deps, 'task', localKey, task);
      return { crmId: deal.crmId, url: deal.url, taskId: task.crmId };
    }
    case 'unsubscribe':
      return { outcome: await deps.crm.optOut(String(p.email)) };
    case 'bounce': {
      const l = await deps.repo.getLink(deps.crm.provider, 'contact', `contact:${p.contactId}`);
      return { outcome: await deps.crm.markBounced({ crmId: l?.crmId ?? null, email: String(p.email) }, deps.now()) };
    }
    case 'dedupe': {
      const out = await deps.crm.reconcileCompany({ crmId: String(p.crmId), domain: String(p.domain) });
      if (out.merged)
        await link(deps, 'company', `company:${p.companyId}`, { key: '', crmId: out.crmId, url: null, created: false });
      return { ...out };
    }
  }
}
