import type { BlockAction, App as BoltApp, ButtonAction } from '@slack/bolt';
import type { TurnContext } from '../../agent/ports.js';
import { STAGES, type Stage } from '../../agent/services.js';
import { isAppError } from '../../errors.js';
import { buildHomeView, HOME_ACTIONS, type HomeData } from '../blocks/app-home.js';
import { esc, escLine } from '../blocks/common.js';
import { textSections } from '../blocks/reply.js';
import { isApprover } from '../deps.js';
import { requestLabel } from '../requests.js';
import type { TurnDeps } from '../turn.js';

/** What App Home shows this user, read fresh from the database. */
export function homeData(userId: string, deps: TurnDeps): HomeData {
  const { app, services } = deps;
  const pending = app.repos.approvals.listPending({ limit: 50 }).map((r) => ({
    kind: r.kind,
    label: requestLabel(r, deps),
    channel: r.slackChannel,
    ts: r.slackTs,
  }));
  return {
    userId,
    isApprover: isApprover(userId, deps),
    mode: app.config.mode,
    llm: app.llmService.available() ? app.llmService.describe() : 'no LLM reachable: commands only',
    status: services.pipelineStatus(),
    pending,
    runs: app.repos.runs.list({ limit: 6 }),
    winRates: services.winRates(),
  };
}

/** Publishes App Home for one user. */
export async function publishHome(userId: string, deps: TurnDeps): Promise<void> {
  await deps.io.client.views.publish({ user_id: userId, view: buildHomeView(homeData(userId, deps)) });
}

/** The DM channel with a user (quick-action results go there). */
async function dmWith(userId: string, deps: TurnDeps): Promise<string | undefined> {
  const res = await deps.io.client.conversations.open({ users: userId });
  return res.channel?.id;
}

/** App Home: the dashboard on app_home_opened, and its quick-action buttons. */
export function registerHome(bolt: BoltApp, deps: TurnDeps): void {
  const { app } = deps;

  bolt.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await publishHome(event.user, deps);
  });

  const quick = async (body: BlockAction, work: (ctx: TurnContext) => Promise<string>) => {
    const channel = await dmWith(body.user.id, deps);
    if (!channel) return;
    const ctx: TurnContext = {
      conversationKey: `slack:${channel}`,
      userId: body.user.id,
      surface: deps.surface === 'workspace' ? 'workspace' : 'slack',
      slackChannel: channel,
    };
    let text: string;
    try {
      text = await work(ctx);
    } catch (err) {
      app.logger.error({ err }, 'quick action failed');
      text = `:warning: That didn't work${isAppError(err) ? `: ${escLine(err.message)}` : ''}.`;
    }
    await deps.io.post({ channel, text, blocks: textSections(text) });
    await publishHome(body.user.id, deps);
  };

  bolt.action<BlockAction<ButtonAction>>(new RegExp(`^${HOME_ACTIONS.stage}_`), async ({ ack, body, action }) => {
    await ack();
    const stage = action.value as Stage;
    if (!(STAGES as readonly string[]).includes(stage)) return;
    if (stage === 'outreach' && !isApprover(body.user.id, deps)) {
      await quick(body, async () => 'Only approvers can start sending. Nothing was sent.');
      return;
    }
    await quick(body, async (ctx) => {
      const out = await deps.services.runStage(stage, ctx);
      return `${esc(out.summary)}\nrun \`${out.runId}\``;
    });
  });

  bolt.action<BlockAction<ButtonAction>>(HOME_ACTIONS.digest, async ({ ack, body }) => {
    await ack();
    await quick(body, (ctx) => deps.services.digest(ctx));
  });
}
