import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../errors.js';
import type { RunLogEntry, RunRecord, RunRepo } from '../../pipeline/runs/ports.js';
import { type Db, sessionOf } from '../client.js';
import { agentRunLogs, agentRuns } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/** Runs and run logs in SQLite. */
export function createRunRepo(db: Db): RunRepo {
  return asyncRepo<RunRepo>(sessionOf(db), createRunRepoSync(db));
}

function createRunRepoSync(db: Db): Sync<RunRepo> {
  const get = (id: string) => db.select().from(agentRuns).where(eq(agentRuns.id, id)).get() as RunRecord | undefined;
  return {
    create(run) {
      db.insert(agentRuns)
        .values({
          id: run.id,
          kind: run.kind,
          trigger: run.trigger,
          requestedBy: run.requestedBy ?? null,
          status: 'running',
          input: run.input ?? {},
          parentRunId: run.parentRunId ?? null,
          slackChannel: run.slackChannel ?? null,
          slackThreadTs: run.slackThreadTs ?? null,
          startedAt: run.startedAt,
          updatedAt: run.startedAt,
        })
        .run();
      return get(run.id)!;
    },
    get,
    update(id, patch) {
      const result = db.update(agentRuns).set(patch).where(eq(agentRuns.id, id)).run();
      if (result.changes === 0) throw new AppError('not_found', `Run ${id} does not exist`);
      return get(id)!;
    },
    addCounters(id, deltas, at) {
      return db.transaction((tx) => {
        const row = tx.select({ counters: agentRuns.counters }).from(agentRuns).where(eq(agentRuns.id, id)).get();
        if (!row) throw new AppError('not_found', `Run ${id} does not exist`);
        const counters = { ...row.counters };
        for (const [k, v] of Object.entries(deltas)) counters[k] = (counters[k] ?? 0) + v;
        tx.update(agentRuns).set({ counters, updatedAt: at }).where(eq(agentRuns.id, id)).run();
        return counters;
      });
    },
    appendLog(entry) {
      db.insert(agentRunLogs)
        .values({
          runId: entry.runId,
          kind: entry.kind,
          name: entry.name,
          status: entry.status,
          inputSummary: entry.inputSummary ?? null,
          outputSummary: entry.outputSummary ?? null,
          durationMs: Math.max(0, Math.round(entry.durationMs)),
          tokensIn: entry.tokensIn ?? null,
          tokensOut: entry.tokensOut ?? null,
          costUsd: entry.costUsd ?? null,
          error: entry.error ?? null,
          createdAt: entry.createdAt,
        })
        .run();
    },
    logs(runId) {
      return db
        .select()
        .from(agentRunLogs)
        .where(eq(agentRunLogs.runId, runId))
        .orderBy(agentRunLogs.id)
        .all() as RunLogEntry[];
    },
    list({ limit, status, kind }) {
      const filters: SQL[] = [];
      if (status && status.length > 0) filters.push(inArray(agentRuns.status, status));
      if (kind) filters.push(eq(agentRuns.kind, kind));
      return db
        .select()
        .from(agentRuns)
        .where(filters.length > 0 ? and(...filters) : sql`1 = 1`)
        .orderBy(desc(agentRuns.startedAt), desc(agentRuns.id))
        .limit(limit)
        .all() as RunRecord[];
    },
  };
}
