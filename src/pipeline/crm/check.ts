import type { CompanyRecord } from '../companies/ports.js';
import type { CrmCheckRecord, CrmCompanyMatch, CrmLinkRecord, CrmPort, CrmRepo, CrmWriteStatus } from './ports.js';

export interface CrmCheckDeps {
  crm: CrmPort;
  repo: CrmRepo;
  now: () => Date;
  /** A contact touched within this many days makes the company known. */
  recentDays: number;
}

/** leadbot's stable key for a company in the CRM: its domain, else its name and city. */
export function crmCompanyKey(company: Pick<CompanyRecord, 'domain' | 'normalizedName' | 'city'>): string {
  const domain = company.domain?.trim().toLowerCase();
  if (domain) return `domain:${domain}`;
  return `name:${company.normalizedName}|${(company.city ?? '').trim().toLowerCase()}`;
}

/** A lookup that found nothing: the company is not in the CRM (the base every check record starts from). */
export function clearCheck(companyId: number, provider: string, checkedAt: Date): CrmCheckRecord {
  return {
    companyId,
    provider,
    outcome: 'clear',
    crmCompanyId: null,
    url: null,
    matchedBy: null,
    matches: 0,
    customer: false,
    customerSince: null,
    lifecycleStage: null,
    ownerId: null,
    ownerName: null,
    openDeals: 0,
    lastTouchAt: null,
    error: null,
    checkedAt,
  };
}

/** The CRM holds it as a customer, with an open deal, an owner, or a contact touched within `recentDays`. */
function knownBecause(match: CrmCompanyMatch, at: Date, recentDays: number): boolean {
  const customer = match.lifecycleStage === 'customer' || match.lifecycleStage === 'evangelist';
  const recent = match.lastTouchAt !== null && at.getTime() - match.lastTouchAt.getTime() <= recentDays * 86_400_000;
  return customer || match.openDeals > 0 || match.ownerId !== null || recent;
}

/**
 * Before Gate 1: looks each company up in the CRM (by domain, or name and city) and stores what it said. A company
 * the CRM holds as a customer, with an open deal, an owner or a recent touch is 'known'; when the CRM cannot be
 * asked, every company is 'failed' with the reason (the card then says it was not checked). Never throws.
 */
export async function checkCompanies(
  companies: CompanyRecord[],
  deps: CrmCheckDeps,
): Promise<Map<number, CrmCheckRecord>> {
  const out = new Map<number, CrmCheckRecord>();
  if (companies.length === 0) return out;
  const at = deps.now();
  const base = (c: CompanyRecord) => clearCheck(c.id, deps.crm.provider, at);
  let found: Map<string, CrmCompanyMatch[]>;
  try {
    found = await deps.crm.findCompanies(
      companies.map((c) => ({ id: String(c.id), key: crmCompanyKey(c), domain: c.domain, name: c.name, city: c.city })),
    );
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    for (const c of companies) out.set(c.id, { ...base(c), outcome: 'failed', error: error.slice(0, 300) });
    for (const check of out.values()) await deps.repo.saveCheck(check);
    return out;
  }
  for (const c of companies) {
    const matches = found.get(String(c.id)) ?? [];
    // The record the team works in: a customer first, then one with an owner, then the oldest.
    const best =
      matches.find((m) => m.lifecycleStage === 'customer') ?? matches.find((m) => m.ownerId !== null) ?? matches[0];
    if (!best) {
      out.set(c.id, base(c));
      continue;
    }
    const ownerName = best.ownerId ? ((await deps.crm.ownerName(best.ownerId).catch(() => undefined)) ?? null) : null;
    out.set(c.id, {
      ...base(c),
      outcome: knownBecause(best, at, deps.recentDays) ? 'known' : 'clear',
      crmCompanyId: best.crmId,
      url: best.url,
      matchedBy: best.matchedBy,
      matches: matches.length,
      customer: best.lifecycleStage === 'customer' || best.lifecycleStage === 'evangelist',
      customerSince: best.customerSince,
      lifecycleStage: best.lifecycleStage,
      ownerId: best.ownerId,
      ownerName,
      openDeals: best.openDeals,
      lastTouchAt: best.lastTouchAt,
    });
  }
  for (const check of out.values()) await deps.repo.saveCheck(check);
  return out;
}

/** Left out of "Approve all" (a person decides each): the CRM knows the company, or it could not be asked. */
export function needsOwnDecision(check: Pick<CrmCheckRecord, 'outcome'> | undefined): boolean {
  return check?.outcome === 'known' || check?.outcome === 'failed';
}

/** "customer since 2024 · owner Dana Whitfield · 2 open deals · last touch 2026-11-20" (plain text, unescaped). */
export function describeCrmCheck(check: CrmCheckRecord): string {
  const parts: string[] = [];
  if (check.customer)
    parts.push(check.customerSince ? `customer since ${check.customerSince.getUTCFullYear()}` : 'customer');
  else if (check.lifecycleStage) parts.push(check.lifecycleStage);
  if (check.ownerName || check.ownerId) parts.push(`owner ${check.ownerName ?? `#${check.ownerId}`}`);
  if (check.openDeals > 0) parts.push(`${check.openDeals} open deal${check.openDeals === 1 ? '' : 's'}`);
  if (check.lastTouchAt) parts.push(`last touch ${check.lastTouchAt.toISOString().slice(0, 10)}`);
  return parts.join(' · ');
}

/** What people call the CRM a check came from ("HubSpot"). */
export function crmLabel(provider: string): string {
  return provider === 'hubspot' ? 'HubSpot' : provider;
}

/** What the CRM knows of one company, as leadbot last saw it (company info). */
export interface CrmCompanyState {
  /** "HubSpot". */
  crm: string;
  /** The lookup before Gate 1 (undefined: never looked up). */
  check?: CrmCheckRecord;
  /** The CRM record leadbot wrote to or adopted (undefined: none yet). */
  link?: CrmLinkRecord;
  /** The company's write in the outbox, while it is not done. */
  write?: CrmWriteStatus;
}

/**
 * One plain-text line about a company in the CRM, and the record's address when there is one:
 * "In HubSpot: customer since 2024 · owner Dana", "In HubSpot (added by leadbot)", "Not in HubSpot (checked
 * 2026-12-07)", "Not checked against HubSpot: <why>". Surfaces escape and link it their own way.
 */
export function describeCrmState(state: CrmCompanyState): { text: string; url: string | null } {
  const { crm, check, link, write } = state;
  const waiting =
    write === 'pending' || write === 'running'
      ? ` · its update is waiting to reach ${crm}`
      : write === 'failed'
        ? ` · writing it to ${crm} failed (leadbot crm sync retries)`
        : '';
  const what = check ? describeCrmCheck(check) : '';
  if (link) {
    const whose = link.createdByLeadbot ? 'added by leadbot' : "the team's record";
    return { text: `In ${crm} (${whose})${what ? `: ${what}` : ''}${waiting}`, url: link.url ?? check?.url ?? null };
  }
  if (check?.crmCompanyId) return { text: `In ${crm}${what ? `: ${what}` : ''}${waiting}`, url: check.url };
  if (check?.outcome === 'failed')
    return { text: `Not checked against ${crm}: ${check.error ?? 'it could not be reached'}${waiting}`, url: null };
  if (check)
    return { text: `Not in ${crm} (checked ${check.checkedAt.toISOString().slice(0, 10)})${waiting}`, url: null };
  return { text: `Not checked against ${crm} yet${waiting}`, url: null };
}
