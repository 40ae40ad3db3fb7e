import type { TurnContext } from '../agent/ports.js';
import { STAGES, type Stage } from '../agent/services.js';
import { isAppError } from '../errors.js';
import type { TurnDeps } from './turn.js';

/**
 * Retry for a failed run: starts the same work again as a new run in the same thread. Stages pick up what is
 * left (they are idempotent per company, contact and draft), so nothing already done is repeated.
 */
export async function retryRun(runId: string, userId: string, deps: TurnDeps): Promise<string> {
  const run = deps.app.repos.runs.get(runId);
  if (!run) return `Run \`${runId}\` no longer exists.`;
  if (run.status !== 'failed') return `Run \`${runId}\` is ${run.status}; there is nothing to retry.`;
  const ctx: TurnContext = {
    conversationKey: `slack:${run.slackChannel}:${run.slackThreadTs}`,
    userId,
    surface: deps.surface === 'workspace' ? 'workspace' : 'slack',
    slackChannel: run.slackChannel ?? undefined,
    slackThreadTs: run.slackThreadTs ?? undefined,
  };
  try {
    if (run.kind === 'search') {
      const input = run.input as { industry?: string; location?: string; count?: number };
      if (!input.industry || !input.location) return `Run \`${runId}\` has no search to repeat.`;
      const out = await deps.services.searchCompanies(
        { industry: input.industry, location: input.location, count: input.count ?? 10 },
        ctx,
      );
      if (run.slackChannel && out.leads.length > 0)
        await deps.cards.postLeads(out.leads, { channel: run.slackChannel, threadTs: run.slackThreadTs ?? undefined });
      return `:repeat: Retried as run \`${out.runId}\`: ${out.summary}`;
    }
    const stage = (STAGES as readonly string[]).includes(run.kind) ? (run.kind as Stage) : undefined;
    if (!stage) return `Runs of kind ${run.kind} are not retried from Slack; ask me again instead.`;
    const out = await deps.services.runStage(stage, ctx);
    return `:repeat: Retried as run \`${out.runId}\`: ${out.summary}`;
  } catch (err) {
    deps.app.logger.error({ err, runId }, 'retry failed');
    return `:warning: The retry failed too${isAppError(err) ? `: ${err.message}` : ''}. The details are in leadbot's log.`;
  }
}
