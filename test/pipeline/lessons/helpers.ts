import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbHandle } from '../../../src/db/client.js';
import { createApprovalRepo } from '../../../src/db/repos/approval-repo.js';
import { createCompanyRepo } from '../../../src/db/repos/company-repo.js';
import { createLessonRepo } from '../../../src/db/repos/lesson-repo.js';
import { createLessonSignals } from '../../../src/db/repos/lesson-signals-repo.js';
import { createProviderStateRepo } from '../../../src/db/repos/provider-state-repo.js';
import { createRunRepo } from '../../../src/db/repos/run-repo.js';
import { agentRunLogs, agentRuns } from '../../../src/db/schema.js';
import { AppError } from '../../../src/errors.js';
import type { Transaction } from '../../../src/pipeline/approvals/ports.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import type { DetectedLesson, LessonEvidence } from '../../../src/pipeline/lessons/ports.js';
import { loadLessonSettings } from '../../../src/pipeline/lessons/settings.js';
import { createNoLlm } from '../../../src/pipeline/llm/none.js';
import type { LlmCallOptions, LlmPort } from '../../../src/pipeline/llm/ports.js';
import { createRunRecorder } from '../../../src/pipeline/runs/recorder.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';

/** A private copy of the repository's directives, so tests can apply lessons to real files. */
export function tempDirectives(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'leadbot-lessons-')), 'directives');
  cpSync(join(process.cwd(), 'directives'), dir, { recursive: true });
  return dir;
}

/** The settings from the real directives/lessons.md. */
export function realSettings() {
  return loadLessonSettings(createDirectiveStore(join(process.cwd(), 'directives')));
}

export type FakeLlm = LlmPort & { calls: (LlmCallOptions & { schemaName?: string })[] };

/** A model that answers with `respond(call)`, validated by the call's schema like the real port. */
export function fakeLlm(respond: (call: LlmCallOptions & { schemaName?: string }) => unknown): FakeLlm {
  const calls: FakeLlm['calls'] = [];
  return {
    calls,
    available: () => true,
    describe: () => 'fake',
    async structured(options) {
      calls.push(options);
      const parsed = options.schema.safeParse(await respond(options));
      if (!parsed.success) throw new AppError('llm_invalid_output', 'the model answered something else');
      return parsed.data;
    },
    async text(options) {
      calls.push(options);
      return String(await respond(options));
    },
  };
}

/** A migrated in-memory database, real repos, a fixed clock and a temp copy of the directives. */
export function setup(options: { llm?: LlmPort } = {}) {
  const handle = memoryDb();
  const clock = fixedClock('2026-11-25T09:00:00.000Z');
  const runs = createRunRepo(handle.db);
  const directives = createDirectiveStore(tempDirectives());
  const tx: Transaction = (fn) => handle.session.transaction(fn);
  const deps = {
    signals: createLessonSignals(handle.db),
    lessons: createLessonRepo(handle.db),
    approvals: createApprovalRepo(handle.db),
    directives,
    llm: options.llm ?? createNoLlm(),
    recorder: createRunRecorder({ runs, now: clock }),
    tx,
    now: clock,
  };
  return {
    handle,
    clock,
    deps,
    runs,
    companies: createCompanyRepo(handle.db),
    providerState: createProviderStateRepo(handle.db),
  };
}

let runSeq = 0;

/** Inserts a finished run of `kind` started at `at`. */
export function seedRun(handle: DbHandle, kind: string, at: Date, input: Record<string, unknown> = {}): string {
  const id = `run_${kind}_${++runSeq}`;
  handle.db
    .insert(agentRuns)
    .values({ id, kind, trigger: 'test', status: 'completed', input, startedAt: at, updatedAt: at, finishedAt: at })
    .run();
  return id;
}

export function seedLog(
  handle: DbHandle,
  entry: { runId: string; name: string; status: 'ok' | 'error' | 'skipped'; at: Date } & Partial<{
    error: string;
    input: string;
    output: string;
  }>,
): void {
  handle.db
    .insert(agentRunLogs)
    .values({
      runId: entry.runId,
      kind: 'provider',
      name: entry.name,
      status: entry.status,
      error: entry.error ?? null,
      inputSummary: entry.input ?? null,
      outputSummary: entry.output ?? null,
      createdAt: entry.at,
    })
    .run();
}

/** `days` days before 2026-11-25 09:00 UTC. */
export function daysAgo(days: number): Date {
  return new Date(new Date('2026-11-25T09:00:00.000Z').getTime() - days * 86_400_000);
}

/** A detected provider lesson as the detector would produce it, for amendment and decision tests. */
export function providerLesson(overrides: Partial<LessonEvidence> = {}): DetectedLesson {
  return {
    directive: 'enrichment',
    kind: 'provider_failing',
    fingerprint: 'provider_failing:enrichment:hunter:quota',
    summary: 'Hunter: 429 quota exhausted in 4 enrichment runs since 2026-11-01',
    evidence: {
      count: 4,
      unit: 'runs',
      runIds: ['run_d', 'run_c', 'run_b', 'run_a'],
      examples: ['quota exhausted ×4'],
      firstSeen: '2026-11-01T10:00:00.000Z',
      lastSeen: '2026-11-24T10:00:00.000Z',
      variant: 'quota',
      facts: {
        provider: 'Hunter',
        providerKey: 'hunter',
        cause: 'quota',
        runs: 4,
        statuses: '429',
        reason: 'quota exhausted',
        stage: 'enrichment',
        since: '2026-11-01',
        cooldownDays: 7,
        envVar: 'HUNTER_RATE_LIMIT',
      },
      ...overrides,
    },
  };
}
