import { STAGES, type Stage, type StageOutcome } from '../../agent/services.js';
import type { Container } from '../../container/index.js';
import { AppError } from '../../errors.js';
import type { RunTrigger } from '../../pipeline/runs/ports.js';
import { runEnrich } from './enrich.js';
import { runOutreach } from './outreach.js';
import { runScore } from './score.js';
import { runTrack } from './track.js';
import { runWrite } from './write.js';

/** Who asked for a stage, where to report it, and (for per-company stages) which companies. */
export interface StageRequest {
  trigger: RunTrigger;
  requestedBy: string;
  /** Only these companies (score, enrich, write); the other stages work on what is due. */
  companyIds?: number[];
  slackChannel?: string | null;
  slackThreadTs?: string | null;
  /** Called as soon as the stage's tracked run exists, so a surface can show live progress. */
  onRunStarted?: (runId: string) => void;
}

/** Stages that take `companyIds`. */
const PER_COMPANY: readonly Stage[] = ['score', 'enrich', 'write'];

const RUNNERS: Record<Stage, (app: Container, request: StageRequest) => Promise<StageOutcome>> = {
  score: runScore,
  enrich: runEnrich,
  write: runWrite,
  outreach: runOutreach,
  track: runTrack,
};

/**
 * Runs one pipeline stage now, as a tracked run with a one-line summary: what `run-stage`, the router's
 * `run_stage` intent, the agent's tool and the automatic flow call. Outreach sends only human-approved drafts.
 * @throws AppError('invalid_input') for an unknown stage or bad company ids; ('not_found') for unknown companies;
 * whatever the stage throws (its run is then marked failed).
 */
export async function runStage(app: Container, stage: Stage, request: StageRequest): Promise<StageOutcome> {
  const name = String(stage).trim().toLowerCase() as Stage;
  if (!STAGES.includes(name))
    throw new AppError('invalid_input', `Unknown stage "${stage}"; accepted: ${STAGES.join(', ')}`);
  if (request.companyIds !== undefined) checkCompanyIds(name, request.companyIds);
  return RUNNERS[name](app, request);
}

function checkCompanyIds(stage: Stage, ids: number[]): void {
  if (!PER_COMPANY.includes(stage))
    throw new AppError(
      'invalid_input',
      `The ${stage} stage works on everything due, not on chosen companies; run it without company ids ` +
        `(company ids are accepted by ${PER_COMPANY.join(', ')})`,
    );
  const bad = ids.filter((id) => !Number.isSafeInteger(id) || id <= 0);
  if (ids.length === 0 || bad.length > 0)
    throw new AppError(
      'invalid_input',
      `Company ids must be positive whole numbers, e.g. 3, 7, 12 (got ${ids.length === 0 ? 'none' : bad.join(', ')})`,
    );
}
