import { isAppError } from '../../errors.js';
import type { CompanyRepo } from '../companies/ports.js';
import type { ContactRepo } from '../contacts/ports.js';
import type { OutreachRepo } from '../outreach/ports.js';
import { crmCompanyKey } from './check.js';
import type {
  CrmCompanyInput,
  CrmContactInput,
  CrmEmailInput,
  CrmPort,
  CrmRepo,
  CrmSaved,
  CrmWriteKind,
  CrmWriteRecord,
} from './ports.js';
import { crmLocalKey } from './ports.js';

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
  const result: DrainResult = { done: 0, waiting: 0, failed: 0, deals: [] };
  const settle = (write: CrmWriteRecord, outcome: Outcome) => settleWrite(write, outcome, deps, result);
  // Kind by kind, so a contact finds the company written just before it; records of one kind go in one request.
  for (const kind of ORDER) {
    const staged: { write: CrmWriteRecord; step: Batched }[] = [];
    for (const write of claimed.filter((w) => w.kind === kind).sort((a, b) => a.id - b.id)) {
      try {
        const step = await stage(write, deps);
        if ('call' in step) staged.push({ write, step });
        else await settle(write, { out: step.out });
      } catch (err) {
        await settle(write, { err });
      }
    }
    if (staged.length === 0) continue;
    let saved: CrmSaved[];
    try {
      const reconcile = staged.some((s) => s.write.attempts > 1);
      saved = await staged[0]!.step.call(
        staged.map((s) => s.step.input),
        reconcile,
      );
    } catch (err) {
      for (const s of staged) await settle(s.write, { err });
      continue;
    }
    for (const { write, step } of staged) {
      try {
        await settle(write, { out: await step.after(saved.find((x) => x.key === step.input.key)) });
      } catch (err) {
        await settle(write, { err });
      }
    }
  }
  return result;
}

type Outcome = { out: Record<string, unknown> | undefined } | { err: unknown };

/** Ends one write's attempt: done, waiting for a dependency, failed for good, or pending again with a backoff. */
async function settleWrite(write: CrmWriteRecord, outcome: Outcome, deps: CrmDrainDeps, result: DrainResult) {
  const at = deps.now();
  if ('out' in outcome) {
    const { out } = outcome;
    // A write another instance took over after this one's lease ran out is theirs to end.
    if (!(await deps.repo.finish(write, { status: 'done', result: out ?? null }, at))) return;
    result.done++;
    if (write.kind === 'deal' && out?.crmId)
      result.deals.push({
        sequenceId: num(write.payload.sequenceId),
        crmId: String(out.crmId),
        url: typeof out.url === 'string' ? out.url : null,
      });
    return;
  }
  const { err } = outcome;
  if (err instanceof NotYet) {
    const next = new Date(at.getTime() + 60_000);
    await deps.repo.finish(
      write,
      { status: 'pending', nextAttemptAt: next, refundAttempt: true, lastError: err.message },
      at,
    );
    result.waiting++;
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  const final = write.attempts >= MAX_ATTEMPTS || isAppError(err, 'invalid_input') || isAppError(err, 'not_found');
  if (final) {
    await deps.repo.finish(write, { status: 'failed', lastError: message }, at);
    result.failed++;
    return;
  }
  const backoff = Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, write.attempts - 1));
  const blocked = deps.crm.retryAt();
  const next = blocked && blocked.getTime() > at.getTime() + backoff ? blocked : new Date(at.getTime() + backoff);
  await deps.repo.finish(write, { status: 'pending', nextAttemptAt: next, lastError: message }, at);
  result.waiting++;
}

/**
 * A write ready to go in a batch request with others of its kind: its input (matched back by `key`), the call, and
 * what to do with what the CRM returned for it.
 */
