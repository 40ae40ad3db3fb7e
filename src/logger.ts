import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';
import { SECRET_VARIABLES } from './config.js';

export type { Logger } from 'pino';

/** Keys whose values are secrets wherever they appear (up to three levels deep, e.g. `config.slack.botToken`). */
const SECRET_KEYS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'apiKey',
  'openaiApiKey',
  'sendgridApiKey',
  'smtpUrl',
  'imapUrl',
  'password',
  'authorization',
  'privateKey',
  'clientSecret',
  'unsubscribeSecret',
];

/** Paths redacted from every log line, whatever object they appear in. */
const REDACTED_PATHS = [
  ...SECRET_VARIABLES,
  ...SECRET_VARIABLES.map((name) => `*.${name}`),
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
  'headers.authorization',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers["x-slack-signature"]',
];

const runContext = new AsyncLocalStorage<{ runId: string }>();

/**
 * Tags every log line written from here on in this async context (a listener, a stage, a job) with the run id,
 * so `runId` is on each line a run causes. The run recorder calls it when a run starts or resumes.
 */
export function bindRunToLogs(runId: string): void {
  runContext.enterWith({ runId });
}

/** Creates the process logger. Secrets are replaced with "[redacted]"; `pretty` formats for a terminal. */
export function createLogger(options: {
  level: string;
  destination?: pino.DestinationStream;
  pretty?: boolean;
}): Logger {
  const destination =
    options.destination ??
    (options.pretty
      ? pino.transport({
          target: 'pino-pretty',
          options: { colorize: true, ignore: 'pid,hostname,app', translateTime: 'SYS:HH:MM:ss' },
        })
      : undefined);
  return pino(
    {
      level: options.level,
      base: { app: 'leadbot' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const runId = runContext.getStore()?.runId;
        return runId ? { runId } : {};
      },
    },
    destination,
  );
}

/** A logger that drops everything; for tests and quiet CLI commands. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
