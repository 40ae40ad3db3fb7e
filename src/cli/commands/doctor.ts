import type { Command } from 'commander';
import { type ClusterStatus, describeInstances, describeQueue } from '../../app/cluster/status.js';
import { OPEN_APPROVALS_WARNING } from '../../app/policy.js';
import type { Config } from '../../config.js';
import { maintenance } from '../../main.js';
import { stripControl } from '../../mrkdwn/escape.js';
import { createDirectiveStore } from '../../pipeline/directives/store.js';
import { createHubspotCrm } from '../../providers/crm/hubspot/index.js';
import { probeLlm } from '../../providers/llm/probe.js';
import { type CliContext, CliExit } from '../context.js';
import { formatTable } from '../format.js';

export interface DoctorCheck {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
}

/** Runs every health check; `ok` is false only when leadbot cannot run. */
async function runDoctor(ctx: CliContext): Promise<{ ok: boolean; checks: DoctorCheck[] }> {
  const checks: DoctorCheck[] = [];
  let config: Config;
  try {
    config = ctx.config();
    checks.push({ name: 'config', status: 'ok', detail: `valid (${config.mode} mode)` });
  } catch (err) {
    const lines = err instanceof CliExit ? err.lines.slice(1).map((l) => l.trim()) : [String(err)];
    checks.push({ name: 'config', status: 'fail', detail: lines.join('; ') });
    return { ok: false, checks };
  }
  checks.push(...(await checkDatabase(config)));
  checks.push(checkDirectives(config));
  const llm = await probeLlm(config.llm);
  checks.push({
    name: 'llm',
    status: llm.ok ? 'ok' : 'warn',
    detail: llm.ok ? llm.detail : `${llm.detail}; deterministic paths still work`,
  });
  checks.push(checkSlack(config));
  checks.push(checkApprovers(config));
  checks.push(await checkMail(config));
  checks.push(await checkSenders(ctx, checks));
  checks.push(checkProviders(config));
  checks.push(await checkCrm(config));
  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}

/** The database (migrated), its job queue and the instances heard from in the last minute. */
async function checkDatabase(config: Config): Promise<DoctorCheck[]> {
  const fail = (name: string, err: unknown): DoctorCheck[] => [
    { name, status: 'fail', detail: err instanceof Error ? err.message : String(err) },
  ];
  const sqlite = config.storage.databaseUrl ? undefined : maintenance.health(config.storage.databasePath);
  if (sqlite && !sqlite.ok) return [{ name: 'database', status: 'fail', detail: sqlite.detail }];
  let status: ClusterStatus;
  try {
    status = await maintenance.cluster(config.storage);
  } catch (err) {
    return fail(sqlite ? 'queue' : 'database', err);
  }
  return [
    { name: 'database', status: 'ok', detail: sqlite?.detail ?? `PostgreSQL at ${status.database.where}, migrated` },
    { name: 'queue', status: status.queue.failed > 0 ? 'warn' : 'ok', detail: describeQueue(status.queue) },
    { name: 'instances', status: 'ok', detail: describeInstances(status.instances) },
  ];
}

function checkDirectives(config: Config): DoctorCheck {
  const store = createDirectiveStore(config.storage.directivesDir);
  const names = store.list();
  if (names.length === 0)
    return { name: 'directives', status: 'fail', detail: `no directives found in ${config.storage.directivesDir}/` };
  const broken: string[] = [];
  for (const name of names) {
    try {
      store.get(name);
    } catch (err) {
      broken.push((err as Error).message);
    }
  }
  return broken.length > 0
    ? { name: 'directives', status: 'fail', detail: broken.join('; ') }
    : { name: 'directives', status: 'ok', detail: `${names.length} loaded: ${names.join(', ')}` };
}

function checkSlack(config: Config): DoctorCheck {
  const { slack } = config;
  if (slack.mode === 'socket') return { name: 'slack', status: 'ok', detail: 'Socket Mode (SLACK_APP_TOKEN set)' };
  if (slack.mode === 'http')
    return { name: 'slack', status: 'ok', detail: `HTTP mode: POST ${config.http.publicBaseUrl}/slack/events` };
  return {
    name: 'slack',
    status: 'ok',
    detail: `not connected; local workspace at http://localhost:${config.http.port} (set SLACK_BOT_TOKEN to connect)`,
  };
}

