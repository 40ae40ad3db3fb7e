import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createConversation } from './agent/conversation.js';
import type { ConversationPort } from './agent/ports.js';
import type { AgentPort } from './agent/react/ports.js';
import { createRouter, type Router } from './agent/router/route.js';
import type { LeadbotServices } from './agent/services.js';
import { exclusively } from './app/cluster/exclusive.js';
import { type ClusterStatus, clusterStatus } from './app/cluster/status.js';
import { createAppAgent, createConversationServices } from './app/conversation-services.js';
import { createFlow, type Flow, type FlowOptions } from './app/flow.js';
import { resumeInterrupted, resumeOrphanedRuns } from './app/runs/resume.js';
import { createUseCases, type UseCases } from './app/use-cases.js';
import { banner } from './banner.js';
import type { BotDeps } from './bot/deps.js';
import { type SlackBot, startSlack } from './bot/start-slack.js';
import { type Config, ConfigError, loadConfig, readEnvironment } from './config.js';
import { type BuildContainerOptions, buildContainer, type Container } from './container/index.js';
import { createSenderPool } from './container/outreach.js';
import { type MigrationReport, migrateDatabase, openDatabase } from './db/client.js';
import { type CopyReport, copySqliteToPostgres } from './db/copy.js';
import { type DatabaseHealth, databaseHealth } from './db/health.js';
import { openJobQueue } from './db/jobs/open.js';
import { openPostgresStorage } from './db/pg/storage.js';
import { openSqliteStorage } from './db/storage.js';
import { createMetricsRoute } from './http/metrics-route.js';
import { createHttpServer, type HttpServer } from './http/server.js';
import { createUnsubscribeRoute } from './http/unsubscribe-route.js';
import { createLogger, type Logger } from './logger.js';
import type { RunTrigger } from './pipeline/runs/ports.js';
import { createSlackMembership, type SlackMembership } from './providers/slack/membership.js';
import type { Workspace } from './workspace/index.js';
import { startWorkspaceMode } from './workspace/start.js';

/** What every surface gets from the composition root: use cases and conversations, never the container. */
export interface Leadbot {
  useCases: UseCases;
  /** A conversation (router, per-thread memory, agent) over the use cases; the CLI chat passes its own options. */
  createConversation(options?: { noLlm?: boolean; services?: LeadbotServices; agent?: AgentPort }): ConversationPort;
  createRouter(): Router;
  llm: { probe(): Promise<unknown>; available(): boolean; describe(): string };
  now: () => Date;
  /** Waits for work the flow started (enrichment after an approval, a send after Gate 2), then closes the database. */
  close(): Promise<void>;
}

/** The built application: what surfaces get, plus the container and the flow for the process entry and tests. */
/** How often each instance looks for runs whose instance died (their leases lapse after 45 s). */
const ORPHAN_SWEEP_MS = 30_000;

export interface Built extends Leadbot {
  container: Container;
  flow: Flow;
  membership: SlackMembership;
}

export interface BuildOptions extends BuildContainerOptions {
  /** The trigger on runs the flow starts after a decision (default: the Slack mode's surface). */
  trigger?: RunTrigger;
  flow?: FlowOptions;
}

/**
 * The composition root: opens and migrates the database, builds every client and adapter once, the flow between
 * stages, the policy and the use cases. `start()` and the CLI both call it.
 * @throws AppError('db_failed') when the database cannot be opened or migrated.
 */
