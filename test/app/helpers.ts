import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NotificationKind, Notifications } from '../../src/app/notifier.js';
import { loadConfig } from '../../src/config.js';
import { buildContainer, type Container } from '../../src/container/index.js';
import { createLogger } from '../../src/logger.js';
import { buildLeadbot } from '../../src/main.js';
import { decideLead } from '../../src/pipeline/approvals/decide-lead.js';
import type { Actor } from '../../src/pipeline/approvals/ports.js';
import { fixedClock, testDatabaseEnv } from '../helpers/db.js';
import { openWindowDirectives } from '../helpers/directives.js';

export const operator: Actor = { id: 'U0OPERATOR', name: 'Ana', source: 'slack' };

/** The sandbox app on a migrated :memory: database with an outbox in a temp folder and no LLM. */
export async function sandboxApp(env: Record<string, string> = {}, now?: () => Date) {
  const dir = mkdtempSync(join(tmpdir(), 'leadbot-wiring-'));
  const outboxDir = join(dir, 'outbox');
  const config = loadConfig({
    LLM_PROVIDER: 'none',
    LOG_LEVEL: 'silent',
    OUTBOX_DIR: outboxDir,
    DIRECTIVES_DIR: openWindowDirectives(),
    ...testDatabaseEnv(),
    ...env,
  });
  const errors: unknown[] = [];
  const logger = createLogger({
    level: 'error',
    destination: { write: (line: string) => void errors.push(JSON.parse(line)) },
  });
  const app = await buildContainer(config, logger, { databasePath: ':memory:', now });
  return { app, dir, outboxDir, errors, outbox: () => readOutbox(outboxDir) };
}

/**
 * The whole sandbox application on :memory: (container, flow, policy and use cases, as `npm start` builds it) with
 * no Slack; `member` makes every Slack user id a full member (or, given a map, the listed verdicts).
 */
export async function sandboxLeadbot(
  env: Record<string, string> = {},
  options: { now?: () => Date; trigger?: 'slack' | 'workspace' | 'cli' } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'leadbot-app-'));
  const outboxDir = join(dir, 'outbox');
  const config = loadConfig({
    LLM_PROVIDER: 'none',
    LOG_LEVEL: 'silent',
    OUTBOX_DIR: outboxDir,
    DIRECTIVES_DIR: openWindowDirectives(),
    ...testDatabaseEnv(),
    ...env,
  });
  const logger = createLogger({ level: 'silent' });
  const leadbot = await buildLeadbot(config, logger, {
    databasePath: ':memory:',
    now: options.now,
    trigger: options.trigger,
    flow: { enrichDelayMs: 0 },
  });
  leadbot.membership.attach(memberDirectory());
  return { leadbot, app: leadbot.container, useCases: leadbot.useCases, dir, outbox: () => readOutbox(outboxDir) };
}

/** A Slack directory where every user is a full member of team T0TEST, except those listed. */
export function memberDirectory(
  users: Record<string, { team_id?: string; is_restricted?: boolean; is_ultra_restricted?: boolean }> = {},
) {
  return {
    auth: { test: async () => ({ ok: true, team_id: 'T0TEST' }) },
    users: {
      info: async ({ user }: { user: string }) => ({ ok: true, user: { id: user, team_id: 'T0TEST', ...users[user] } }),
    },
  };
}

/** The .eml files the outbox transport wrote, as text. */
function readOutbox(dir: string): { name: string; text: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.eml'));
  } catch {
    return [];
  }
  return names.sort().map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

/** Records every notification of the given kinds. */
export function recordNotifications<K extends NotificationKind>(app: Container, kinds: K[]) {
  const seen: { kind: K; payload: Notifications[K] }[] = [];
  for (const kind of kinds) app.notifier.on(kind, (payload) => void seen.push({ kind, payload }));
  const of = <J extends K>(kind: J) => seen.filter((s) => s.kind === kind).map((s) => s.payload as Notifications[J]);
  return { seen, of };
}

/** A sandbox search posted in a Slack thread; returns the leads (pending at Gate 1). */
export async function searchInThread(
  app: Container,
  thread: { channel: string; ts: string },
  count = 5,
  location = 'Buffalo, NY',
) {
  return app.searchCompanies({
    industry: 'healthcare',
    location,
    count,
    trigger: 'slack',
    requestedBy: operator.id,
    slackChannel: thread.channel,
    slackThreadTs: thread.ts,
  });
}

/** Gate 1 approvals recorded for the operator. */
export async function approveLeads(app: Container, ids: number[], actor: Actor = operator): Promise<void> {
  for (const companyId of ids)
    await decideLead(
      { companyId, decision: 'approved', actor },
      { companies: app.repos.companies, approvals: app.repos.approvals, tx: app.tx, now: app.now },
    );
}

/** A reply to a sent email, threaded on its Message-ID. */
export function replyTo(sent: { text: string }, body: string, extra: Record<string, string> = {}): string {
  const header = (name: string) => new RegExp(`^${name}: *(.*)$`, 'im').exec(sent.text)?.[1]?.trim() ?? '';
  const messageId = header('Message-ID');
  const headers: Record<string, string> = {
    From: header('To'),
    To: header('From'),
    Subject: `Re: ${header('Subject')}`,
    Date: new Date().toUTCString(),
    'Message-ID': `<reply.${Math.random().toString(36).slice(2)}@reply.example>`,
    'In-Reply-To': messageId,
    References: messageId,
    'Content-Type': 'text/plain; charset=utf-8',
    ...extra,
  };
  return `${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n${body}\r\n`;
}

/**
 * A sandbox app on a database file, so a test can restart it: each `start()` moves the clock on a minute and opens
 * a new Container on the same file, as a new process would (the old one may be left hanging, as a killed process is).
 */
export function restartableApp(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'leadbot-restart-'));
  const outboxDir = join(dir, 'outbox');
  const config = loadConfig({
    LLM_PROVIDER: 'none',
    LOG_LEVEL: 'silent',
    OUTBOX_DIR: outboxDir,
    DATABASE_PATH: join(dir, 'leadbot.db'),
    DIRECTIVES_DIR: openWindowDirectives(),
    ...testDatabaseEnv(),
    ...env,
  });
  const errors: unknown[] = [];
  const logger = createLogger({
    level: 'error',
    destination: { write: (line: string) => void errors.push(JSON.parse(line)) },
  });
  const clock = fixedClock();
  const apps: Container[] = [];
  return {
    dir,
    clock,
    errors,
    outbox: () => readOutbox(outboxDir),
    async start(): Promise<Container> {
      // The previous process "crashed": its heartbeat stops, and a minute later its leases count for nothing.
      apps.at(-1)?.instance.halt();
      await apps.at(-1)?.jobs.stop();
      clock.advance(60_000);
      const app = await buildContainer(config, logger, { now: clock });
      apps.push(app);
      return app;
    },
    async closeAll() {
      for (const app of apps) await app.close();
    },
  };
}