interface Batched {
  input: { key: string };
  // biome-ignore lint/suspicious/noExplicitAny: one call per kind; each stage pairs its input type with its call.
  call: (inputs: any[], reconcile: boolean) => Promise<CrmSaved[]>;
  after: (saved: CrmSaved | undefined) => Promise<Record<string, unknown> | undefined>;
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

/** What a write needs: a batched call, or (deals, opt-outs, bounces, merges) its outcome at once. */
async function stage(
  write: CrmWriteRecord,
  deps: CrmDrainDeps,
): Promise<Batched | { out: Record<string, unknown> | undefined }> {
  const p = write.payload;
  const reconcile = write.attempts > 1;
  switch (write.kind) {
    case 'company': {
      const company = await deps.companies.get(num(p.companyId));
      if (!company) return { out: { skipped: 'company deleted' } };
      const localKey = crmLocalKey.company(company.id);
      const stored = await deps.repo.getLink(deps.crm.provider, 'company', localKey);
      const [check] = await deps.repo.getChecks([company.id]);
      // The team already had it (found at Gate 1): leadbot adopts that record instead of adding one.
      const theirs = !stored && check?.crmCompanyId ? check.crmCompanyId : undefined;
      const input: CrmCompanyInput = {
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
      };
      return {
        input,
        call: (inputs: CrmCompanyInput[]) => deps.crm.saveCompanies(inputs),
        after: async (saved) => {
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
        },
      };
    }
    case 'contact': {
      const contact = await deps.contacts.get(num(p.contactId));
      if (!contact?.email) return { out: { skipped: 'no address' } };
      const companyCrmId = await linked(deps, 'company', crmLocalKey.company(contact.companyId));
      const localKey = crmLocalKey.contact(contact.id);
      const input: CrmContactInput = {
        key: localKey,
        email: contact.email,
        firstName: contact.firstName,
        lastName: contact.lastName,
        title: contact.title,
        phone: contact.phone,
        companyCrmId,
      };
      return {
        input,
        call: (inputs: CrmContactInput[]) => deps.crm.saveContacts(inputs),
        after: async (saved) => {
          if (!saved) throw new Error(`${deps.crm.label} did not return the contact`);
          await link(deps, 'contact', localKey, saved);
          return { crmId: saved.crmId };
        },
      };
    }
    case 'email':
    case 'reply': {
      const event = await deps.outreach.getEvent(num(p.eventId));
      if (!event) return { out: { skipped: 'event deleted' } };
      const contactCrmId = await linked(deps, 'contact', crmLocalKey.contact(num(p.contactId)));
      const companyCrmId = await linked(deps, 'company', crmLocalKey.company(num(p.companyId)));
      const contact = await deps.contacts.get(num(p.contactId));
      const them = { email: contact?.email ?? event.recipient ?? '', name: contact?.fullName ?? null };
      const us = { email: event.mailbox ?? '', name: null };
      const outgoing = write.kind === 'email';
      const localKey = `event:${event.id}`;
      const input: CrmEmailInput = {
        key: localKey,
        direction: outgoing ? 'outgoing' : 'incoming',
        contactCrmId,
        companyCrmId,
        at: event.occurredAt ?? event.createdAt,
        subject: event.subject ?? '',
        body: event.body ?? '',
        from: outgoing ? us : them,
        to: outgoing ? them : us,
      };
      return {
        input,
        // A batch with a retried write in it looks for emails an earlier attempt may have logged.
        call: (inputs: CrmEmailInput[], again: boolean) => deps.crm.logEmails(inputs, { reconcile: again }),
        after: async (saved) => {
          if (saved) await link(deps, 'email', localKey, saved);
          return saved ? { crmId: saved.crmId } : undefined;
        },
      };
    }
    case 'deal': {
      const company = await deps.companies.get(num(p.companyId));
      const contact = await deps.contacts.get(num(p.contactId));
      const contactCrmId = await linked(deps, 'contact', crmLocalKey.contact(num(p.contactId)));
      const companyCrmId = await linked(deps, 'company', crmLocalKey.company(num(p.companyId)));
      const [check] = await deps.repo.getChecks([num(p.companyId)]);
      const ownerId = check?.ownerId ?? deps.defaultOwnerId ?? null;
      const localKey = crmLocalKey.sequence(num(p.sequenceId));
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
      return { out: { crmId: deal.crmId, url: deal.url, taskId: task.crmId } };
    }
    case 'unsubscribe':
      return { out: { outcome: await deps.crm.optOut(String(p.email)) } };
    case 'bounce': {
      const l = await deps.repo.getLink(deps.crm.provider, 'contact', crmLocalKey.contact(num(p.contactId)));
      return {
        out: { outcome: await deps.crm.markBounced({ crmId: l?.crmId ?? null, email: String(p.email) }, deps.now()) },
      };
    }
    case 'dedupe': {
      const out = await deps.crm.reconcileCompany({ crmId: String(p.crmId), domain: String(p.domain) });
      if (out.merged)
        await link(deps, 'company', crmLocalKey.company(num(p.companyId)), {
          key: '',
          crmId: out.crmId,
          url: null,
          created: false,
        });
      return { out: { ...out } };
    }
  }
}
