import type { Lead } from '../pipeline/companies/ports.js';
import { formatTable } from './format.js';

/** The fields `--json` prints for every lead (search-companies, list-leads, import-companies). */
export interface LeadJson {
  id: number;
  name: string;
  domain: string | null;
  industry: string;
  city: string | null;
  state: string | null;
  score: number | null;
  tier: string | null;
  scoreReason: string | null;
  status: string;
}

export function leadJson(lead: Lead): LeadJson {
  const { company, score } = lead;
  return {
    id: company.id,
    name: company.name,
    domain: company.domain,
    industry: company.industry,
    city: company.city,
    state: company.state,
    score: score?.score ?? null,
    tier: score?.tier ?? null,
    scoreReason: score?.scoreReason ?? null,
    status: company.status,
  };
}

/** Leads as a plain-text table, best first as given. */
export function formatLeads(leads: readonly Lead[]): string {
  return formatTable(leads.map(leadJson), [
    { header: 'ID', value: (l) => l.id, align: 'right' },
    { header: 'SCORE', value: (l) => l.score, align: 'right' },
    { header: 'TIER', value: (l) => l.tier },
    { header: 'NAME', value: (l) => l.name, max: 40 },
    { header: 'DOMAIN', value: (l) => l.domain, max: 32 },
    { header: 'CITY', value: (l) => (l.city && l.state ? `${l.city}, ${l.state}` : (l.city ?? l.state)) },
    { header: 'STATUS', value: (l) => l.status },
    { header: 'REASON', value: (l) => l.scoreReason, max: 90 },
  ]);
}

/** Parses a positive whole-number id typed on the command line; undefined when it is not one. */
export function parseId(text: string): number | undefined {
  return /^\s*\d+\s*$/.test(text) && Number(text) > 0 && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
}
