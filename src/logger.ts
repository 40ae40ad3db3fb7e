import pino, { type Logger } from 'pino';
import { SECRET_VARIABLES } from './config.js';

export type { Logger } from 'pino';

/** Paths redacted from every log line, whatever object they appear in. */
export const REDACTED_PATHS = [
  ...SECRET_VARIABLES,
  ...SECRET_VARIABLES.map((name) => `*.${name}`),
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'apiKey',
  'password',
  'authorization',
  'privateKey',
  'clientSecret',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.apiKey',
  '*.openaiApiKey',
  '*.sendgridApiKey',
  '*.smtpUrl',
  '*.imapUrl',
  '*.password',
  '*.authorization',
  '*.privateKey',
  '*.clientSecret',
  '*.unsubscribeSecret',
  'headers.authorization',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers["x-slack-signature"]',
];

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
    },
    destination,
  );
}

/** A logger that drops everything; for tests and quiet CLI commands. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
