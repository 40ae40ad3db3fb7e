/**
 * Several leadbot processes on one PostgreSQL database (TEST_POSTGRES_URL): throughput of 1, 2 and 3 instances on
 * the same work — N approved leads enriched and written in the sandbox, no LLM, through 'flow-enrich' jobs of ten —
 * as leads per minute from the first job taken to the last one completed (pg-boss's own timestamps), median of the
 * rounds, with the ratio to one instance; then the time for a job whose instance was killed with SIGKILL to be
 * finished by the other one. Skipped, with the reason, when PostgreSQL does not answer.
 */
import { availableParallelism } from 'node:os';
import { type ClusterWorld, reachable, startClusterWorld, until } from './cluster-world.js';
import type { BenchResult } from './run.js';
import { median } from './stats.js';

const BASE = process.env.TEST_POSTGRES_URL ?? 'postgres://leadbot:leadbot@127.0.0.1:5432/leadbot_test';
const LEADS = Number(process.env.CLUSTER_BENCH_LEADS ?? 60);
const ROUNDS = Number(process.env.CLUSTER_BENCH_ROUNDS ?? 3);
const SIZES = [1, 2, 3] as const;

interface Round {
  instances: number;
  /** First job started → last job completed. */
  workMs: number;
  /** Jobs queued → last job completed (includes the first poll's wait). */
  queuedMs: number;
  leadsPerMinute: number;
  enriched: number;
  draftable: number;
  drafted: number;
}

const redact = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Queues the work on a fresh schema with `size` processes up and waits for every enrich job to complete. */
async function throughputRound(size: number): Promise<Round> {
  const world = await startClusterWorld(BASE, LEADS, size);
  try {
    await world.approveAndQueue();
    await until('every enrich job to complete', () => allCompleted(world), 600_000);
    const [span] = await world.rows<{ work: number; queued: number }>(
      `select extract(epoch from max(completed_on) - min(started_on)) * 1000 as work,
              extract(epoch from max(completed_on) - min(created_on)) * 1000 as queued
         from $j.job where name = 'flow-enrich'`,
    );
    const workMs = Number(span!.work);
    const outcome = await world.outcome();
    if (outcome.enriched !== LEADS || outcome.drafted !== outcome.draftable)
      throw new Error(`incomplete work with ${size} instance(s): ${JSON.stringify(outcome)}`);
    return {
      instances: size,
      workMs,
      queuedMs: Number(span!.queued),
      leadsPerMinute: LEADS / (workMs / 60_000),
      ...outcome,
    };
  } finally {
    await world.close();
  }
}

async function allCompleted(world: ClusterWorld): Promise<boolean> {
  const states = await world.rows<{ state: string; n: number }>(
    `select state, count(*)::int as n from $j.job where name = 'flow-enrich' group by state`,
  );
  const failed = states.find((s) => s.state === 'failed');
  if (failed) throw new Error(`${failed.n} enrich job(s) failed`);
  return states.length === 1 && states[0]!.state === 'completed' && states[0]!.n === Math.ceil(LEADS / 10);
}

interface Takeover {
  runId: string;
  runKind: string;
  jobId: string;
  /** SIGKILL → the killed run completed (resumed under its own id by the orphan sweep or the job's retry). */
  runDoneS: number;
  /** SIGKILL → the killed instance's pg-boss job completed on the other instance. */
  jobDoneS: number;
  jobRetries: number;
  /** How long the killed run had been working when the instance was killed. */
  runAgeS: number;
  /** How long its job had been active then (pg-boss expires it 90 s after it started). */
  jobAgeS: number;
}

