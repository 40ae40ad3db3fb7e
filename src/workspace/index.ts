import type { ApiContext } from './api/context.js';
import { createApiRouter, type RecordedCall } from './api/router.js';
import { createDeliverer, type Deliver, type WorkspaceLogger } from './delivery/deliverer.js';
import { createEventDispatcher, DEFAULT_SUBSCRIPTIONS, type EventDispatcher } from './delivery/events.js';
import type { PayloadContext } from './delivery/payloads.js';
import { createResponseUrls } from './delivery/response-urls.js';
import { createTriggerRegistry, type TriggerRegistry } from './delivery/triggers.js';
import { chainRoutes, localOnly, type RouteHandler } from './http.js';
import { hex } from './ids.js';
import { createWorkspaceStore, type WorkspaceIdentity, type WorkspaceStore } from './store/store.js';
import { createUserActions, type UserActions } from './ui/actions.js';
import { createUiRoutes } from './ui/routes.js';
import type { SandboxInfo } from './ui/snapshot.js';

export type { Deliver, Delivery, DeliveryResult } from './delivery/deliverer.js';
export type { RouteHandler } from './http.js';
export type { SandboxInfo } from './ui/snapshot.js';

/** Where the fake Web API is mounted on the shared server. */
const API_PATH = '/workspace/api/';

export interface WorkspaceOptions {
  /** This server's base URL as the bot reaches it, e.g. http://127.0.0.1:3000 (no trailing slash). */
  baseUrl: string;
  /** The bot's Request URL; default `${baseUrl}/slack/events`. */
  eventsUrl?: string;
  /** What the sandbox banner says is simulated (a function is read on every page load). */
  sandbox?: SandboxInfo | (() => SandboxInfo);
  /** Bot events the app subscribes to (manifest bot_events); default app_mention, message.im, message.channels, app_home_opened. */
  subscriptions?: string[];
  /** Slash commands the app defines; default ['/leadbot']. */
  commands?: string[];
  /** Extra channels to create besides #leads (DIGEST_CHANNEL, ALERT_CHANNEL, LEADS_CHANNEL names). */
  channels?: string[];
  logger?: WorkspaceLogger;
  now?: () => Date;
  /** How long the bot has to ack (Slack: 3000 ms). */
  ackTimeoutMs?: number;
  /** Delays before event retries (default 1 s, 5 s, 15 s; Slack uses up to 5 minutes). */
  retryDelaysMs?: number[];
  /** Slack-like 429s with Retry-After on bursts (default true). */
  rateLimits?: boolean;
  /** trigger_id lifetime (Slack: 3000 ms). */
  triggerTtlMs?: number;
  /** Answer requests from other machines too (default false: only localhost, which acts as the local user). */
  allowRemote?: boolean;
}

/** A running local Slack-compatible workspace. */
export interface Workspace {
  /** Serves the page (`/`), its files and live updates, the Web API under `/workspace/api/`, and response_urls. */
  handler: RouteHandler;
  /** Bot token the Web API accepts (`xoxb-workspace-…`, new each start). */
  botToken: string;
  /** Signing secret every delivery is signed with (new each start). */
  signingSecret: string;
  /** SLACK_API_URL for the bot: `${baseUrl}/workspace/api/`. */
  apiUrl: string;
  /** Where a person opens the workspace. */
  pageUrl: string;
  /** Sends one signed request to the bot as Slack would and returns its ack. */
  deliver: Deliver;
  /** Act as the local user (type, click, submit, open App Home) without a browser. */
  user: UserActions;
  store: WorkspaceStore;
  events: EventDispatcher;
  /** trigger_ids issued to interactions (views.open checks them). */
  triggers: TriggerRegistry;
  /** Every Web API call the bot made (newest last, capped). */
  calls: RecordedCall[];
  close(): void;
}

/** Paths the workspace answers: the page, permalinks, and everything under /workspace/. */
const ownsPath = (path: string) => path === '/' || path.startsWith('/archives/') || path.startsWith('/workspace/');

const silent: WorkspaceLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** The ids of the simulated team, app, bot and local user. */
function defaultIdentity(channels: string[] = []): WorkspaceIdentity {
  return {
    teamId: 'T0SANDBOX01',
    teamDomain: 'leadbot-sandbox',
    appId: 'A0LEADBOT01',
    botId: 'B0LEADBOT01',
    botUser: {
      id: 'U0LEADBOT01',
      name: 'leadbot',
      realName: 'leadbot',
      isBot: true,
      botId: 'B0LEADBOT01',
      appId: 'A0LEADBOT01',
    },
    localUser: { id: 'U0LOCAL0001', name: 'you', realName: 'You (local user)', isBot: false },
    channels,
  };
}

/**
 * Creates the local Slack-compatible workspace: an in-memory store, a fake Web API, signed delivery to the bot's
 * Request URL, response_url endpoints and the web page. Nothing listens until `handler` is mounted on a server.
 */
export function createWorkspace(options: WorkspaceOptions): Workspace {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? silent;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const botToken = `xoxb-workspace-${hex(16)}`;
  const signingSecret = hex(16);
  const store = createWorkspaceStore(defaultIdentity(options.channels), now);
  const deliver = createDeliverer({
    signingSecret,
    eventsUrl: options.eventsUrl ?? `${baseUrl}/slack/events`,
    logger,
    now,
    ackTimeoutMs: options.ackTimeoutMs,
    retryDelaysMs: options.retryDelaysMs,
  });
  const payloads: PayloadContext = { identity: store.identity, verificationToken: hex(12), now };
  const events = createEventDispatcher(store, deliver, payloads, options.subscriptions ?? DEFAULT_SUBSCRIPTIONS);
  const triggers = createTriggerRegistry(now, options.triggerTtlMs);
  const responseUrls = createResponseUrls(store, events, baseUrl, now);
  const ctx: ApiContext = { store, events, triggers, baseUrl, now };
  const api = createApiRouter({ ctx, botToken, logger, prefix: API_PATH, rateLimits: options.rateLimits });
  const user = createUserActions({ store, deliver, events, triggers, responseUrls, payloads });
  const ui = createUiRoutes({
    store,
    actions: user,
    commands: options.commands ?? ['/leadbot'],
    sandbox: options.sandbox ?? {
      mode: 'sandbox',
      directory: 'bundled sample directory',
      mail: 'outbox (never sends)',
      llm: 'none',
    },
  });
  return {
    handler: localOnly(chainRoutes(api.handler, responseUrls.handler, ui), ownsPath, options.allowRemote === true),
    botToken,
    signingSecret,
    apiUrl: `${baseUrl}${API_PATH}`,
    pageUrl: `${baseUrl}/`,
    deliver,
    user,
    store,
    events,
    triggers,
    calls: api.calls,
    close: () => ui.close(),
  };
}
