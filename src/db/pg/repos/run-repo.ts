import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../../errors.js';
import type { RunLogEntry, RunRecord, RunRepo } from '../../../pipeline/runs/ports.js';
import type { PgDb } from '../client.js';
import { agentRunLogs, agentRuns } from '../schema.js';

/** Runs and run logs in PostgreSQL. */
export function createRunRepo(db: PgDb): RunRepo {
  const get = async (id: string) =>
    (await db.select().from(agentRuns).where(eq(agentRuns.id, id)).limit(1))[0] as RunRecord | undefined;
  return {
    async create(run) {
      await db.insert(agentRuns).values({
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
      });
      return (await get(run.id))!;
    },
    get,
    async update(id, patch) {
      const result = await db.update(agentRuns).set(patch).where(eq(agentRuns.id, id));
      if (result.rowCount === 0) throw new AppError('not_found', `Run ${id} does not exist`);
      return (await get(id))!;
    },
    addCounters(id, deltas, at) {
      return db.transaction(async (tx) => {
        const row = (
          await tx.select({ counters: agentRuns.counters }).from(agentRuns).where(eq(agentRuns.id, id)).limit(1)
        )[0];
        if (!row) throw new AppError('not_found', `Run ${id} does not exist`);
        const counters = { ...row.counters };
        for (const [k, v] of Object.entries(deltas)) counters[k] = (counters[k] ?? 0) + v;
        await tx.update(agentRuns).set({ counters, updatedAt: at }).where(eq(agentRuns.id, id));
        return counters;
      });
    },
    async appendLog(entry) {
      await db.insert(agentRunLogs).values({
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
      });
    },
    async logs(runId) {
      return (await db
        .select()
        .from(agentRunLogs)
        .where(eq(agentRunLogs.runId, runId))
        .orderBy(agentRunLogs.id)) as RunLogEntry[];
    },
    async list({ limit, status, kind }) {
      const filters: SQL[] = [];
      if (status && status.length > 0) filters.push(inArray(agentRuns.status, status));
      if (kind) filters.push(eq(agentRuns.kind, kind));
      return (await db
        .select()
        .from(agentRuns)
        .where(filters.length > 0 ? and(...filters) : sql`1 = 1`)
        .orderBy(desc(agentRuns.startedAt), desc(agentRuns.id))
        .limit(limit)) as RunRecord[];
    },
  };
}
