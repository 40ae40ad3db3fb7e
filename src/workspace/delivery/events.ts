import { messageJson } from '../store/serialize.js';
import type { WorkspaceStore } from '../store/store.js';
import type { Json, WsMessage } from '../store/types.js';
import { viewJson } from '../store/views.js';
import type { Deliver, DeliveryResult } from './deliverer.js';
import { eventEnvelope, type PayloadContext } from './payloads.js';

/** Bot events a Slack app subscribes to (manifest `settings.event_subscriptions.bot_events`). */
export const DEFAULT_SUBSCRIPTIONS = ['app_mention', 'message.im', 'message.channels', 'app_home_opened'];

/** Sends the Events API events that follow from what happens in the workspace, filtered by subscription. */
export interface EventDispatcher {
  userMessage(m: WsMessage): void;
  botPosted(m: WsMessage): void;
  botChanged(m: WsMessage, previous: Json): void;
  botDeleted(m: WsMessage): void;
  homeOpened(user: string, tab: 'home' | 'messages'): void;
  reaction(user: string, m: WsMessage, name: string, added: boolean): void;
  /** Resolves when every delivery started so far has finished (tests and shutdown). */
  settled(): Promise<void>;
  /** Every event envelope delivered, with the bot's answer (newest last; capped). */
  log: { envelope: Json; result?: DeliveryResult }[];
}

/** Creates the dispatcher; `subscriptions` lists event names such as "message.im" and "app_mention". */
export function createEventDispatcher(
  store: WorkspaceStore,
  deliver: Deliver,
  ctx: PayloadContext,
  subscriptions: string[] = DEFAULT_SUBSCRIPTIONS,
): EventDispatcher {
  const subscribed = new Set(subscriptions);
  const inFlight = new Set<Promise<unknown>>();
  const log: EventDispatcher['log'] = [];
  const channelType = (channel: string) => (store.channel(channel)?.isIm ? 'im' : 'channel');
  const messageSubscription = (channel: string) => `message.${store.channel(channel)?.isIm ? 'im' : 'channels'}`;

  const send = (subscription: string, event: Json) => {
    if (!subscribed.has(subscription)) return;
    const envelope = eventEnvelope(ctx, event);
    const entry: EventDispatcher['log'][number] = { envelope };
    log.push(entry);
    if (log.length > 500) log.shift();
    const p = deliver({ type: 'event', envelope })
      .then((result) => {
        entry.result = result;
        if (!result.ok)
          store.notice('error', `leadbot did not acknowledge a ${String(event.type)} event (${result.reason}).`);
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  const messageEvent = (m: WsMessage): Json => ({
    ...messageJson(m, store),
    channel: m.channel,
    event_ts: m.ts,
    channel_type: channelType(m.channel),
  });

  return {
    log,
    userMessage(m) {
      const isIm = store.channel(m.channel)?.isIm;
      if (!isIm && m.text.includes(`<@${store.identity.botUser.id}`)) {
        const { channel_type: _, ...event } = messageEvent(m);
        send('app_mention', { ...event, type: 'app_mention' });
      }
      send(messageSubscription(m.channel), messageEvent(m));
    },
    botPosted: (m) => send(messageSubscription(m.channel), messageEvent(m)),
    botChanged(m, previous) {
      const ts = store.nextTs();
      send(messageSubscription(m.channel), {
        type: 'message',
        subtype: 'message_changed',
        message: messageJson(m, store),
        previous_message: previous,
        channel: m.channel,
        hidden: true,
        ts,
        event_ts: ts,
        channel_type: channelType(m.channel),
      });
    },
    botDeleted(m) {
      const ts = store.nextTs();
      send(messageSubscription(m.channel), {
        type: 'message',
        subtype: 'message_deleted',
        hidden: true,
        deleted_ts: m.ts,
        channel: m.channel,
        previous_message: messageJson(m, store),
        ts,
        event_ts: ts,
        channel_type: channelType(m.channel),
      });
    },
    homeOpened(user, tab) {
      const home = store.views.home(user);
      send('app_home_opened', {
        type: 'app_home_opened',
        user,
        channel: store.dmWith(user)?.id,
        tab,
        ...(home && tab === 'home' ? { view: viewJson(home, store.identity) } : {}),
        event_ts: store.nextTs(),
      });
    },
    reaction(user, m, name, added) {
      send(added ? 'reaction_added' : 'reaction_removed', {
        type: added ? 'reaction_added' : 'reaction_removed',
        user,
        reaction: name,
        item_user: m.user,
        item: { type: 'message', channel: m.channel, ts: m.ts },
        event_ts: store.nextTs(),
      });
    },
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