export async function buildLeadbot(config: Config, logger: Logger, options: BuildOptions = {}): Promise<Built> {
  const container = await buildContainer(config, logger, options);
  const trigger = options.trigger ?? (config.slack.mode === 'workspace' ? 'workspace' : 'slack');
  const flow = await createFlow(container, { trigger, ...options.flow });
  const membership = createSlackMembership(logger);
  const useCases = createUseCases(container, flow, { approverUserIds: config.slack.approverUserIds, membership });
  const services = createConversationServices(useCases);
  const router = () => createRouter({ directives: container.directives, llm: container.llm, logger });
  return {
    container,
    flow,
    membership,
    useCases,
    createRouter: router,
    createConversation: (o = {}) => {
      const convServices = o.services ?? services;
      return createConversation({
        router: router(),
        services: convServices,
        memory: container.repos.conversationMemory,
        agent: o.agent ?? (o.noLlm ? undefined : createAppAgent(container, convServices)),
        llm: container.llm,
        now: container.now,
        logger,
        noLlm: o.noLlm,
      });
    },
    llm: {
      probe: () => container.llmService.probe(),
      available: () => container.llmService.available(),
      describe: () => container.llmService.describe(),
    },
    now: container.now,
    async close() {
      await flow.idle();
      await container.close();
    },
  };
}

/** Database maintenance for `leadbot db migrate` and `doctor`, without building the whole application. */
export const maintenance = {
  migrate(path: string): MigrationReport {
    const handle = openDatabase(path);
    try {
      return migrateDatabase(handle);
    } finally {
      handle.close();
    }
  },
  health: (path: string): DatabaseHealth => databaseHealth(path),
  /** `leadbot db copy --to postgres://…`: this SQLite database into an empty PostgreSQL one, counts checked. */
  copyToPostgres: (path: string, url: string): Promise<CopyReport> => copySqliteToPostgres(path, url),
  /**
   * The configured database (opened and migrated), its job queue's counts and the instances heard from in the last
   * minute, for `doctor`, without building the application.
   * @throws when the database cannot be opened or the queue read.
   */
  async cluster(storage: Config['storage']): Promise<ClusterStatus> {
    const opened = storage.databaseUrl
      ? await openPostgresStorage(storage.databaseUrl)
      : openSqliteStorage(storage.databasePath);
    const now = () => new Date();
    const jobs = openJobQueue(opened, { owner: 'doctor', isLive: async () => true, now });
    try {
      return await clusterStatus({
        database: { dialect: opened.dialect, where: opened.where },
        jobs,
        instances: opened.repos.instances,
        now,
      });
    } finally {
      await jobs.stop().catch(() => {});
      await opened.close();
    }
  },
  /** Each sender's transport checked for real (SMTP: connect, EHLO, STARTTLS, AUTH; SendGrid: the key), nothing sent. */
  async verifySenders(
    config: Config,
  ): Promise<{ name: string; transport: string; ok: boolean; outcome?: string; detail: string }[]> {
    return Promise.all(
      createSenderPool(config).map(async (s) => {
        const result = s.transport.verify
          ? await s.transport.verify()
          : { ok: true as const, detail: 'no check available for this transport' };
        return { name: s.name, transport: s.transport.name, ...result };
      }),
    );
  },
};

export interface Running {
  app: Container;
  leadbot: Built;
  http: HttpServer;
  port: number;
  /** The Slack edge (absent only if it failed to start in workspace mode). */
  bot?: SlackBot;
  /** Where the local workspace page is, when no Slack tokens are set. */
  pageUrl?: string;
  /** The local workspace itself (no Slack tokens): tests and the page act through it. */
  workspace?: Workspace;
  flow: Flow;
  stop(): Promise<void>;
}

/** Without Slack, the local workspace's #leads is where digests, alerts and scheduled runs go unless told otherwise. */
export function withWorkspaceChannels(config: Config): Config {
  if (config.slack.mode !== 'workspace') return config;
  const digestChannel = config.slack.digestChannel ?? 'leads';
  return {
    ...config,
    slack: {
      ...config.slack,
      digestChannel,
      alertChannel: config.slack.alertChannel ?? digestChannel,
      leadsChannel: config.slack.leadsChannel ?? 'leads',
    },
  };
}

