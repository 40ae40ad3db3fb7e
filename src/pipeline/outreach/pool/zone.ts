import type { OutreachDeps } from '../deps.js';
import type { ZoneSource } from './ports.js';

export interface RecipientZone {
  zone: string;
  source: ZoneSource;
}

/** The recipient's time zone, from their company's location; the team's TZ when the location gives none. */
export async function recipientZone(
  companyId: number | null,
  deps: Pick<OutreachDeps, 'companies' | 'zones' | 'limits'>,
): Promise<RecipientZone> {
  const company = companyId ? await deps.companies.get(companyId) : undefined;
  const found = company ? deps.zones.zoneFor(company) : undefined;
  return found ?? { zone: deps.limits.timeZone, source: 'team' };
}
