import type { Container } from '../../container/index.js';
import type { Lead } from '../../pipeline/companies/ports.js';
import { enrichedSoFar } from '../../pipeline/enrichment/enrich.js';
import { runEnrichStage } from '../../pipeline/enrichment/stage.js';
import type { RunTrigger } from '../../pipeline/runs/ports.js';
import type { RunHandle } from '../../pipeline/runs/recorder.js';
import { writeDrafts } from '../../pipeline/writer/write-drafts.js';
import { announceImport } from '../search.js';
import { enrichDeps } from '../stages/enrich.js';
import { continueOutreach } from '../stages/outreach.js';
import { continueScore } from '../stages/score.js';
import { continueTrack } from '../stages/track.js';

/** Finishes a run re-opened under its own id; resolves when the run has reached its end (or its gate). */
export type Continuation = (app: Container, run: RunHandle) => Promise<void>;

/** Runs that cannot be resumed meaningfully, with the reason they are closed as failed. */
const NOT_RESUMABLE: Record<string, string> = {
  agent: 'Interrupted by a restart before the answer was finished; ask again',
  reply:
    'Interrupted by a restart before the reply was applied; feed it again (a reply already applied is not applied twice)',
  lessons: 'Interrupted by a restart; the next lesson scan looks at the same records',
  regenerate: 'Interrupted by a restart while regenerating; the draft is unchanged, press Regenerate again',
};

const ids = (value: unknown): number[] | undefined =>
  Array.isArray(value) ? value.filter((id): id is number => typeof id === 'number') : undefined;

/**
 * How to finish a run of this kind from its last completed step, or why it cannot be: each stage is idempotent per
 * company, contact, draft and send, and its checkpoint says what is done where the data alone cannot.
 */
export function continuationFor(kind: string, input: Record<string, unknown>) {
  if (kind === 'write' && input.regenerate !== undefined) return NOT_RESUMABLE.regenerate!;
  const known: Record<string, Continuation> = {
    search: async (app, run) => announceLeads(app, await app.resumeSearch(run)),
    import: async (app, run) => announceImport(app, await app.resumeImport(run)),
    score: async (app, run) => void (await continueScore(app, run, ids((await run.current()).input.companyIds))),
    enrich: continueEnrich,
    write: continueWrite,
    outreach: async (app, run) => void (await continueOutreach(app, run)),
    track: async (app, run) => void (await continueTrack(app, run)),
  };
  return (
    known[kind] ?? NOT_RESUMABLE[kind] ?? `Interrupted by a restart; a ${kind} run cannot be resumed, start it again`
  );
}

/** The companies of the batch not yet enriched (the run's checkpoint), then the same run completes. */
async function continueEnrich(app: Container, run: RunHandle): Promise<void> {
  const record = await run.current();
  const done = new Set(await enrichedSoFar(run));
  const companyIds = (ids(record.input.companyIds) ?? []).filter((id) => !done.has(id));
  await runEnrichStage(
    { trigger: record.trigger as RunTrigger, requestedBy: record.requestedBy, companyIds, run },
    enrichDeps(app),
  );
}

/** Companies still without a current draft (drafts already stored are kept); every draft of the run is announced. */
async function continueWrite(app: Container, run: RunHandle): Promise<void> {
  const record = await run.current();
  const limit = typeof record.input.limit === 'number' ? record.input.limit : undefined;
  await writeDrafts(
    {
      trigger: record.trigger as RunTrigger,
      requestedBy: record.requestedBy,
      companyIds: ids(record.input.companyIds),
      limit: limit === undefined ? undefined : Math.max(0, limit - (record.counters.draftsCreated ?? 0)),
      run,
    },
    app.writer,
  );
  // Drafts stored before the restart were never announced: their cards are posted with the new ones.
  const draftIds = (await app.repos.drafts.list({ status: ['pending'], limit: 10_000 }))
    .filter((d) => d.runId === run.id)
    .map((d) => d.id)
    .reverse();
  if (draftIds.length > 0) await app.notifier.emit('draftsReady', { draftIds, runId: run.id });
}

/** A resumed search that now waits at Gate 1: the surfaces post its lead cards. */
async function announceLeads(app: Container, result: { runId?: string; leads: Lead[] }): Promise<void> {
  const runId = result.runId;
  if (!runId || (await app.repos.runs.get(runId))?.status !== 'awaiting_approval') return;
  const companyIds = result.leads.filter((l) => l.company.status === 'pending').map((l) => l.company.id);
  if (companyIds.length > 0) await app.notifier.emit('leadsFound', { runId, companyIds });
}
