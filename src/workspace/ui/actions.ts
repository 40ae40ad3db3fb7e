import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors.js';
import type { Deliver, DeliveryResult } from '../delivery/deliverer.js';
import type { EventDispatcher } from '../delivery/events.js';
import { blockActionsPayload, type PayloadContext, slashCommandFields } from '../delivery/payloads.js';
import type { ResponseUrls } from '../delivery/response-urls.js';
import type { TriggerRegistry } from '../delivery/triggers.js';
import { messageJson } from '../store/serialize.js';
import type { WorkspaceStore } from '../store/store.js';
import type { Json, WsMessage, WsUser } from '../store/types.js';
import { viewJson } from '../store/views.js';
import { handleCommandAck } from './acks.js';
import { actionJson, buildState, findElement, type RawValue, type RawValues } from './elements.js';
import { createViewActions, type ViewActions } from './view-actions.js';

/** Where a click happened: a message, an ephemeral message, or a view (modal or App Home). */
export interface ClickInput {
  user?: string;
  channel?: string;
  messageTs?: string;
  ephemeralTs?: string;
  viewId?: string;
  blockId: string;
  actionId: string;
  /** The chosen option value(s), date, or typed text for selects, overflows, pickers and inputs. */
  selected?: RawValue;
  /** What the user has entered in the container's other stateful elements. */
  values?: RawValues;
}

/** What the local user can do; the page calls these, and so can tests without a browser. */
export interface UserActions extends ViewActions {
  say(input: { channel: string; text: string; threadTs?: string; user?: string }): WsMessage;
  command(input: { channel: string; command: string; text: string; user?: string }): Promise<DeliveryResult>;
  click(input: ClickInput): Promise<DeliveryResult>;
  openHome(input?: { user?: string; tab?: 'home' | 'messages' }): void;
}

export interface ActionDeps {
  store: WorkspaceStore;
  deliver: Deliver;
  events: EventDispatcher;
  triggers: TriggerRegistry;
  responseUrls: ResponseUrls;
  payloads: PayloadContext;
}

/**
 * Turns what a person types into Slack's wire text: `&`, `<`, `>` escaped, URLs linked, and `@leadbot`
 * (or a leading "leadbot" in a channel) turned into a mention of the bot.
 */
function toSlackText(raw: string, bot: WsUser, inChannel: boolean): string {
  let text = raw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  text = text.replace(/\bhttps?:\/\/[^\s<>|]+[^\s<>|.,;:!?)\]'"]/g, (url) => `<${url}>`);
  const name = bot.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  text = text.replace(new RegExp(`(^|[\\s(])@${name}\\b`, 'gi'), `$1<@${bot.id}>`);
  if (inChannel) text = text.replace(new RegExp(`^\\s*${name}\\b[,:]?`, 'i'), `<@${bot.id}>`);
  return text;
}

/** Creates the local user's actions. Each throws AppError('not_found') for a user, conversation or element that is gone. */
export function createUserActions(deps: ActionDeps): UserActions {
  const { store, triggers, payloads } = deps;
  const me = store.identity.localUser.id;
  const userOf = (id?: string) => {
    const user = store.user(id ?? me);
    if (!user || user.isBot) throw new AppError('not_found', `No person with id ${id} in this workspace.`);
    return user;
  };
  const channelOf = (id: string) => {
    const channel = store.channel(id);
    if (!channel) throw new AppError('not_found', `No conversation with id ${id}; open #leads or the DM with leadbot.`);
    return channel;
  };

  async function clickInContainer(input: ClickInput, user: WsUser): Promise<DeliveryResult> {
    const actionTs = store.nextTs();
    const triggerId = triggers.issue(user.id);
    if (input.viewId) {
      const view = store.views.get(input.viewId);
      const blocks = view?.spec.blocks as Json[] | undefined;
      const found = findElement(blocks, input.blockId, input.actionId);
      if (!view || !found) throw new AppError('not_found', 'that element is no longer there');
      store.views.setValues(view.id, buildState(blocks, input.values));
      const action = actionJson(found.block, found.element, input.selected, actionTs);
      const payload = blockActionsPayload(payloads, {
        user,
        triggerId,
        actions: [action],
        container: { type: 'view', view_id: view.id },
        view: viewJson(view, store.identity),
      });
      return deps.deliver({ type: 'interaction', payload });
    }
    const channel = channelOf(input.channel ?? '');
    const ephemeral = input.ephemeralTs ? store.ephemeral(input.ephemeralTs) : undefined;
    const message = input.messageTs ? store.message(channel.id, input.messageTs) : undefined;
    const source = ephemeral ?? message;
    const found = findElement(source?.blocks, input.blockId, input.actionId);
    if (!source || !found) throw new AppError('not_found', 'that element is no longer there');
    const threadTs = ephemeral ? ephemeral.threadTs : message?.threadTs;
    const responseUrl = deps.responseUrls.issue({
      channel: channel.id,
      user: user.id,
      messageTs: message?.ts,
      ephemeralTs: ephemeral?.ts,
      threadTs,
    });
    const payload = blockActionsPayload(payloads, {
      user,
      triggerId,
      actions: [actionJson(found.block, found.element, input.selected, actionTs)],
      container: {
        type: 'message',
        message_ts: source.ts,
        channel_id: channel.id,
        is_ephemeral: Boolean(ephemeral),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      },
      channel: { id: channel.id, name: channel.isIm ? 'directmessage' : channel.name },
      ...(message ? { message: messageJson(message, store) } : {}),
      state: { values: buildState(source.blocks, input.values) },
      responseUrl,
    });
    return deps.deliver({ type: 'interaction', payload });
  }

  return {
    ...createViewActions(deps, userOf),
    say(input) {
      const channel = channelOf(input.channel);
      const user = userOf(input.user);
      const parent = input.threadTs ? store.message(channel.id, input.threadTs) : undefined;
      if (input.threadTs && !parent) throw new AppError('not_found', 'that thread is no longer there');
      const m = store.post({
        channel: channel.id,
        user: user.id,
        text: toSlackText(input.text, store.identity.botUser, !channel.isIm),
        threadTs: parent ? (parent.threadTs ?? parent.ts) : undefined,
        clientMsgId: randomUUID(),
      });
      deps.events.userMessage(m);
      return m;
    },
    async command(input) {
      const channel = channelOf(input.channel);
      const user = userOf(input.user);
      const responseUrl = deps.responseUrls.issue({ channel: channel.id, user: user.id });
      const fields = slashCommandFields(payloads, {
        user,
        command: input.command,
        text: input.text,
        channel: { id: channel.id, name: channel.isIm ? 'directmessage' : channel.name },
        triggerId: triggers.issue(user.id),
        responseUrl,
      });
      const result = await deps.deliver({ type: 'command', fields });
      handleCommandAck(store, deps.events, { channel: channel.id, user: user.id, command: input.command }, result);
      return result;
    },
    click: (input) => clickInContainer(input, userOf(input.user)),
    openHome(input = {}) {
      deps.events.homeOpened(userOf(input.user).id, input.tab ?? 'home');
    },
  };
}
