import type { webApi } from '@slack/bolt';
import type { UseCases } from '../app/use-cases.js';
import type { Logger } from '../logger.js';
import type { RunRecord } from '../pipeline/runs/ports.js';

/** A thread's live status line while leadbot works on a message (assistant.threads.setStatus). */
export interface StatusLine {
  /** Shows that leadbot is working, with rotating loading messages. */
  start(): void;
  /** Follows a run this message started: the line says what it is doing ("Scoring 7 of 10"). */
  follow(runId: string): void;
  /** Clears the line (the answer has arrived) and stops following. */
  stop(): Promise<void>;
}

/** setStatus is rate-limited per thread: about one change a second. */
const MIN_INTERVAL_MS = 1000;
const LOADING = ['Reading your request…', 'Checking the pipeline…', 'Working on it…'];

const of = (n: number | undefined, total: number | undefined) => `${n ?? 0}${total ? ` of ${total}` : ''}`;

/** What a run is doing, in a few words, from its stage and counters. */
export function runStatus(run: RunRecord): string {
  const c = run.counters;
  const target = typeof run.input.count === 'number' ? run.input.count : undefined;
  const companies = Array.isArray(run.input.companyIds) ? run.input.companyIds.length : undefined;
  switch (run.kind) {
    case 'search':
      return run.currentStage === 'analyst'
        ? `Scoring ${of(c.companiesScored, c.companiesFound || target)}`
        : `Finding companies${c.companiesFound ? ` (${of(c.companiesFound, target)})` : ''}`;
    case 'enrich':
      return `Finding contacts ${of((c.with_contact ?? 0) + (c.no_contact ?? 0) + (c.failed ?? 0) + (c.no_domain ?? 0), companies)}`;
    case 'write':
      return `Writing drafts ${of(c.draftsCreated, companies)}`;
    case 'score':
      return `Scoring ${of(c.companiesScored ?? c.scored, companies)}`;
    case 'outreach':
      return `Sending (${c.emailsSent ?? 0} sent)`;
    case 'track':
      return 'Checking replies';
    case 'import':
      return 'Importing companies';
    default:
      return 'Working on it';
  }
}

/**
 * The status line of one thread. Every Slack error is logged and ignored: a workspace or channel without the agent
 * features still gets its answer (and the run's status message).
 */
export function createStatusLine(
  deps: { client: webApi.WebClient; useCases: Pick<UseCases, 'events'>; logger: Logger },
  where: { channel: string; threadTs: string },
): StatusLine {
  const followed = new Set<string>();
  let unsubscribe: (() => void) | undefined;
  let chain: Promise<void> = Promise.resolve();
  let last = 0;
  let shown = '';
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const set = (status: string, loading?: string[]) => {
    last = Date.now();
    chain = chain.then(async () => {
      if (status === shown && !loading) return;
      shown = status;
      try {
        await deps.client.assistant.threads.setStatus({
          channel_id: where.channel,
          thread_ts: where.threadTs,
          status,
          ...(loading ? { loading_messages: loading } : {}),
        });
      } catch (err) {
        deps.logger.debug({ err, channel: where.channel }, 'status line not set');
      }
    });
  };
  const show = (status: string) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    const wait = last + MIN_INTERVAL_MS - Date.now();
    if (wait <= 0) set(`${status}…`, [`${status}…`]);
    else timer = setTimeout(() => show(status), wait);
  };

  return {
    start: () => set('Thinking…', LOADING),
    follow(runId) {
      followed.add(runId);
      unsubscribe ??= deps.useCases.events.onRun((run) => {
        if (followed.has(run.id) && run.status === 'running') show(runStatus(run));
      });
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      unsubscribe?.();
      unsubscribe = undefined;
      set('');
      await chain;
    },
  };
}
