import type { CompanyRecord } from '../companies/ports.js';
import { type ProviderGuard, providerLabel } from '../guard/provider-guard.js';
import type { IndustryMatch } from '../scout/directive.js';
import type { ScoutResult } from '../scout/scout.js';

/**
 * The one-line run summary: "10 of 10 healthcare companies in Buffalo, NY found · Apollo skipped: 403 plan has no
 * API access · Serper failed: did not answer within 10000 ms".
 */
export async function summarizeSearch(s: {
  found: number;
  count: number;
  reused: CompanyRecord[];
  industry: IndustryMatch;
  place: string;
  scout: ScoutResult | undefined;
  guard: ProviderGuard;
}): Promise<string> {
  const waiting = s.reused.filter((c) => c.status === 'pending').length;
  // The user's term as asked ("veterinary hospitals"); "companies" after one that is not a kind ("healthcare").
  const what = /s$/.test(s.industry.label) ? s.industry.label : `${s.industry.label} companies`;
  let head = `${s.found} of ${s.count} ${what} in ${s.place} found`;
  if (waiting > 0) head += ` (${waiting} already waiting for approval)`;
  if (s.found < s.count) head += `; the sources have no more ${s.found > 0 ? 'new ' : ''}ones`;
  const parts = [head];
  for (const skip of await s.guard.skips()) parts.push(`${providerLabel(skip.provider)} skipped: ${skip.reason}`);
  for (const [source, reason] of Object.entries(s.scout?.failures ?? {}))
    if (!(await s.guard.isSkipped(source))) parts.push(`${providerLabel(source)} failed: ${reason}`);
  return parts.join(' · ');
}
