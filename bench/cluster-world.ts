/**
 * A fresh PostgreSQL schema with N pending companies and k leadbot processes on it, for bench/cluster.bench.ts.
 * The companies are approved and their enrichment queued only once every process is up, so the work goes through
 * the job queue alone (leads approved before a process started are its startup sweep's, done in one run). The
 * processes are started one after another (see below).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { FLOW_JOB_SPEC, FLOW_JOBS } from '../src/app/flow.js';
import { loadConfig } from '../src/config.js';
import { buildContainer, type Container } from '../src/container/index.js';
import { createLogger } from '../src/logger.js';
import { decideLead } from '../src/pipeline/approvals/decide-lead.js';
import type { Actor } from '../src/pipeline/approvals/ports.js';
import { isDraftable } from '../src/pipeline/writer/write-queue.js';
import { type LeadbotProcess, startLeadbot } from '../test/helpers/process.js';

const operator: Actor = { id: 'U0OPERATOR', name: 'Ana', source: 'slack' };
/** Companies per enrichment job, as the flow queues them after Gate 1. */
const BATCH = 10;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 200 ms until it returns a value; throws after `timeoutMs`. */
export async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(200);
  }
}

export interface ClusterWorld {
  schema: string;
  ids: number[];
  instances: LeadbotProcess[];
  /** Rows of `text`, where `$s.` is the app's schema and `$j.` pg-boss's. */
  rows<T>(text: string): Promise<T[]>;
  /** Approves every company as a person would at Gate 1 and queues its enrichment in jobs of ten. */
  approveAndQueue(): Promise<void>;
  /** Every company in a completed enrich run, and how many of them have a usable contact and a draft. */
  outcome(): Promise<{ enriched: number; draftable: number; drafted: number }>;
  close(): Promise<void>;
}

/** Whether PostgreSQL at `url` answers; the error message when not. */
export async function reachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message || String(err) : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A new schema on `base` with `leads` pending companies and `processes` leadbot processes up on it. */
export async function startClusterWorld(base: string, leads: number, processes: number): Promise<ClusterWorld> {
  const schema = `bench_cluster_${process.pid}_${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'leadbot-bench-cluster-'));
  const env: Record<string, string> = {
    DATABASE_URL: `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`,
    DATABASE_PATH: join(dir, 'unused.db'),
    OUTBOX_DIR: join(dir, 'outbox'),
    PORT: '0',
    LLM_PROVIDER: 'none',
    LOG_LEVEL: 'info',
    OUTREACH_CRON: '0 3 1 1 *',
  };
  const sql = new pg.Client({ connectionString: base });
  await sql.connect();
  const rows = async <T>(text: string): Promise<T[]> =>
    (await sql.query(text.replaceAll('$s.', `"${schema}".`).replaceAll('$j.', `"${schema}_jobs".`))).rows as T[];
  const people: Container = await buildContainer(
    loadConfig({ ...env, LOG_LEVEL: 'silent' }),
    createLogger({ level: 'silent' }),
    { role: 'cli' },
  );
  const instances: LeadbotProcess[] = [];
  const close = async () => {
    for (const leadbot of instances) if (leadbot.child.exitCode === null && !leadbot.child.killed) await leadbot.kill();
    await people.close();
    await sql.query(`drop schema if exists "${schema}" cascade`);
    await sql.query(`drop schema if exists "${schema}_jobs" cascade`);
    await sql.end();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const ids = await seedCompanies(people, leads);
    await people.jobs.register(FLOW_JOBS.enrich, FLOW_JOB_SPEC);
    // One after another: processes starting together on a fresh schema deadlock in pg-boss's create_queue.
    for (let i = 0; i < processes; i++) {
      const leadbot = startLeadbot(env);
      instances.push(leadbot);
      await until(
        `leadbot process ${i + 1} of ${processes} up`,
        async () => {
          if (leadbot.child.exitCode !== null)
            throw new Error(`a leadbot process exited during startup:\n${leadbot.output().slice(-2000)}`);
          return leadbot.output().includes('"msg":"leadbot is up"');
        },
        120_000,
      );
    }
    return {
      schema,
      ids,
      instances,
      rows,
      async approveAndQueue() {
        for (const companyId of ids)
          await decideLead(
            { companyId, decision: 'approved', actor: operator },
            { companies: people.repos.companies, approvals: people.repos.approvals, tx: people.tx, now: people.now },
          );
        for (let i = 0; i < ids.length; i += BATCH)
          await people.jobs.enqueue(FLOW_JOBS.enrich, { companyIds: ids.slice(i, i + BATCH) });
      },
      async outcome() {
        const enriched = new Set<number>();
        for (const run of await people.repos.runs.list({ kind: 'enrich', status: ['completed'], limit: 10_000 }))
          for (const id of run.input.companyIds as number[]) enriched.add(id);
        let draftable = 0;
        let drafted = 0;
        for (const id of ids) {
          if (!isDraftable(await people.repos.contacts.primaryFor(id))) continue;
          draftable++;
          if (await people.repos.drafts.currentForCompany(id)) drafted++;
        }
        return { enriched: ids.filter((id) => enriched.has(id)).length, draftable, drafted };
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

async function seedCompanies(people: Container, leads: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < leads; i++) {
    const company = await people.repos.companies.insert(
      {
        name: `Bench Clinic ${i}`,
        normalizedName: `bench clinic ${i}`,
        domain: `bench-clinic-${i}.example`,
        website: `https://bench-clinic-${i}.example`,
        industry: 'healthcare',
        address: `${i} Main St`,
        city: 'Buffalo',
        state: 'NY',
        postalCode: '14201',
        country: 'US',
        phone: null,
        employeeCount: 40,
        siteCount: 1,
        buildingSqft: 20_000,
        latitude: null,
        longitude: null,
        sources: ['bench'],
        sourceRefs: {},
        foundByRunId: null,
        status: 'pending',
      },
      people.now(),
    );
    ids.push(company.id);
  }
  return ids;
}
