import type { BlockAction, App as BoltApp, ButtonAction } from '@slack/bolt';
import type { TurnContext } from '../../agent/ports.js';
import { STAGES, type Stage } from '../../agent/services.js';
import { formatDigest } from '../../app/digest/format.js';
import { isAppError } from '../../errors.js';
import { buildHomeView, HOME_ACTIONS } from '../blocks/app-home.js';
import { esc, escLine } from '../blocks/common.js';
import { textSections } from '../blocks/reply.js';
import { actorOf } from '../deps.js';
import type { TurnDeps } from '../turn.js';

/** Publishes App Home for one user, read fresh from the database. */
async function publishHome(userId: string, deps: TurnDeps): Promise<void> {
  const summary = await deps.useCases.home(actorOf({ id: userId }, deps));
  await deps.io.client.views.publish({ user_id: userId, view: buildHomeView({ userId, ...summary }) });
}

/** The DM channel with a user (quick-action results go there). */
async function dmWith(userId: string, deps: TurnDeps): Promise<string | undefined> {
  const res = await deps.io.client.conversations.open({ users: userId });
  return res.channel?.id;
}

/** App Home: the dashboard on app_home_opened, and its quick-action buttons (the policy decides who may). */
export function registerHome(bolt: BoltApp, deps: TurnDeps): void {
  const { useCases } = deps;

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
      surface: deps.surface,
      actor: actorOf(body.user, deps),
      slackChannel: channel,
    };
    let text: string;
    try {
      text = await work(ctx);
    } catch (err) {
      if (!isAppError(err)) deps.logger.error({ err }, 'quick action failed');
      text = isAppError(err, 'forbidden')
        ? err.message
        : `:warning: That didn't work${isAppError(err) ? `: ${escLine(err.message)}` : ''}.`;
    }
    await deps.io.post({ channel, text, blocks: textSections(text) });
    await publishHome(body.user.id, deps);
  };

  bolt.action<BlockAction<ButtonAction>>(new RegExp(`^${HOME_ACTIONS.stage}_`), async ({ ack, body, action }) => {
    await ack();
    const stage = action.value as Stage;
    if (!(STAGES as readonly string[]).includes(stage)) return;
    await quick(body, async (ctx) => {
      const out = await useCases.runStage({ stage, slackChannel: ctx.slackChannel }, ctx.actor);
      return `${esc(out.summary)}\nrun \`${out.runId}\``;
    });
  });

  bolt.action<BlockAction<ButtonAction>>(
    new RegExp(`^${HOME_ACTIONS.resumeSender}_`),
    async ({ ack, body, action }) => {
      await ack();
      await quick(body, async (ctx) =>
        escLine((await useCases.resumeSender({ name: action.value ?? '' }, ctx.actor)).message),
      );
    },
  );

  bolt.action<BlockAction<ButtonAction>>(HOME_ACTIONS.digest, async ({ ack, body }) => {
    await ack();
    await quick(body, async (ctx) => formatDigest(await useCases.digest({}, ctx.actor)));
  });
}
