import pino from 'pino';
import { z } from 'zod';
import { loadConfig } from '../../../src/config.js';
import { createRunRepo } from '../../../src/db/repos/run-repo.js';
import { createRunRecorder } from '../../../src/pipeline/runs/recorder.js';
import { memoryDb } from '../../helpers/db.js';

/** The LLM part of a config built from env-style strings. */
export function llmConfig(env: Record<string, string>) {
  return loadConfig(env).llm;
}

/** A pino logger whose lines land in `lines`. */
export function captureLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => lines.push(JSON.parse(s)) });
  return { logger, lines, warnings: () => lines.filter((l) => l.level === 40).map((l) => l.msg) };
}

/** A run on a migrated :memory: database, and its agent_run_logs rows. */
export async function trackedRun() {
  const db = memoryDb();
  const runs = createRunRepo(db.db);
  const recorder = createRunRecorder({ runs, now: () => new Date('2026-11-25T09:00:00Z') });
  const run = await recorder.start({ kind: 'test', trigger: 'test' });
  return { run, logs: () => runs.logs(run.id), close: () => db.close() };
}

export const queryPlan = z.object({
  queries: z.array(z.string().min(3)).min(1).max(5).describe('Search phrases'),
  reasoning: z.string().optional(),
});
