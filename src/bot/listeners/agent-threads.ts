import type { App as BoltApp } from '@slack/bolt';
import { unescapeMrkdwn } from '../../mrkdwn/escape.js';
import { actorOf } from '../deps.js';
import type { TurnDeps } from '../turn.js';

/**
 * Sets the suggested prompts of the agent surface, from what this person can do now. With the agent view (what an
 * app created today gets) they sit at the top of the app's Messages tab, for the channel: no thread_ts (Slack
 * ignores a call that has one). With the older assistant view they belong to the new thread.
 */
async function suggestPrompts(deps: TurnDeps, where: { channel: string; userId: string; threadTs?: string }) {
  try {
    const { title, prompts } = await deps.useCases.agentPrompts({}, actorOf({ id: where.userId }, deps));
    await deps.io.client.assistant.threads.setSuggestedPrompts({
      channel_id: where.channel,
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
      title,
      prompts,
    });
  } catch (err) {
    deps.logger.debug({ err, channel: where.channel }, 'suggested prompts not set');
  }
}

/** A new agent thread's title: the first request, as one short line. Slack errors are ignored. */
export async function titleThread(deps: TurnDeps, where: { channel: string; threadTs: string }, text: string) {
  const line = unescapeMrkdwn(text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
  if (!line) return;
  try {
    await deps.io.client.assistant.threads.setTitle({
      channel_id: where.channel,
      thread_ts: where.threadTs,
      title: line.length > 60 ? `${line.slice(0, 59)}…` : line,
    });
  } catch (err) {
    deps.logger.debug({ err, channel: where.channel }, 'thread title not set');
  }
}

/**
 * The agent surface's new threads. Agent view: `app_home_opened` with `tab: "messages"` when a person opens the
 * app's Messages tab. Assistant view (older app configurations): `assistant_thread_started` with the new thread.
 */
export function registerAgentThreads(bolt: BoltApp, deps: TurnDeps): void {
  bolt.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'messages' || !event.channel) return;
    await suggestPrompts(deps, { channel: event.channel, userId: event.user });
  });
  bolt.event('assistant_thread_started', async ({ event }) => {
    const thread = event.assistant_thread;
    await suggestPrompts(deps, { channel: thread.channel_id, threadTs: thread.thread_ts, userId: thread.user_id });
  });
}
