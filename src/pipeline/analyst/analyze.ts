import { z } from 'zod';
import type { Transaction } from '../approvals/ports.js';
import type { CompanyFeatures, CompanyRepo, Lead, LeadScore } from '../companies/ports.js';
import type { DirectiveStore } from '../directives/store.js';
import type { LlmPort } from '../llm/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import { ANALYST_DIRECTIVE, loadNarrationPrompts, type NarrationPrompts, narrateScore } from './narrate.js';
import { type IcpProfile, loadIcpProfile } from './profile.js';
import { fillGaps, type Reenrich } from './reenrich.js';
import { type ScoreResult, scoreCompany } from './score.js';

export interface AnalyzeDeps {
  companies: CompanyRepo;
  directives: DirectiveStore;
  llm: LlmPort;
  now: () => Date;
  /** Fills data gaps (e.g. from another source); called at most twice per company, ever. */
  reenrich?: Reenrich;
  /** Runs a company's writes (features, score, status) as one transaction; without it each write commits alone. */
  tx?: Transaction;
}

export interface AnalyzeInput {
  companyIds: number[];
  run: RunHandle;
}

export interface AnalyzeOutput {
  scored: number;
  /** The scored companies with score and features, best first. */
  leads: Lead[];
}

const COUNT_EVERY = 10;
const COUNT_INTERVAL_MS = 500;

const settingsSchema = z.strictObject({
  profile: z
    .string()
    .regex(/^[\w-]+$/)
    .default('icp'),
});

/** Which ICP profile file the Analyst uses (`analyst-settings` block of `directives/analyst.md`; default "icp"). */
export function loadAnalystSettings(store: DirectiveStore): z.output<typeof settingsSchema> {
  if (!('analyst-settings' in store.get(ANALYST_DIRECTIVE).blocks)) return { profile: 'icp' };
  return store.block(ANALYST_DIRECTIVE, 'analyst-settings', settingsSchema);
}

/**
 * The Analyst stage: fills data gaps, scores each company from the ICP profile, narrates the reason, writes
 * company_features and lead_scores (upserts), and moves `new` companies to `pending` (Gate 1). Idempotent.
 * @throws AppError('invalid_config') for a bad profile or analyst directive, before anything is written.
 */
export async function analyzeCompanies(input: AnalyzeInput, deps: AnalyzeDeps): Promise<AnalyzeOutput> {
  const { run } = input;
  await run.stage('analyst');
  const profile = loadIcpProfile(deps.directives, loadAnalystSettings(deps.directives).profile);
  const prompts = loadNarrationPrompts(deps.directives);
  const ids = [...new Set(input.companyIds)];
  let scored = 0;
  let unreported = 0;
  let reportedAt = deps.now().getTime();
  const report = async () => {
    if (unreported > 0) await run.count({ companiesScored: unreported });
    unreported = 0;
    reportedAt = deps.now().getTime();
  };
  try {
    for (const id of ids) {
      if (!(await analyzeOne(id, { ...deps, run, profile, prompts }))) continue;
      scored += 1;
      unreported += 1;
      // Live progress without a commit per company when scoring is fast (no model calls).
      if (unreported >= COUNT_EVERY || deps.now().getTime() - reportedAt >= COUNT_INTERVAL_MS) await report();
    }
  } finally {
    await report();
  }
  const leads = ids.length > 0 ? await deps.companies.listLeads({ ids, limit: ids.length }) : [];
  return { scored, leads };
}

interface OneDeps extends AnalyzeDeps {
  run: RunHandle;
  profile: IcpProfile;
  prompts: NarrationPrompts;
}

async function analyzeOne(id: number, deps: OneDeps): Promise<boolean> {
  const { companies, run } = deps;
  const start = await companies.get(id);
  if (!start) {
    await run.log({
      kind: 'event',
      name: 'analyst.skip',
      status: 'skipped',
      input: { companyId: id },
      output: 'not found',
    });
    return false;
  }
  const prior = await companies.getFeatures(id);
  const { company, attempts } = await fillGaps(start, prior?.reenrichAttempts ?? 0, deps, (n, gaps) =>
    companies.upsertFeatures({ ...(prior ?? blankFeatures(id)), dataGaps: gaps, reenrichAttempts: n }, deps.now()),
  );
  const result = scoreCompany(company, deps.profile);
  const existing = await companies.getScore(id);
  const unchanged = sameBreakdown(existing, result, deps.profile.name) ? existing : undefined;
  const kept = unchanged?.reasonSource === 'llm' ? unchanged : undefined;
  const narration = kept
    ? { reason: kept.scoreReason, source: kept.reasonSource }
    : await narrateScore(company, result.breakdown, { llm: deps.llm, prompts: deps.prompts, run });
  const now = deps.now();
  const write = async () => {
    await companies.upsertFeatures(featuresFrom(id, result, attempts), now);
    await companies.upsertScore(
      {
        companyId: id,
        runId: unchanged ? unchanged.runId : run.id,
        profile: deps.profile.name,
        score: result.score,
        tier: result.tier,
        breakdown: result.breakdown as unknown as Record<string, unknown>,
        scoreReason: narration.reason,
        reasonSource: narration.source,
      },
      now,
    );
    if (company.status === 'new') await companies.setStatus(id, 'pending', now);
  };
  if (deps.tx) await deps.tx(write);
  else await write();
  return true;
}

/** Whether the stored score explains the same breakdown; then its LLM reason and run id are kept. */
function sameBreakdown(existing: LeadScore | undefined, result: ScoreResult, profile: string): boolean {
  return (
    existing !== undefined &&
    existing.profile === profile &&
    JSON.stringify(existing.breakdown) === JSON.stringify(result.breakdown)
  );
}

function blankFeatures(companyId: number): CompanyFeatures {
  return {
    companyId,
    annualSpendEstimate: null,
    savingsLow: null,
    savingsMid: null,
    savingsHigh: null,
    deregulated: null,
    energyIntensity: null,
    stateRate: null,
    dataGaps: [],
    reenrichAttempts: 0,
  };
}

/** The features row the Analyst stores for a scored company. */
export function featuresFrom(
  companyId: number,
  { estimate: e }: ScoreResult,
  reenrichAttempts: number,
): CompanyFeatures {
  return {
    companyId,
    annualSpendEstimate: e.annualSpend,
    savingsLow: e.savingsLow,
    savingsMid: e.savingsMid,
    savingsHigh: e.savingsHigh,
    deregulated: e.deregulated,
    energyIntensity: e.energyIntensity,
    stateRate: e.stateRate,
    dataGaps: e.gaps,
    reenrichAttempts,
  };
}
