import { realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { type App, buildApp } from './compose.js';
import { type Config, ConfigError, loadConfig, readEnvironment } from './config.js';
import { createLogger } from './logger.js';

export interface Running {
  app: App;
  server: Server;
  port: number;
  stop(): Promise<void>;
}

/** Starts leadbot's long-running process: database, HTTP surface, schedules. */
export async function start(config: Config): Promise<Running> {
  const logger = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });
  const app = buildApp(config, logger);
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, mode: config.mode }));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  logger.info({ port, mode: config.mode, database: config.storage.databasePath }, 'leadbot is up');
  let stopping: Promise<void> | undefined;
  return {
    app,
    server,
    port,
    stop() {
      stopping ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await app.close();
      })();
      return stopping;
    },
  };
}

function banner(config: Config, port: number): string {
  const lines = [
    `leadbot is running in ${config.mode} mode.`,
    `  database: ${config.storage.databasePath}`,
    `  mail:     ${config.mail.transport === 'outbox' ? `outbox (writes .eml files to ${config.mail.outboxDir}/, never sends)` : config.mail.transport}`,
    `  llm:      ${config.llm.provider === 'none' ? 'none' : `${config.llm.provider} (${config.llm.provider === 'ollama' ? config.llm.ollamaModel : config.llm.openaiModel})`}`,
  ];
  if (config.slack.mode === 'workspace') {
    lines.push(
      `  slack:    not connected. To connect Slack, create an app from slack/manifest.json and set`,
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
  process.stdout.write(`${banner(config, running.port)}\n`);
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