/** Two instances; the one holding a running enrich or write run's lease is killed; how long until its work is done. */
async function takeover(): Promise<Takeover> {
  const world = await startClusterWorld(BASE, LEADS, 2);
  try {
    const pids = world.instances.map((l) => l.child.pid!);
    await world.approveAndQueue();
    const victim = await until(
      'an enrich or write run held by one of the instances',
      async () => {
        const [row] = await world.rows<{ run_id: string; kind: string; owner: string; ids: number[]; age: number }>(
          `select r.id as run_id, r.kind, l.owner, r.input->'companyIds' as ids,
                  extract(epoch from now() - r.created_at) as age
             from $s.leases l join $s.agent_runs r on l.name = 'run:' || r.id
            where r.kind in ('enrich', 'write') and r.status = 'running'
            order by r.created_at limit 1`,
        );
        const pid = row ? Number(row.owner.split(':')[1]) : Number.NaN;
        return row && pids.includes(pid) ? { ...row, pid } : undefined;
      },
      120_000,
    );
    const killed = world.instances[pids.indexOf(victim.pid)]!;
    await killed.kill();
    const killedAt = Date.now();
    const [job] = await world.rows<{ id: string; age: number }>(
      `select id, extract(epoch from now() - started_on) as age from $j.job where name = 'flow-enrich' and state = 'active'
          and data->'companyIds' @> '${JSON.stringify(victim.ids)}'::jsonb`,
    );
    if (!job) throw new Error(`no active job holds the killed run ${victim.run_id}'s companies`);
    let runDoneAt: number | undefined;
    const jobDoneAt = await until(
      'the killed instance job to complete',
      async () => {
        const [run] = await world.rows<{ status: string }>(
          `select status from $s.agent_runs where id = '${victim.run_id}'`,
        );
        if (run?.status === 'completed') runDoneAt ??= Date.now();
        const [state] = await world.rows<{ state: string; retry_count: number }>(
          `select state, retry_count from $j.job where id = '${job.id}'`,
        );
        if (state?.state === 'failed') throw new Error(`the killed instance's job ${job.id} failed`);
        return state?.state === 'completed' ? Date.now() : undefined;
      },
      300_000,
    );
    const [retries] = await world.rows<{ retry_count: number }>(
      `select retry_count from $j.job where id = '${job.id}'`,
    );
    runDoneAt ??= jobDoneAt;
    return {
      runId: victim.run_id,
      runKind: victim.kind,
      jobId: job.id,
      runDoneS: (runDoneAt - killedAt) / 1000,
      jobDoneS: (jobDoneAt - killedAt) / 1000,
      jobRetries: retries?.retry_count ?? 0,
      runAgeS: Number(victim.age),
      jobAgeS: Number(job.age),
    };
  } finally {
    await world.close();
  }
}

export async function run(): Promise<BenchResult> {
  const unreachable = await reachable(BASE);
  if (unreachable) {
    const reason = `PostgreSQL not reachable at ${redact(BASE)}: ${unreachable}`;
    return { lines: [`cluster bench skipped: ${reason}`], data: { skipped: true, reason } };
  }
  const rounds: Round[] = [];
  for (let r = 0; r < ROUNDS; r++)
    for (const size of SIZES) {
      const round = await throughputRound(size);
      console.log(`  round ${r + 1}, ${size} instance(s): ${round.leadsPerMinute.toFixed(0)} leads/min`);
      rounds.push(round);
    }
  const bySize = SIZES.map((size) => {
    const mine = rounds.filter((r) => r.instances === size);
    return {
      instances: size,
      medianLeadsPerMinute: median(mine.map((r) => r.leadsPerMinute)),
      medianWorkS: median(mine.map((r) => r.workMs)) / 1000,
    };
  });
  const one = bySize[0]!.medianLeadsPerMinute;
  const lines = [
    `${LEADS} approved leads enriched and written (sandbox, no LLM), ${Math.ceil(LEADS / 10)} jobs of 10, ${ROUNDS} round(s) each:`,
    ...bySize.map(
      (s) =>
        `  ${s.instances} instance(s): ${s.medianLeadsPerMinute.toFixed(0)} leads/min (first job taken → last done ${seconds(s.medianWorkS * 1000)}), ×${(s.medianLeadsPerMinute / one).toFixed(2)} of one`,
    ),
  ];
  const killed = await takeover();
  lines.push(
    `takeover (2 instances, SIGKILL on the one running ${killed.runKind} run ${killed.runId}, ${killed.runAgeS.toFixed(1)} s into it, its job ${killed.jobAgeS.toFixed(1)} s):`,
    `  killed run completed by the survivor after ${killed.runDoneS.toFixed(1)} s; its job completed after ${killed.jobDoneS.toFixed(1)} s (retries: ${killed.jobRetries}; target < 120 s)`,
  );
  return {
    lines,
    data: {
      leads: LEADS,
      rounds: ROUNDS,
      cpus: availableParallelism(),
      throughput: bySize.map((s) => ({ ...s, ratioToOne: s.medianLeadsPerMinute / one })),
      roundsDetail: rounds,
      takeover: killed,
    },
  };
}
