import { formatUsd } from '../../pipeline/costs/format.js';
import type { RunLogEntry, RunRecord } from '../../pipeline/runs/ports.js';
import { actions, type Block, type ButtonSpec, clip, context, escLine, section } from './common.js';

export const RUN_ACTIONS = { details: 'run_details', retry: 'run_retry' } as const;

const KIND: Record<string, string> = {
  search: 'Finding companies',
  import: 'Importing companies',
  enrich: 'Finding contacts',
  write: 'Writing drafts',
  outreach: 'Sending',
  track: 'Tracking replies',
  agent: 'Thinking',
  lessons: 'Looking for lessons',
  regenerate: 'Regenerating a draft',
  score: 'Scoring',
};

const STAGE: Record<string, string> = {
  scout: 'Scout',
  analyst: 'Analyst',
  enrich: 'Enrichment',
  select: 'Writer',
  write: 'Writer ⇄ Critic',
  import: 'Import',
  detect: 'Detect',
  record: 'Record',
  propose: 'Propose',
};

const ICON: Record<RunRecord['status'], string> = {
  queued: ':hourglass:',
  running: ':hourglass_flowing_sand:',
  awaiting_approval: ':raised_hand:',
  completed: ':white_check_mark:',
  failed: ':warning:',
  cancelled: ':no_entry_sign:',
};

