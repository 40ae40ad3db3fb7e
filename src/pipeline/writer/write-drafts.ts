import { isAppError } from '../../errors.js';
import type { ApprovalRepo, Transaction } from '../approvals/ports.js';
import type { CompanyRepo } from '../companies/ports.js';
import { refusalOf } from '../costs/model-meter.js';
import { clearBudgetPause, describeRefusal, pauseForBudget } from '../costs/pause.js';
import type { BudgetRefusal } from '../costs/ports.js';
import type { DirectiveStore } from '../directives/store.js';
import type { DraftRecord, DraftRepo, WinRateRepo } from '../drafts/ports.js';
import { storeDraft } from '../drafts/store-draft.js';
import type { RandomSource } from '../learning/random.js';
import type { LlmPort } from '../llm/ports.js';
import type { RunTrigger } from '../runs/ports.js';
import type { RunHandle, RunRecorder } from '../runs/recorder.js';
import { angleForCompany } from './angles.js';
import { loadWriterDirective } from './directive.js';
import { draftForCompany } from './draft-for-company.js';
import { findWriteQueue, type QueuedCompany, type SkippedCompany, type WriterContacts } from './write-queue.js';

export interface WriteDraftsDeps {
  companies: CompanyRepo;
  contacts: WriterContacts;
  drafts: DraftRepo;
  winRates: WinRateRepo;
  approvals: ApprovalRepo;
  llm: LlmPort;
  directives: DirectiveStore;
  recorder: RunRecorder;
  tx: Transaction;
  now: () => Date;
  random: RandomSource;
  /** The name the emails are signed with. */
  senderName: string;
}

export interface WriteDraftsInput {
  trigger: RunTrigger;
  requestedBy?: string | null;
  /** Only these companies (each must be approved, with a usable primary contact and no current draft). */
  companyIds?: number[];
  /** At most this many drafts in this run. */
  limit?: number;
  parentRunId?: string | null;
  slackChannel?: string | null;
  slackThreadTs?: string | null;
  /** Continue this run (resume after a restart) instead of starting one; companies drafted meanwhile are done. */
  run?: RunHandle;
  /** Called as soon as a new run exists (not when continuing one), so a surface can show live progress. */
  onRunStarted?: (runId: string) => void;
}

export interface WriteDraftsOutput {
  runId: string;
  /** The drafts written, pending at Gate 2 (posting their cards is the bot's job). */
  draftIds: number[];
  drafts: DraftRecord[];
  skipped: SkippedCompany[];
  failed: { companyId: number; company: string; error: string }[];
  summary: string;
  /** Set when the model budget refused a call: the run waits (awaiting_approval) with the rest still to write. */
  paused?: BudgetRefusal;
}

/**
 * The write stage: for every approved company with a usable primary contact and no current draft, picks an angle
 * from the win-rate table, runs Writer ⇄ Critic and stores the draft (pending, with an approval request for Gate 2).
 * A tracked run of kind 'write' (counters draftsCreated, lowConfidence). Idempotent per company: a company never
 * gets two current drafts, so a re-run only writes what is missing.
 * @throws AppError('invalid_config') when a directive is broken (the run is marked failed).
 */
export async function writeDrafts(input: WriteDraftsInput, deps: WriteDraftsDeps): Promise<WriteDraftsOutput> {
  const run =
    input.run ??
    (await deps.recorder.start({
      kind: 'write',
      trigger: input.trigger,
      requestedBy: input.requestedBy ?? null,
      input: { companyIds: input.companyIds ?? null, limit: input.limit ?? null },
      parentRunId: input.parentRunId ?? null,
      slackChannel: input.slackChannel ?? null,
      slackThreadTs: input.slackThreadTs ?? null,
    }));
  if (!input.run) input.onRunStarted?.(run.id);
  const out: WriteDraftsOutput = { runId: run.id, draftIds: [], drafts: [], skipped: [], failed: [], summary: '' };
  try {
    if (input.run) await clearBudgetPause(run);
    await run.stage('select');
    const queue = await findWriteQueue({ companyIds: input.companyIds, limit: input.limit }, deps);
    out.skipped = queue.skipped;
    await run.log({
      kind: 'stage',
      name: 'write.queue',
      status: 'ok',
      output: { ready: queue.ready.length, skipped: queue.skipped },
    });
    await run.stage('write');
    const winRates = await deps.winRates.all();
    for (const item of queue.ready) {
      try {
        const draft = await writeOne(item, winRates, run, deps);
        if (draft) {
          out.drafts.push(draft);
          out.draftIds.push(draft.id);
          await run.count({ draftsCreated: 1, lowConfidence: draft.lowConfidence ? 1 : 0 });
        }
      } catch (err) {
        if (isAppError(err, 'invalid_config', 'db_failed')) throw err;
        out.paused = refusalOf(err);
        if (out.paused) break;
        out.failed.push({
          companyId: item.lead.company.id,
          company: item.lead.company.name,
          error: String((err as Error).message ?? err),
        });
        await run.count({ failed: 1 });
      }
    }
    out.summary = summarize(out);
    if (out.paused) {
      out.summary += ` · the rest wait: ${describeRefusal(out.paused)}`;
      await pauseForBudget(run, out.paused, out.summary);
    } else await run.complete(out.summary);
    return out;
  } catch (err) {
    await run.fail(err);
    throw err;
  }
}

async function writeOne(
  item: QueuedCompany,
  winRates: Awaited<ReturnType<WinRateRepo['all']>>,
  run: RunHandle,
  deps: WriteDraftsDeps,
): Promise<DraftRecord | undefined> {
  const { lead, contact } = item;
  const { angle, allowed } = angleForCompany({
    angles: loadWriterDirective(deps.directives).angles,
    company: lead.company,
    features: lead.features,
    winRates,
    random: deps.random,
  });
  const content = await run.step(
    `write ${lead.company.name}`,
    () => draftForCompany({ lead, contact, angle, allowed: allowed.map((a) => a.key) }, { ...deps, run }),
    {
      input: { companyId: lead.company.id, angle: angle.key, mode: angle.mode },
      summarize: (d) =>
        `${d.angle} · ${d.criticScore}/10 · ${d.attempts} attempt(s)${d.lowConfidence ? ' · low confidence' : ''}`,
    },
  );
  return storeDraft(content, { runId: run.id, replacesDraftId: null }, deps);
}

function summarize(out: WriteDraftsOutput): string {
  const low = out.drafts.filter((d) => d.lowConfidence).length;
  const parts = [
    out.drafts.length === 0
      ? 'No drafts written'
      : `${out.drafts.length} draft${out.drafts.length === 1 ? '' : 's'} written for Gate 2${low > 0 ? ` (${low} low confidence)` : ''}`,
  ];
  if (out.skipped.length > 0)
    parts.push(`${out.skipped.length} skipped (${[...new Set(out.skipped.map((s) => s.reason))].join('; ')})`);
  if (out.failed.length > 0) parts.push(`${out.failed.length} failed (${out.failed.map((f) => f.company).join(', ')})`);
  if (out.drafts.length === 0 && out.skipped.length === 0 && out.failed.length === 0)
    parts.push('no approved company is waiting for one');
  return parts.join(' · ');
}
