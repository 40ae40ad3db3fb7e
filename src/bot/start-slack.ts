import { App as BoltApp, type Logger as BoltLogger, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { AppError } from '../errors.js';
import type { RouteHandler } from '../http/server.js';
import type { Logger } from '../logger.js';
import { createCards } from './cards.js';
import type { BotDeps } from './deps.js';
import { createEventsEndpoint, EVENTS_PATH } from './events-endpoint.js';
import { registerAgentThreads } from './listeners/agent-threads.js';
import { registerBudgetActions } from './listeners/budget-actions.js';
import { registerDraftActions } from './listeners/draft-actions.js';
import { registerFeedback } from './listeners/feedback.js';
import { registerHome } from './listeners/home.js';
import { registerLeadActions } from './listeners/lead-actions.js';
import { registerMessages } from './listeners/messages.js';
import { registerOtherActions } from './listeners/other-actions.js';
import { registerSendingActions } from './listeners/sending-actions.js';
import { registerSimulateReply } from './listeners/simulate-reply.js';
import { subscribeNotifications } from './notifications.js';
import { trackProgress } from './progress.js';
import { type Schedules, startSchedules } from './schedules.js';
import { createSlackIo } from './slack-io.js';
import type { TurnDeps } from './turn.js';

/** Where Slack events arrive: Bolt's HTTP receiver at POST /slack/events, or Socket Mode. */
export type SlackConnection =
  | { mode: 'http'; botToken: string; signingSecret: string; slackApiUrl?: string }
  | { mode: 'socket'; botToken: string; appToken: string; slackApiUrl?: string };

export interface SlackBot {
  bolt: BoltApp;
  /** Serves POST /slack/events in HTTP mode (mount it on the shared server); undefined in Socket Mode. */
  handler?: RouteHandler;
  schedules: Schedules;
  /** Waits until status messages in flight are posted (tests, shutdown). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** Bolt's logger interface over leadbot's pino logger. */
function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  let level = LogLevel.WARN;
  return {
    debug: (...m) => child.debug(m.map(String).join(' ')),
    info: (...m) => child.info(m.map(String).join(' ')),
    warn: (...m) => child.warn(m.map(String).join(' ')),
    error: (...m) => child.error(m.map(String).join(' ')),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/**
 * Starts leadbot's Slack edge: Bolt v5 in HTTP mode (events, interactivity and slash commands on one endpoint,
 * signatures verified) or Socket Mode, every listener, live progress, notifications and schedules.
 * @throws AppError('slack_failed') when Slack rejects the token (auth.test) or the socket cannot connect.
 */
export async function startSlack(deps: BotDeps, connection: SlackConnection): Promise<SlackBot> {
  const { logger } = deps;
  const clientOptions = connection.slackApiUrl ? { slackApiUrl: connection.slackApiUrl } : undefined;
  const receiver =
    connection.mode === 'http'
      ? new HTTPReceiver({
          signingSecret: connection.signingSecret,
          endpoints: EVENTS_PATH,
          processBeforeResponse: false,
          logger: boltLogger(logger),
        })
      : undefined;
  // Socket Mode opens its connection with apps.connections.open: it must use SLACK_API_URL too.
  const socket =
    connection.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: connection.appToken,
          logger: boltLogger(logger),
          installerOptions: { clientOptions },
        })
      : undefined;
  const bolt = new BoltApp({
    token: connection.botToken,
    receiver: receiver ?? socket,
    clientOptions,
    logger: boltLogger(logger),
    deferInitialization: true,
  });
  try {
    await bolt.init();
  } catch (cause) {
    throw new AppError('slack_failed', `Slack did not accept the bot token: ${(cause as Error).message}`, { cause });
  }
  bolt.error(async (err) => {
    logger.error({ err }, 'a Slack listener failed');
  });

  deps.onClient?.(bolt.client);
  const io = createSlackIo(bolt.client, logger);
  const turnDeps: TurnDeps = { ...deps, io, cards: undefined as never };
  turnDeps.cards = createCards(turnDeps, io);
  registerMessages(bolt, turnDeps);
  registerLeadActions(bolt, turnDeps);
  registerDraftActions(bolt, turnDeps);
  registerOtherActions(bolt, turnDeps);
  registerSendingActions(bolt, turnDeps);
  registerBudgetActions(bolt, turnDeps);
  registerHome(bolt, turnDeps);
  registerSimulateReply(bolt, turnDeps);
  registerAgentThreads(bolt, turnDeps);
  registerFeedback(bolt, turnDeps);
  const progress = trackProgress(turnDeps, io);
  const unsubscribe = subscribeNotifications(turnDeps);
  const schedules = startSchedules(turnDeps);

  if (connection.mode === 'socket') {
    try {
      await bolt.start();
    } catch (cause) {
      throw new AppError('slack_failed', `Socket Mode could not connect: ${(cause as Error).message}`, { cause });
    }
  }

  const handler: RouteHandler | undefined =
    receiver && connection.mode === 'http'
      ? createEventsEndpoint({ bolt, receiver, signingSecret: connection.signingSecret, logger })
      : undefined;

  return {
    bolt,
    handler,
    schedules,
    flush: () => progress.flush(),
    async stop() {
      await schedules.stop();
      unsubscribe();
      progress.stop();
      if (connection.mode === 'socket') await bolt.stop();
    },
  };
}