function checkApprovers(config: Config): DoctorCheck {
  const ids = config.slack.approverUserIds;
  return ids.length === 0
    ? { name: 'approvers', status: 'warn', detail: `${OPEN_APPROVALS_WARNING} Set APPROVER_USER_IDS to restrict it.` }
    : { name: 'approvers', status: 'ok', detail: `${ids.length} approver(s): ${ids.join(', ')}` };
}

/** Each sender's transport for real: SMTP connects, says EHLO, upgrades with STARTTLS and authenticates; no mail. */
async function checkMail(config: Config): Promise<DoctorCheck> {
  const results = await maintenance.verifySenders(config);
  const dkim = config.mail.dkim ? ' · DKIM on' : '';
  const detail = results
    .map(
      (r) =>
        `${r.name} (${r.transport}): ${r.ok ? r.detail : `${r.outcome === 'sender_broken' ? 'BROKEN' : 'unreachable'}: ${r.detail}`}`,
    )
    .join('; ');
  const status = results.some((r) => !r.ok && r.outcome === 'sender_broken')
    ? 'fail'
    : results.some((r) => !r.ok)
      ? 'warn'
      : 'ok';
  return { name: 'mail', status, detail: `${detail}${dkim}` };
}

/** The pool's capacity today (caps, warm-up, paused senders) and the send window, read from the database. */
async function checkSenders(ctx: CliContext, before: DoctorCheck[]): Promise<DoctorCheck> {
  if (before.find((c) => c.name === 'database')?.status === 'fail')
    return { name: 'senders', status: 'warn', detail: 'not checked: the database is not usable' };
  const pool = await (await ctx.leadbot()).useCases.senderPool({}, ctx.actor());
  const each = pool.senders.map((s) =>
    s.status === 'paused'
      ? `${s.name} PAUSED (${s.pauseReason ?? 'no reason'})`
      : `${s.name} ${s.remainingToday}/${s.capToday} left${s.warmingUp ? ` (warming up to ${s.dailyCap})` : ''}`,
  );
  return {
    name: 'senders',
    status: pool.senders.some((s) => s.status === 'paused') ? 'warn' : 'ok',
    detail: `${pool.remainingToday} sends left today: ${each.join(', ')}; window ${pool.window} recipient local time, ${pool.gapMinutes} min apart`,
  };
}

function checkProviders(config: Config): DoctorCheck {
  const keys = config.providers.keys;
  const configured = Object.entries(keys)
    .filter(([, v]) => Boolean(v))
    .map(([k]) => k);
  const scout = config.pipeline.scoutSources.join(', ');
  return {
    name: 'providers',
    status: 'ok',
    detail: `scout: ${scout}; keys: ${configured.length > 0 ? configured.join(', ') : 'none (sandbox enrichment)'}`,
  };
}

/** The HubSpot token and its scopes (a CRM problem is a warning: leadbot runs and keeps CRM writes waiting). */
async function checkCrm(config: Config): Promise<DoctorCheck> {
  if (!config.crm.hubspot) return { name: 'crm', status: 'ok', detail: 'off (no HUBSPOT_TOKEN)' };
  const access = await createHubspotCrm(config.crm.hubspot, { maxWaitMs: 2_000 }).access();
  const optional = access.optional.map((o) => `without ${o.scope}: no ${o.for}`);
  return {
    name: 'crm',
    status: access.ok && optional.length === 0 ? 'ok' : 'warn',
    detail: `HubSpot: ${stripControl([access.detail, ...optional].join('; '))}`,
  };
}

export function registerDoctor(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description('check configuration, database, job queue, instances, LLM, Slack, mail, providers and the CRM')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const report = await runDoctor(ctx);
      if (opts.json) ctx.printJson(report);
      else {
        ctx.print(
          formatTable(report.checks, [
            { header: 'CHECK', value: (c) => c.name },
            { header: 'STATUS', value: (c) => c.status.toUpperCase() },
            { header: 'DETAIL', value: (c) => c.detail },
          ]),
        );
        ctx.print(report.ok ? '\nleadbot can run.' : '\nleadbot cannot run: fix the FAIL lines above.');
      }
      if (!report.ok) throw new CliExit(1);
    });
}
