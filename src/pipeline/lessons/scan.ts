import { isAppError } from '../../errors.js';
import type { ApprovalRepo, Transaction } from '../approvals/ports.js';
import type { DirectiveStore } from '../directives/store.js';
import type { LlmPort } from '../llm/ports.js';
import type { RunTrigger } from '../runs/ports.js';
import type { RunHandle, RunRecorder } from '../runs/recorder.js';
import { finishDecision } from './decide.js';
import { detectLessons, type SignalSnapshot } from './detect/index.js';
import type { LessonRepo, LessonSignals } from './ports.js';
import { approvalSubject, type LessonView } from './proposal.js';
import { proposeLesson } from './propose.js';
import { recordDetection } from './record.js';
import { type LessonSettings, loadLessonSettings } from './settings.js';

export interface LessonScanDeps {
  signals: LessonSignals;
  lessons: LessonRepo;
  approvals: ApprovalRepo;
  directives: DirectiveStore;
  llm: LlmPort;
  recorder: RunRecorder;
  tx: Transaction;
  now: () => Date;
}

export interface LessonScanInput {
  trigger: RunTrigger;
  requestedBy?: string | null;
  slackChannel?: string | null;
  slackThreadTs?: string | null;
}

export interface LessonScanResult {
  runId: string;
  /** Patterns found this scan (new or known). */
  detected: number;
  created: number;
  updated: number;
  reopened: number;
  /** Lessons this scan proposed: post each with Apply / Dismiss (buttons carry `lessonId`). */
  proposals: LessonView[];
  /** Decisions recorded elsewhere (a generic approval button, an interrupted Apply) that this scan completed. */
  finished: number;
  summary: string;
}

const DAY_MS = 86_400_000;

/**
 * The self-annealing scan, one tracked run of kind 'lessons': runs every detector over the recent records, upserts
 * lessons by fingerprint, finishes decisions recorded elsewhere, and drafts an amendment for every open lesson
 * (LLM with a rule-based fallback), which becomes a proposal waiting for a human's Apply or Dismiss.
 * @throws AppError('invalid_config') when directives/lessons.md is malformed (the run is marked failed).
 */
export async function runLessonScan(input: LessonScanInput, deps: LessonScanDeps): Promise<LessonScanResult> {
  const run = await deps.recorder.start({
    kind: 'lessons',
    trigger: input.trigger,
    requestedBy: input.requestedBy ?? null,
    slackChannel: input.slackChannel ?? null,
    slackThreadTs: input.slackThreadTs ?? null,
  });
  try {
    await run.stage('detect');
    const settings = loadLessonSettings(deps.directives);
    const snapshot = await run.step('lessons.read_signals', () => readSignals(deps, settings), {
      summarize: (s) =>
        Object.entries(s)
          .map(([k, v]) => `${k}=${(v as unknown[]).length}`)
          .join(' '),
    });
    const detected = detectLessons(snapshot, settings);
    await run.stage('record');
    const changes = { created: 0, updated: 0, reopened: 0 };
    for (const lesson of detected) {
      const { change } = await deps.tx(() => recordDetection(lesson, { ...deps, thresholds: settings.thresholds }));
      changes[change]++;
    }
    const finished = await finishRecordedDecisions(deps, run);
    await run.stage('propose');
    const proposals: LessonView[] = [];
    const open = (await deps.lessons.list({ status: ['open'], limit: 500 })).sort((a, b) => a.id - b.id);
    for (const lesson of open) proposals.push(await proposeLesson(lesson, settings, deps, run));
    await run.count({ detected: detected.length, ...changes, proposed: proposals.length, finished });
    const summary = describeScan(detected.length, changes, proposals, finished);
    await run.complete(summary);
    return { runId: run.id, detected: detected.length, ...changes, proposals, finished, summary };
  } catch (err) {
    await run.fail(err);
    throw err;
  }
}

async function readSignals(deps: LessonScanDeps, settings: LessonSettings): Promise<SignalSnapshot> {
  const since = new Date(deps.now().getTime() - settings.thresholds.lookbackDays * DAY_MS);
  return {
    incidents: await deps.signals.providerIncidents(since),
    enriched: await deps.signals.enrichedCompanies(since),
    drafts: await deps.signals.scoredDrafts(settings.thresholds.criticFailures.lastDrafts),
    sourceStats: await deps.signals.sourceStats(),
    scoutQueries: await deps.signals.scoutQueries(since),
    decisions: await deps.signals.leadDecisions(since),
  };
}

/** Proposed lessons whose approval request was decided without `decideLesson` (or was interrupted): finish them. */
async function finishRecordedDecisions(deps: LessonScanDeps, run: RunHandle): Promise<number> {
  let finished = 0;
  for (const lesson of await deps.lessons.list({ status: ['proposed'], limit: 500 })) {
    const approval = await deps.approvals.get('lesson', approvalSubject(lesson));
    if (!approval || approval.status === 'pending') continue;
    try {
      const result = await finishDecision(lesson, approval, deps);
      if (result.outcome === 'applied' || result.outcome === 'dismissed') finished++;
      await run.log({ kind: 'event', name: 'lessons.finish_decision', status: 'ok', output: result.message });
    } catch (err) {
      if (!isAppError(err)) throw err;
      await run.log({ kind: 'event', name: 'lessons.finish_decision', status: 'error', error: err.message });
    }
  }
  return finished;
}

function describeScan(
  detected: number,
  changes: Record<'created' | 'updated' | 'reopened', number>,
  proposals: LessonView[],
  finished: number,
): string {
  if (detected === 0 && proposals.length === 0 && finished === 0) return 'No new patterns; nothing to propose.';
  const parts = [
    `${detected} pattern${detected === 1 ? '' : 's'} (${changes.created} new, ${changes.reopened} re-opened, ${changes.updated} known)`,
    `${proposals.length} amendment${proposals.length === 1 ? '' : 's'} proposed for approval`,
  ];
  if (finished > 0) parts.push(`${finished} earlier decision${finished === 1 ? '' : 's'} completed`);
  const named = proposals.map((p) => `${p.directive}: ${p.summary}`).slice(0, 3);
  return `${parts.join('; ')}${named.length > 0 ? ` — ${named.join('; ')}` : ''}`;
}
