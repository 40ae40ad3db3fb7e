import type { StageOutcome } from '../../../agent/services.js';
import { describeVerification } from '../../../pipeline/enrichment/format.js';
import type { EnrichStageOutcome } from '../../../pipeline/enrichment/stage.js';
import { providerLabel } from '../../../pipeline/guard/provider-guard.js';
import { formatTable } from '../../format.js';

/** The enrich stage for a terminal: summary, one row per company, skipped and unconfigured providers. */
export function printEnrichment(outcome: StageOutcome): string {
  const { data } = outcome as EnrichStageOutcome;
  const lines = [outcome.summary, `Run ${outcome.runId}`];
  if (data.companies.length > 0) {
    lines.push(
      '',
      formatTable(data.companies, [
        { header: 'ID', value: (r) => r.companyId, align: 'right' },
        { header: 'Company', value: (r) => r.companyName, max: 32 },
        {
          header: 'Contact',
          value: (r) => r.primary?.fullName ?? (r.outcome === 'failed' ? 'failed' : r.note),
          max: 40,
        },
        { header: 'Title', value: (r) => r.primary?.title, max: 28 },
        { header: 'Email', value: (r) => r.primary?.email },
        { header: 'Verification', value: (r) => (r.primary ? describeVerification(r.primary) : null) },
        { header: 'Source', value: (r) => r.primary?.source },
      ]),
    );
  }
  if (data.notApproved.length > 0)
    lines.push('', `Not enriched (not approved at Gate 1): company ${data.notApproved.join(', ')}`);
  for (const s of data.skipped) lines.push(`${providerLabel(s.provider)} skipped: ${s.reason}`);
  if (data.disabled.length > 0)
    lines.push(`Not configured: ${data.disabled.map((d) => `${d.name} (${d.reason})`).join('; ')}`);
  return lines.join('\n');
}
