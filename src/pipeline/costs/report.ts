import type { OutcomeRow, Outcomes, SpendEntry, SpendKind } from './ports.js';
import { dayOf } from './spending.js';

/** Money spent and what it bought, with the cost of each (null where nothing was bought). */
export interface CostFigures {
  spendUsd: number;
  vendorUsd: number;
  modelUsd: number;
  leads: number;
  contacts: number;
  emailsSent: number;
  replies: number;
  positiveReplies: number;
  perLead: number | null;
  perContact: number | null;
  perEmail: number | null;
  perReply: number | null;
  perPositiveReply: number | null;
}

/** One paid provider or model: calls, spend, and what was paid for and found nothing (waste). */
export interface ProviderSpend {
  provider: string;
  kind: SpendKind;
  calls: number;
  spendUsd: number;
  /** Paid calls whose answer gave nothing usable. */
  wasteCalls: number;
  wasteUsd: number;
  /** Calls answered from leadbot's records are not here: they were not bought. */
  failedCalls: number;
}

export interface CostReport {
  since: Date;
  until: Date;
  timeZone: string;
  total: CostFigures;
  byDay: (CostFigures & { day: string })[];
  byIndustry: (CostFigures & { industry: string })[];
  byRun: (CostFigures & { runId: string })[];
  byProvider: ProviderSpend[];
  /** Reserved by calls still under way (or interrupted), not yet settled. */
  reservedUsd: number;
}

interface Bucket {
  vendorUsd: number;
  modelUsd: number;
  leads: number;
  contacts: number;
  emailsSent: number;
  replies: number;
  positiveReplies: number;
}

const empty = (): Bucket => ({
  vendorUsd: 0,
  modelUsd: 0,
  leads: 0,
  contacts: 0,
  emailsSent: 0,
  replies: 0,
  positiveReplies: 0,
});
const per = (usd: number, n: number) => (n > 0 ? usd / n : null);

function figures(b: Bucket): CostFigures {
  const spendUsd = b.vendorUsd + b.modelUsd;
  return {
    spendUsd,
    ...b,
    perLead: per(spendUsd, b.leads),
    perContact: per(spendUsd, b.contacts),
    perEmail: per(spendUsd, b.emailsSent),
    perReply: per(spendUsd, b.replies),
    perPositiveReply: per(spendUsd, b.positiveReplies),
  };
}

/** The spend of a settled entry (what was paid), or its reservation while it is still open. */
export const spentOf = (e: SpendEntry) => e.costUsd ?? 0;

/**
 * Cost per lead, contact, email sent, reply and positive reply in a window: in total, by day (in TZ), by industry
 * (of the company a call was for; model calls without a company count as "unattributed") and by run; and what each
 * paid provider cost, with the paid calls that found nothing. Pure: the caller reads the ledger and the outcomes.
 */
export function buildCostReport(input: {
  since: Date;
  until: Date;
  timeZone: string;
  entries: readonly SpendEntry[];
  outcomes: Outcomes;
}): CostReport {
  const total = empty();
  const days = new Map<string, Bucket>();
  const industries = new Map<string, Bucket>();
  const runs = new Map<string, Bucket>();
  const providers = new Map<string, ProviderSpend>();
  const bucket = (map: Map<string, Bucket>, key: string) => {
    const found = map.get(key);
    if (found) return found;
    const b = empty();
    map.set(key, b);
    return b;
  };
  const industryOf = (industry: string | null) => industry?.toLowerCase() ?? 'unattributed';
  let reservedUsd = 0;
  for (const e of input.entries) {
    if (e.status === 'reserved') reservedUsd += e.reservedUsd;
    const usd = spentOf(e);
    const field = e.kind === 'vendor' ? 'vendorUsd' : 'modelUsd';
    const targets = [total, bucket(days, e.day), bucket(industries, industryOf(e.industry))];
    if (e.runId) targets.push(bucket(runs, e.runId));
    for (const b of targets) b[field] += usd;
    const p = providers.get(e.provider) ?? {
      provider: e.provider,
      kind: e.kind,
      calls: 0,
      spendUsd: 0,
      wasteCalls: 0,
      wasteUsd: 0,
      failedCalls: 0,
    };
    p.calls++;
    p.spendUsd += usd;
    if (e.result === 'empty' && usd > 0) {
      p.wasteCalls++;
      p.wasteUsd += usd;
    }
    if (e.result === 'error') p.failedCalls++;
    providers.set(e.provider, p);
  }
  const count = (rows: readonly OutcomeRow[], field: keyof Bucket, also?: (r: OutcomeRow) => boolean) => {
    for (const r of rows) {
      if (also && !also(r)) continue;
      const targets = [total, bucket(days, dayOf(r.at, input.timeZone)), bucket(industries, industryOf(r.industry))];
      if (r.runId && runs.has(r.runId)) targets.push(runs.get(r.runId)!);
      for (const b of targets) b[field]++;
    }
  };
  const { outcomes } = input;
  count(outcomes.leads, 'leads');
  count(outcomes.contacts, 'contacts');
  count(outcomes.sends, 'emailsSent');
  count(outcomes.replies, 'replies');
  count(
    outcomes.replies.filter((r) => r.positive),
    'positiveReplies',
  );
  const sorted = <K extends string>(map: Map<string, Bucket>, key: K) =>
    [...map.entries()].map(([k, b]) => ({ [key]: k, ...figures(b) }) as CostFigures & Record<K, string>);
  return {
    since: input.since,
    until: input.until,
    timeZone: input.timeZone,
    total: figures(total),
    byDay: sorted(days, 'day').sort((a, b) => a.day.localeCompare(b.day)),
    byIndustry: sorted(industries, 'industry').sort((a, b) => b.spendUsd - a.spendUsd),
    byRun: sorted(runs, 'runId').sort((a, b) => b.spendUsd - a.spendUsd),
    byProvider: [...providers.values()].sort((a, b) => b.spendUsd - a.spendUsd),
    reservedUsd,
  };
}
