import type { CompanyRecord } from '../companies/ports.js';
import type { CrmCheckRecord } from '../crm/ports.js';

/** The CRM check as a search uses it (absent when no CRM is configured: nothing changes). */
export interface SearchCrm {
  /** "HubSpot". */
  label: string;
  /** Show companies the CRM knows (marked) instead of leaving them out. */
  includeKnown: boolean;
  check(companies: CompanyRecord[]): Promise<Map<number, CrmCheckRecord>>;
}

export interface Screened {
  kept: CompanyRecord[];
  leftOut: CrmCheckRecord[];
  /** Kept companies the CRM could not be asked about. */
  unchecked: number;
}

/** Looks the companies up in the CRM and leaves out those it knows, unless the setting includes them. */
export async function screenWithCrm(companies: CompanyRecord[], crm: SearchCrm | undefined): Promise<Screened> {
  if (!crm || companies.length === 0) return { kept: companies, leftOut: [], unchecked: 0 };
  const checks = await crm.check(companies);
  const leftOut = crm.includeKnown
    ? []
    : companies.flatMap((c) => (checks.get(c.id)?.outcome === 'known' ? [checks.get(c.id)!] : []));
  const out = new Set(leftOut.map((c) => c.companyId));
  const kept = companies.filter((c) => !out.has(c.id));
  return { kept, leftOut, unchecked: kept.filter((c) => checks.get(c.id)?.outcome === 'failed').length };
}

/** "2 HubSpot customers and 1 with an owner left out" / "3 not checked against HubSpot", or undefined. */
export function crmFootnote(s: Screened, label: string): string | undefined {
  const parts: string[] = [];
  if (s.leftOut.length > 0) {
    const customers = s.leftOut.filter((c) => c.customer).length;
    const others = s.leftOut.length - customers;
    const words = [
      customers > 0 ? `${customers} ${label} customer${customers === 1 ? '' : 's'}` : undefined,
      others > 0 ? `${others} already worked in ${label}` : undefined,
    ].filter(Boolean);
    parts.push(`${words.join(' and ')} left out`);
  }
  if (s.unchecked > 0) parts.push(`${s.unchecked} not checked against ${label}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
