import type { PipelineStatus } from '../agent/services.js';
import type { Container } from '../container/index.js';
import type { CostFigures, ProviderSpend } from '../pipeline/costs/report.js';
import type { WinRateRow } from '../pipeline/drafts/ports.js';
import type { RunRecord } from '../pipeline/runs/ports.js';
import type { Actor } from './actor.js';
import { describeInstances, describeQueue } from './cluster/status.js';
import { type BudgetStatus, budgetStatus, collectCosts } from './costs.js';
import { may, OPEN_APPROVALS_WARNING, type PolicyDeps } from './policy.js';
import { pipelineStatus, type ReportDeps } from './reports.js';
import { requestLabel } from './requests.js';
import { listOutbox, type PoolView, type SendingDeps, senderPool } from './sending.js';

export interface HomeDeps extends ReportDeps, Pick<Container, 'llmService' | 'clusterStatus' | 'costs'>, SendingDeps {
  policy: PolicyDeps;
}

/** Something waiting for a decision, and where its card is. */
export interface PendingItem {
  kind: string;
  label: string;
  channel?: string | null;
  ts?: string | null;
}

/** What App Home shows one person. */
export interface HomeSummary {
  /** May this person decide (approver buttons shown)? */
  isApprover: boolean;
  mode: string;
  llm: string;
  /** Said plainly when APPROVER_USER_IDS is empty. */
  warnings: string[];
  status: PipelineStatus;
  pending: PendingItem[];
  runs: RunRecord[];
  winRates: WinRateRow[];
  /** Where the data lives, the job queue and the instances up (approvers only: it is operations detail). */
  cluster?: { database: string; queue: string; instances: string };
  /** Inbound messages leadbot could not read or match, kept for a person (newest first). */
  inbound: { count: number; latest: { reason: string; detail: string; subject: string | null }[] };
  /** The sender pool today: state, cap and room per sender; the send window. */
  pool: PoolView;
  /** Sends waiting for a person (may have left, or failed after every retry). */
  outbox: number;
  /** The last 7 days' cost per lead, contact, email and reply, today's budgets, and paid lookups wasted. */
  costs: { week: CostFigures; budgets: BudgetStatus[]; waste: ProviderSpend[] };
}

const WEEK_MS = 7 * 86_400_000;

/** App Home for this person, read fresh from the database. */
export async function homeSummary(actor: Actor, deps: HomeDeps): Promise<HomeSummary> {
  const { approvals, runs, winRates } = deps.repos;
  const pending: PendingItem[] = [];
  for (const r of await approvals.listPending({ limit: 50 }))
    pending.push({ kind: r.kind, label: await requestLabel(r, deps), channel: r.slackChannel, ts: r.slackTs });
  const isApprover = await may(actor, 'decide_lead', deps.policy);
  const cluster = isApprover ? await deps.clusterStatus().catch(() => undefined) : undefined;
  return {
    isApprover,
    cluster: cluster && {
      database: cluster.database.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite',
      queue: describeQueue(cluster.queue),
      instances: describeInstances(cluster.instances),
    },
    mode: deps.config.mode,
    llm: deps.llmService.available() ? deps.llmService.describe() : 'no LLM reachable: commands only',
    warnings: deps.policy.approverUserIds.length === 0 ? [OPEN_APPROVALS_WARNING] : [],
    status: await pipelineStatus(actor, deps),
    pending,
    runs: await runs.list({ limit: 6 }),
    winRates: await winRates.all(),
    inbound: { count: await deps.outreach.issues.count(), latest: await deps.outreach.issues.list({ limit: 5 }) },
    pool: await senderPool({}, actor, deps),
    outbox: (await listOutbox({ limit: 100 }, actor, deps)).length,
    costs: await homeCosts(deps),
  };
}

async function homeCosts(deps: HomeDeps): Promise<HomeSummary['costs']> {
  const until = deps.now();
  const report = await collectCosts(deps, { since: new Date(until.getTime() - WEEK_MS), until });
  return {
    week: report.total,
    budgets: await budgetStatus(deps),
    waste: report.byProvider.filter((p) => p.wasteCalls > 0),
  };
}