/** How a run that stopped moving ended, in words ("waiting for your decision"); undefined while it works. */
const ENDED: Partial<Record<RunRecord['status'], string>> = {
  awaiting_approval: 'waiting for your decision',
  completed: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

/**
 * "Scout 10/10 · Analyst 7/10" style progress from the run's stage and counters. Once the run has ended only what
 * its counters recorded is shown (never a stage it merely passed through, such as "Analyst 0/10").
 */
function progressLine(run: RunRecord): string {
  const c = run.counters;
  const live = ENDED[run.status] === undefined;
  const at = (stage: string) => live && run.currentStage === stage;
  const target = typeof run.input.count === 'number' ? run.input.count : undefined;
  const of = (n: number) => (target ? `${n}/${target}` : String(n));
  const companies = Array.isArray(run.input.companyIds) ? run.input.companyIds.length : undefined;
  const parts: string[] = [];
  if (run.kind === 'search') {
    if (c.companiesFound !== undefined || at('scout')) parts.push(`Scout ${of(c.companiesFound ?? 0)}`);
    if (c.companiesScored !== undefined || at('analyst')) parts.push(`Analyst ${of(c.companiesScored ?? 0)}`);
  } else if (run.kind === 'enrich') {
    const done = (c.with_contact ?? 0) + (c.no_contact ?? 0) + (c.failed ?? 0) + (c.no_domain ?? 0);
    parts.push(`Enrichment ${done}${companies ? `/${companies}` : ''}`);
    if (c.with_contact) parts.push(`${c.with_contact} with a contact`);
  } else if (run.kind === 'write') {
    parts.push(`Drafts ${c.draftsCreated ?? 0}${companies ? `/${companies}` : ''}`);
    if (c.lowConfidence) parts.push(`${c.lowConfidence} low confidence`);
  } else if (run.kind === 'import') {
    const { offset, fileBytes } = run.checkpoint as { offset?: number; fileBytes?: number };
    if (live && fileBytes && offset !== undefined) parts.push(`${Math.floor((100 * offset) / fileBytes)}%`);
    if (c.rowsRead !== undefined) parts.push(`${c.rowsRead} rows read · ${c.companiesImported ?? 0} imported`);
  } else if (run.kind === 'outreach') parts.push(`Sent ${c.emailsSent ?? 0}`);
  else if (run.currentStage && live) parts.push(STAGE[run.currentStage] ?? run.currentStage);
  return parts.join(' · ');
}

/**
 * The run's one status message: while it works, what it is doing and how far it got; once it has ended, how it
 * ended ("waiting for your decision"), its summary, the error if it failed, and the final counts.
 */
export function buildRunStatusBlocks(run: RunRecord): Block[] {
  const kind = KIND[run.kind] ?? escLine(run.kind);
  const progress = progressLine(run);
  const ended = ENDED[run.status];
  const blocks: Block[] = [];
  if (ended === undefined) {
    blocks.push(section(`${ICON[run.status]} *${kind}*${progress ? ` — ${progress}` : ''}`, `run:${run.id}:status`));
  } else {
    const lines = [`${ICON[run.status]} *${kind}: ${ended}*`];
    if (run.summary) lines.push(escLine(clip(run.summary, 1500)));
    if (run.status === 'failed' && run.error) lines.push(`:warning: ${escLine(clip(run.error, 400))}`);
    blocks.push(section(lines.join('\n'), `run:${run.id}:status`));
  }
  const buttons: ButtonSpec[] = [{ text: 'Details', actionId: RUN_ACTIONS.details, value: run.id }];
  if (run.status === 'failed')
    buttons.push({ text: 'Retry', actionId: RUN_ACTIONS.retry, value: run.id, style: 'primary' });
  blocks.push(actions(`run:${run.id}`, buttons));
  blocks.push(context(`${ended !== undefined && progress ? `${progress} · ` : ''}run \`${run.id}\``));
  return blocks;
}

/** The notification and screen-reader text (Slack renders it as mrkdwn: the summary is escaped). */
export function runStatusText(run: RunRecord): string {
  const kind = KIND[run.kind] ?? escLine(run.kind);
  const progress = progressLine(run);
  const ended = ENDED[run.status];
  if (ended === undefined) return `${kind}${progress ? ` — ${progress}` : ''}`;
  const detail = run.summary ? escLine(run.summary) : progress;
  return `${kind}: ${ended}${detail ? ` — ${detail}` : ''}`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** What a run spent, as its Details say it. */
export interface RunSpendLine {
  vendorUsd: number;
  modelUsd: number;
  reservedUsd: number;
  wasteUsd: number;
}

/** The run timeline: each stage and tool call with duration, tokens, cost, outcome and errors (at most 40 lines). */
export function buildRunTimelineBlocks(run: RunRecord, logs: RunLogEntry[], spend?: RunSpendLine): Block[] {
  const head = [
    `*${KIND[run.kind] ?? escLine(run.kind)}* · ${run.status}${run.currentStage ? ` · stage ${escLine(run.currentStage)}` : ''}`,
    `Started ${run.startedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC by ${escLine(run.requestedBy ?? run.trigger)}`,
  ];
  if (run.summary) head.push(escLine(clip(run.summary, 600)));
  if (run.error) head.push(`:warning: ${escLine(clip(run.error, 400))}`);
  const counters = Object.entries(run.counters).map(([k, v]) => `${escLine(k.replace(/_/g, ' '))} ${v}`);
  if (counters.length > 0) head.push(counters.join(' · '));
  if (spend && spend.vendorUsd + spend.modelUsd + spend.reservedUsd > 0)
    head.push(
      `Spent ${formatUsd(spend.vendorUsd + spend.modelUsd)} (paid vendors ${formatUsd(spend.vendorUsd)}, model ${formatUsd(spend.modelUsd)})` +
        (spend.wasteUsd > 0 ? ` · ${formatUsd(spend.wasteUsd)} paid for nothing` : '') +
        (spend.reservedUsd > 0 ? ` · ${formatUsd(spend.reservedUsd)} reserved` : ''),
    );
  const shown = logs.slice(-40);
  const lines = shown.map((l) => {
    const icon = l.status === 'ok' ? '·' : l.status === 'skipped' ? '↷' : '✗';
    const tokens = l.tokensIn || l.tokensOut ? ` · ${l.tokensIn ?? 0}→${l.tokensOut ?? 0} tok` : '';
    const cost = l.costUsd ? ` · ${formatUsd(l.costUsd)}` : '';
    const err = l.error
      ? ` — ${escLine(clip(l.error, 120))}`
      : l.outputSummary
        ? ` — ${escLine(clip(l.outputSummary, 100))}`
        : '';
    return `${icon} ${escLine(l.kind)} *${escLine(l.name)}* ${duration(l.durationMs)}${tokens}${cost}${err}`;
  });
  const blocks: Block[] = [section(head.join('\n'))];
  if (logs.length > shown.length) blocks.push(context(`${logs.length - shown.length} earlier steps not shown`));
  for (let i = 0; i < lines.length; i += 10) blocks.push(section(lines.slice(i, i + 10).join('\n')));
  if (lines.length === 0) blocks.push(context('No steps recorded yet.'));
  blocks.push(context(`run \`${run.id}\` · also: leadbot run ${run.id}`));
  return blocks;
}
