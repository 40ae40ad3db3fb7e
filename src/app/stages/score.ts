import type { StageOutcome } from '../../agent/services.js';
import type { Container } from '../../container/index.js';
import { AppError } from '../../errors.js';
import { type AnalyzeDeps, analyzeCompanies } from '../../pipeline/analyst/analyze.js';
import { rescoreCompanies } from '../../pipeline/analyst/rescore.js';
import { filterAsync } from '../../pipeline/async.js';
import type { Lead } from '../../pipeline/companies/ports.js';
import type { RunHandle } from '../../pipeline/runs/recorder.js';
import { plural, runFields } from './common.js';
import type { StageRequest } from './run-stage.js';

/** What `run-stage score` reports (its `--json` output, under `data`). */
export interface ScoreStageData {
  scored: number;
  leads: { id: number; name: string; status: string; score: number | null; tier: string | null }[];
}

/**
 * The score stage: re-scores the companies waiting at Gate 1 (or the given ones) with the current ICP profile.
 * @throws AppError('not_found') when a given company id does not exist (before the run starts).
 */
export async function runScore(
  app: Container,
  request: StageRequest,
): Promise<StageOutcome & { data: ScoreStageData }> {
  const ids = request.companyIds;
  if (ids) {
    const missing = await filterAsync(ids, async (id) => !(await app.repos.companies.get(id)));
    if (missing.length > 0) throw new AppError('not_found', `No company with id ${missing.join(', ')}`);
  }
  const run = await app.recorder.start({ kind: 'score', ...runFields(request), input: { companyIds: ids ?? null } });
  request.onRunStarted?.(run.id);
  return continueScore(app, run, ids);
}

/** The score stage within `run` (a new run, or one resumed after a restart: scores are upserts). */
export async function continueScore(
  app: Container,
  run: RunHandle,
  ids: number[] | undefined,
): Promise<StageOutcome & { data: ScoreStageData }> {
  const deps: AnalyzeDeps = {
    companies: app.repos.companies,
    directives: app.directives,
    llm: app.llm,
    now: app.now,
    tx: app.tx,
  };
  try {
    const out = ids ? await analyzeCompanies({ companyIds: ids, run }, deps) : await rescoreCompanies({ run }, deps);
    const summary = summarizeScores(out.scored, out.leads, ids !== undefined);
    await run.complete(summary);
    return {
      runId: run.id,
      summary,
      data: {
        scored: out.scored,
        leads: out.leads.map((l) => ({
          id: l.company.id,
          name: l.company.name,
          status: l.company.status,
          score: l.score?.score ?? null,
          tier: l.score?.tier ?? null,
        })),
      },
    };
  } catch (err) {
    await run.fail(err);
    throw err;
  }
}

function summarizeScores(scored: number, leads: Lead[], named: boolean): string {
  if (scored === 0) return named ? 'No company was re-scored' : 'No companies waiting at Gate 1 to re-score';
  const tiers = (['high', 'medium', 'low'] as const)
    .map((tier) => [tier, leads.filter((l) => l.score?.tier === tier).length] as const)
    .filter(([, n]) => n > 0)
    .map(([tier, n]) => `${n} ${tier}`);
  return `Re-scored ${plural(scored, 'company', 'companies')} with the current ICP profile: ${tiers.join(' · ')}`;
}
