import { messageJson, userJson } from '../store/serialize.js';
import { required, SlackApiError } from './call.js';
import { channelArg } from './chat.js';
import type { ApiContext, ApiMethod } from './context.js';

function reactionTarget(args: Record<string, unknown>, ctx: ApiContext) {
  const channel = channelArg(args, ctx);
  const m = ctx.store.message(channel.id, required(args, 'timestamp', 'message_not_found'));
  if (!m) throw new SlackApiError('message_not_found');
  const name = required(args, 'name', 'invalid_name').replace(/^:|:$/g, '');
  if (!/^[a-z0-9_+'-]{1,100}$/.test(name)) throw new SlackApiError('invalid_name');
  return { m, name };
}

const reactionsAdd: ApiMethod = (args, ctx) => {
  const { m, name } = reactionTarget(args, ctx);
  const bot = ctx.store.identity.botUser.id;
  const existing = m.reactions.find((r) => r.name === name);
  if (existing?.users.includes(bot)) throw new SlackApiError('already_reacted');
  if (!existing && m.reactions.length >= 50) throw new SlackApiError('too_many_reactions');
  if (existing) existing.users.push(bot);
  else m.reactions.push({ name, users: [bot] });
  ctx.store.changed(m);
  return {};
};

const reactionsRemove: ApiMethod = (args, ctx) => {
  const { m, name } = reactionTarget(args, ctx);
  const bot = ctx.store.identity.botUser.id;
  const existing = m.reactions.find((r) => r.name === name);
  if (!existing?.users.includes(bot)) throw new SlackApiError('no_reaction');
  existing.users = existing.users.filter((u) => u !== bot);
  if (existing.users.length === 0) m.reactions = m.reactions.filter((r) => r !== existing);
  ctx.store.changed(m);
  return {};
};

const reactionsGet: ApiMethod = (args, ctx) => {
  const channel = channelArg(args, ctx);
  const m = ctx.store.message(channel.id, required(args, 'timestamp', 'message_not_found'));
  if (!m) throw new SlackApiError('message_not_found');
  return { type: 'message', channel: channel.id, message: messageJson(m, ctx.store) };
};

const usersInfo: ApiMethod = (args, ctx) => {
  const user = ctx.store.user(required(args, 'user', 'user_not_found'));
  if (!user) throw new SlackApiError('user_not_found');
  return { user: userJson(user, ctx.store.identity) };
};

const authTest: ApiMethod = (_args, ctx) => {
  const { identity } = ctx.store;
  return {
    url: `${ctx.baseUrl}/`,
    team: 'leadbot sandbox',
    user: identity.botUser.name,
    team_id: identity.teamId,
    user_id: identity.botUser.id,
    bot_id: identity.botId,
    is_enterprise_install: false,
  };
};

/** auth, users, reactions, bots and team methods. */
export const miscMethods: Record<string, ApiMethod> = {
  'api.test': (args) => ({ args }),
  'auth.test': authTest,
  'users.info': usersInfo,
  'users.list': (_args, ctx) => ({
    members: ctx.store.users().map((u) => userJson(u, ctx.store.identity)),
    response_metadata: { next_cursor: '' },
  }),
  'users.lookupByEmail': () => {
    throw new SlackApiError('users_not_found');
  },
  'bots.info': (_args, ctx) => {
    const { identity } = ctx.store;
    return {
      bot: {
        id: identity.botId,
        deleted: false,
        name: identity.botUser.name,
        updated: 0,
        app_id: identity.appId,
        user_id: identity.botUser.id,
        icons: {},
      },
    };
  },
  'team.info': (_args, ctx) => ({
    team: {
      id: ctx.store.identity.teamId,
      name: 'leadbot sandbox',
      domain: ctx.store.identity.teamDomain,
      email_domain: '',
      icon: {},
    },
  }),
  'reactions.add': reactionsAdd,
  'reactions.remove': reactionsRemove,
  'reactions.get': reactionsGet,
};
