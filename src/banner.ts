import { OPEN_APPROVALS_WARNING } from './app/policy.js';
import type { Config } from './config.js';

/** What `npm start` prints once it is up: mode, database, mail, model, where Slack is, and open approvals. */
export function banner(config: Config, port: number, pageUrl?: string): string {
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
  if (config.slack.approverUserIds.length === 0) lines.push(`  approvals: ${OPEN_APPROVALS_WARNING}`);
  lines.push(`  health:   http://localhost:${port}/healthz`, 'Press Ctrl-C to stop.');
  return lines.join('\n');
}
