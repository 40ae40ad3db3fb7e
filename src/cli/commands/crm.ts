import type { Command } from 'commander';
import type { CrmStatus, CrmSyncResult } from '../../app/crm.js';
import { stripControl } from '../../mrkdwn/escape.js';
import type { CliContext } from '../context.js';

const OFF = 'No CRM configured: set HUBSPOT_TOKEN to look companies up before Gate 1 and write every touch to HubSpot.';

function outboxLine(o: NonNullable<CrmStatus['outbox']>): string {
  const kinds = Object.entries(o.byKind).map(([k, n]) => `${n} ${k}`);
  const oldest = o.oldestWaitingAt
    ? `, oldest since ${o.oldestWaitingAt.toISOString().slice(0, 16).replace('T', ' ')}`
    : '';
  return `writes: ${o.pending + o.running} waiting${kinds.length ? ` (${kinds.join(', ')})` : ''}${oldest} · ${o.failed} failed · ${o.done} done`;
}

function statusLines(s: CrmStatus): string[] {
  if (!s.crm) return [OFF];
  const access = s.access!;
  const lines = [`${s.crm}: ${access.ok ? 'ok' : 'NOT OK'} · ${stripControl(access.detail)}`];
  for (const o of access.optional) lines.push(`  without ${o.scope}: no ${o.for}`);
  const c = s.checks!;
  lines.push(`lookups: ${c.clear} clear · ${c.known} known · ${c.failed} not checked`);
  const links = Object.entries(s.links!).map(([k, n]) => `${n} ${k}`);
  lines.push(`linked: ${links.length ? links.join(', ') : 'nothing yet'}`);
  lines.push(outboxLine(s.outbox!));
  return lines;
}

function syncLines(r: CrmSyncResult, dryRun: boolean): string[] {
  if (!r.crm) return [OFF];
  const head = dryRun
    ? `${r.crm} (dry run, nothing written)`
    : `${r.crm}: ${r.queued} queued · ${r.drained.done} written · ${r.drained.waiting} waiting · ${r.drained.failed} failed`;
  return [head, outboxLine(r.outbox!)];
}

/** `leadbot crm status` and `leadbot crm sync [--dry-run]`. */
export function registerCrm(program: Command, ctx: CliContext): void {
  const crm = program.command('crm').description('the CRM (HubSpot): token and scopes, lookups, writes waiting');
  crm
    .command('status')
    .description('the token and its scopes, companies looked up, records linked, writes waiting or failed')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const status = await (await ctx.leadbot()).useCases.crmStatus({}, ctx.actor());
      if (opts.json) ctx.printJson(status);
      else ctx.print(statusLines(status).join('\n'));
    });
  crm
    .command('sync')
    .description(
      'queue what happened since the last pass and write what is due now (the scheduler does it every minute)',
    )
    .option('--dry-run', 'only say what waits; write nothing')
    .option('--json', 'print JSON')
    .action(async (opts: { dryRun?: boolean; json?: boolean }) => {
      const result = await (await ctx.leadbot()).useCases.syncCrm({ dryRun: opts.dryRun }, ctx.actor());
      if (opts.json) ctx.printJson(result);
      else ctx.print(syncLines(result, opts.dryRun === true).join('\n'));
    });
}
