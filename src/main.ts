import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createConversation } from './agent/conversation.js';
import { createRouter } from './agent/router/route.js';
import { createAppAgent, createAppServices } from './app/conversation-services.js';
import { createFlow, type Flow } from './app/flow.js';
import { resumeInterrupted } from './app/runs/resume.js';
import type { BotDeps } from './bot/deps.js';
import { type SlackBot, startSlack } from './bot/start-slack.js';
import { type Config, ConfigError, loadConfig, readEnvironment } from './config.js';
import { buildContainer, type Container } from './container/index.js';
import { createHttpServer, type HttpServer } from './http/server.js';
import { createUnsubscribeRoute } from './http/unsubscribe-route.js';
import { createLogger } from './logger.js';
import type { Workspace } from './workspace/index.js';
import { startWorkspaceMode } from './workspace/start.js';

export interface Running {
  app: Container;
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
export async function start(configured: Config): Promise<Running> {
  const config = withWorkspaceChannels(configured);
  const logger = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });
  const app = buildContainer(config, logger);
  const http = createHttpServer({
    logger,
    health: () => ({ mode: config.mode, slack: config.slack.mode, llm: app.llmService.available() }),
  });
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
    const services = createAppServices(app);
    const conversation = createConversation({
      router: createRouter({ directives: app.directives, llm: app.llm, logger }),
      services,
      memory: app.repos.conversationMemory,
      agent: createAppAgent(app, services),
      llm: app.llm,
      now: app.now,
      logger,
    });
    const flow = createFlow(app, { trigger: config.slack.mode === 'workspace' ? 'workspace' : 'slack' });
    closers.push(() => flow.idle());
    const deps: BotDeps = {
      app,
      conversation,
      services,
      flow,
      surface: config.slack.mode === 'workspace' ? 'workspace' : 'slack',
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
    logger.info(
      { port, mode: config.mode, slack: config.slack.mode, database: config.storage.databasePath },
      'leadbot is up',
    );
    let stopping: Promise<void> | undefined;
    return {
      app,
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

function banner(config: Config, port: number, pageUrl?: string): string {
  const lines = [
    `leadbot is running in ${config.mode} mode.`,
    `  database: ${config.storage.databasePath}`,
    `  mail:     ${config.mail.transport === 'outbox' ? `outbox (writes .eml files to ${config.mail.outboxDir}/, never sends)` : config.mail.transport}`,
    `  llm:      ${config.llm.provider === 'none' ? 'none' : `${config.llm.provider} (${config.llm.provider === 'ollama' ? config.llm.ollamaModel : config.llm.openaiModel})`}`,
  ];
  if (config.slack.mode === 'workspace') {
    lines.push(
      `  slack:    not connected; the local workspace stands in for it: open ${pageUrl ?? `http://localhost:${port}/`} in a browser`,
      `            To connect Slack, create an app from slack/manifest.json and set`,
      '            SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP) in .env.',
    );
  } else
    lines.push(
      `  slack:    ${config.slack.mode === 'socket' ? 'Socket Mode' : `HTTP, POST /slack/events on port ${port}`}`,
    );
  lines.push(`  health:   http://localhost:${port}/healthz`, 'Press Ctrl-C to stop.');
  return lines.join('\n');
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