/** Starts leadbot's long-running process: database, HTTP surface, Slack (or the local workspace), schedules. */
export async function start(configured: Config, options: BuildOptions = {}): Promise<Running> {
  const config = withWorkspaceChannels(configured);
  const logger = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });
  const leadbot = await buildLeadbot(config, logger, options);
  const { container: app, flow } = leadbot;
  const http = createHttpServer({
    logger,
    health: () => ({ mode: config.mode, slack: config.slack.mode, llm: app.llmService.available() }),
    observe: (route, method, status, seconds) => app.metrics.observeHttp(route, method, status, seconds),
  });
  app.metrics.collectProcessMetrics();
  http.mount('metrics', createMetricsRoute({ metrics: app.metrics, token: config.http.metricsToken }));
  http.mount(
    'unsubscribe',
    createUnsubscribeRoute({
      outreach: app.outreach.outreach,
      suppressions: app.outreach.suppressions,
      contacts: app.repos.contacts,
      secret: app.outreach.deps.identity.unsubscribeSecret,
      tx: app.tx,
      now: app.now,
    }),
  );
  const closers: (() => Promise<void> | void)[] = [() => app.close()];
  const stopAll = async () => {
    for (const close of closers.reverse()) await close();
  };
  try {
    const port = await http.listen(config.http.port);
    closers.push(() => http.close());
    void app.llmService.start();
    closers.push(() => flow.idle());
    const deps: BotDeps = {
      useCases: leadbot.useCases,
      conversation: leadbot.createConversation(),
      config,
      logger,
      now: app.now,
      surface: config.slack.mode === 'workspace' ? 'workspace' : 'slack',
      onClient: (client) => leadbot.membership.attach(client),
      cluster: { jobs: app.jobs, exclusively: (name, fn) => exclusively(app.instance, name, fn) },
    };
    let bot: SlackBot | undefined;
    let pageUrl: string | undefined;
    let workspace: Workspace | undefined;
    if (config.slack.mode === 'workspace') {
      const mode = await startWorkspaceMode({
        config,
        logger,
        port,
        mount: (name, handler) => http.mount(name, handler),
        describeLlm: () =>
          app.llmService.available()
            ? app.llmService.describe()
            : `${app.llmService.describe()} (not reachable: deterministic paths only)`,
        botFactory: async (creds) => {
          bot = await startSlack(deps, { mode: 'http', ...creds });
          return { handler: bot.handler, stop: () => bot?.stop() };
        },
      });
      closers.push(() => mode.stop());
      pageUrl = mode.pageUrl;
      workspace = mode.workspace;
    } else {
      const slack = config.slack;
      bot = await startSlack(
        deps,
        slack.mode === 'socket'
          ? { mode: 'socket', botToken: slack.botToken!, appToken: slack.appToken!, slackApiUrl: slack.apiUrl }
          : { mode: 'http', botToken: slack.botToken!, signingSecret: slack.signingSecret!, slackApiUrl: slack.apiUrl },
      );
      if (bot.handler) http.mount('slack', bot.handler);
      closers.push(() => bot?.stop());
    }
    const resuming = resumeInterrupted(app);
    closers.push(() => resuming.then(() => undefined));
    // Runs another instance was working on when it died are continued by one of the living (each under its lease).
    let sweeping: Promise<unknown> = resuming;
    const sweep = setInterval(() => {
      sweeping = sweeping.then(() => resumeOrphanedRuns(app));
    }, ORPHAN_SWEEP_MS);
    sweep.unref();
    closers.push(async () => {
      clearInterval(sweep);
      await sweeping;
    });
    logger.info(
      { port, mode: config.mode, slack: config.slack.mode, database: config.storage.databasePath },
      'leadbot is up',
    );
    let stopping: Promise<void> | undefined;
    return {
      app,
      leadbot,
      http,
      port,
      bot,
      pageUrl,
      workspace,
      flow,
      stop() {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(readEnvironment());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`leadbot: invalid configuration\n${err.problems.map((p) => `  ${p}\n`).join('')}`);
      process.exit(2);
    }
    throw err;
  }
  const running = await start(config);
  process.stdout.write(`${banner(config, running.port, running.pageUrl)}\n`);
  const shutdown = (signal: string) => {
    running.app.logger.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (err) => {
        running.app.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

const entry = process.argv[1] ? pathToFileURL(realpathSync(process.argv[1])).href : '';
if (import.meta.url === entry) {
  main().catch((err) => {
    process.stderr.write(`leadbot: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
