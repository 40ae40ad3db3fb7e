import { existsSync, readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import type { WorkspaceLogger } from './delivery/deliverer.js';
import type { RouteHandler } from './http.js';
import { createWorkspace, type SandboxInfo, type Workspace } from './index.js';

/** What the bot factory receives: it must run Bolt's normal HTTP mode with exactly these. */
export interface BotCredentials {
  botToken: string;
  signingSecret: string;
  /** Bolt `clientOptions.slackApiUrl` (ends in '/'). */
  slackApiUrl: string;
}

/**
 * A bot built for the workspace. `handler` serves `POST /slack/events`; leave it out when the factory attached
 * the bot to the server itself (the bot's `startSlack(app, conversation, { http, connection })` does).
 */
export interface MountedBot {
  handler?: RouteHandler;
  stop?(): Promise<void> | void;
}

export type BotFactory = (credentials: BotCredentials) => Promise<MountedBot> | MountedBot;

export interface WorkspaceModeOptions {
  config: Config;
  logger: WorkspaceLogger;
  /** The port the shared HTTP server listens on (known after listen). */
  port: number;
  /** How this process reaches the server (default http://127.0.0.1:PORT). */
  localUrl?: string;
  /** Adds a route to the shared server (the bot's `HttpServer.mount`). Called before the bot is built. */
  mount: (name: string, handler: RouteHandler) => unknown;
  botFactory: BotFactory;
  /** How the banner names the LLM, e.g. `() => app.llm.describe()`; defaults to the configured provider. */
  describeLlm?: () => string;
  /** The Slack app manifest to read event subscriptions and slash commands from. */
  manifestPath?: string;
}

export interface WorkspaceMode {
  workspace: Workspace;
  /** Where a person opens the workspace: http://localhost:PORT/ */
  pageUrl: string;
  stop(): Promise<void>;
}

/** What the app manifest says the bot subscribes to and which commands it has (absent file: defaults). */
export function readManifest(path: string): { subscriptions?: string[]; commands?: string[] } {
  if (!existsSync(path)) return {};
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as {
      settings?: { event_subscriptions?: { bot_events?: string[] } };
      features?: { slash_commands?: { command?: string }[] };
    };
    const commands = m.features?.slash_commands?.map((c) => c.command).filter((c): c is string => Boolean(c));
    return {
      subscriptions: m.settings?.event_subscriptions?.bot_events,
      commands: commands?.length ? commands : undefined,
    };
  } catch {
    return {};
  }
}

/** The sandbox banner's lines, from the configuration. */
export function sandboxInfo(config: Config, describeLlm?: () => string): SandboxInfo {
  const sources = config.pipeline.scoutSources;
  const directory = sources.includes('sandbox')
    ? `bundled sample directory (fictional companies on .example domains)${sources.length > 1 ? ` + ${sources.filter((s) => s !== 'sandbox').join(', ')}` : ''}`
    : sources.join(', ');
  const mail =
    config.mail.transport === 'outbox'
      ? `outbox: writes .eml files to ${config.mail.outboxDir}/ and never sends`
      : `${config.mail.transport}: REAL email is sent after you approve a draft`;
  const llm = describeLlm
    ? describeLlm()
    : config.llm.provider === 'none'
      ? 'none: deterministic paths only'
      : config.llm.provider === 'ollama'
        ? `Ollama ${config.llm.ollamaModel} at ${config.llm.ollamaHost}`
        : `${config.llm.openaiModel} (OpenAI-compatible)`;
  return { mode: config.mode, directory, mail, llm, database: config.storage.databasePath };
}

/**
 * Starts the local workspace on the shared server and then builds the bot against it: HTTP mode, SLACK_API_URL =
 * the workspace's Web API, events signed and posted to the bot's own /slack/events on the same server. The
 * workspace is mounted first because the bot checks its token (auth.test) while it is built.
 */
export async function startWorkspaceMode(options: WorkspaceModeOptions): Promise<WorkspaceMode> {
  const { config } = options;
  const baseUrl = options.localUrl ?? `http://127.0.0.1:${options.port}`;
  const manifest = readManifest(options.manifestPath ?? 'slack/manifest.json');
  const channels = [config.slack.leadsChannel, config.slack.digestChannel, config.slack.alertChannel].filter(
    (c): c is string => Boolean(c),
  );
  const workspace = createWorkspace({
    baseUrl,
    logger: options.logger,
    channels,
    subscriptions: manifest.subscriptions,
    commands: manifest.commands,
    sandbox: () => sandboxInfo(config, options.describeLlm),
    allowRemote: config.slack.workspaceAllowRemote,
  });
  options.mount('workspace', workspace.handler);
  let bot: MountedBot;
  try {
    bot = await options.botFactory({
      botToken: workspace.botToken,
      signingSecret: workspace.signingSecret,
      slackApiUrl: workspace.apiUrl,
    });
  } catch (err) {
    workspace.close();
    throw err;
  }
  if (bot.handler) options.mount('workspace-bot', bot.handler);
  return {
    workspace,
    pageUrl: `http://localhost:${options.port}/`,
    async stop() {
      await bot.stop?.();
      workspace.close();
    },
  };
}
