import type { WorkspaceIdentity, WorkspaceStore } from './store.js';
import type { Json, WsChannel, WsEphemeral, WsMessage, WsUser } from './types.js';

/** A message object as Slack's Web API and Events API show it. */
export function messageJson(m: WsMessage, store: Pick<WorkspaceStore, 'identity' | 'message'>): Json {
  const { identity } = store;
  const out: Json = { type: 'message', user: m.user, text: m.text, ts: m.ts, team: identity.teamId };
  if (m.botId) {
    out.bot_id = m.botId;
    out.app_id = m.appId ?? identity.appId;
    out.bot_profile = {
      id: m.botId,
      app_id: m.appId ?? identity.appId,
      name: identity.botUser.name,
      deleted: false,
      team_id: identity.teamId,
    };
  }
  if (m.broadcast) out.subtype = 'thread_broadcast';
  if (m.clientMsgId) out.client_msg_id = m.clientMsgId;
  out.blocks = m.blocks ?? (m.botId ? [] : richTextBlocks(m.text));
  if (m.attachments) out.attachments = m.attachments;
  if (m.metadata) out.metadata = m.metadata;
  if (m.edited) out.edited = m.edited;
  if (m.threadTs) {
    out.thread_ts = m.threadTs;
    const parent = m.threadTs !== m.ts ? store.message(m.channel, m.threadTs) : undefined;
    if (parent) out.parent_user_id = parent.user;
  }
  if (m.replies.length > 0) {
    out.thread_ts = m.ts;
    out.reply_count = m.replies.length;
    out.reply_users_count = m.replyUsers.length;
    out.reply_users = m.replyUsers;
    out.latest_reply = m.replies.at(-1);
    out.is_locked = false;
    out.subscribed = false;
  }
  if (m.reactions.length > 0)
    out.reactions = m.reactions.map((r) => ({ name: r.name, users: r.users, count: r.users.length }));
  return out;
}

/** What Slack's clients attach to a typed message: one rich_text section with the text. */
function richTextBlocks(text: string): Json[] {
  const elements: Json[] = [];
  const re = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|<(https?:\/\/[^|>]+)(?:\|([^>]*))?>/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) elements.push({ type: 'text', text: unescapeText(text.slice(last, m.index)) });
    if (m[1]) elements.push({ type: 'user', user_id: m[1] });
    else elements.push({ type: 'link', url: m[2], ...(m[3] ? { text: m[3] } : {}) });
    last = m.index + m[0].length;
  }
  if (last < text.length) elements.push({ type: 'text', text: unescapeText(text.slice(last)) });
  return [{ type: 'rich_text', block_id: blockIdFor(text), elements: [{ type: 'rich_text_section', elements }] }];
}

function unescapeText(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function blockIdFor(text: string): string {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h.toString(36).slice(0, 5).padEnd(5, '0');
}

/** An ephemeral message as the page shows it (Slack never returns these from the Web API). */
export function ephemeralJson(e: WsEphemeral, identity: WorkspaceIdentity): Json {
  return {
    type: 'message',
    subtype: 'ephemeral',
    is_ephemeral: true,
    user: identity.botUser.id,
    bot_id: identity.botId,
    text: e.text,
    ts: e.ts,
    ...(e.threadTs ? { thread_ts: e.threadTs } : {}),
    blocks: e.blocks ?? [],
    ...(e.attachments ? { attachments: e.attachments } : {}),
  };
}

/** A conversation object as conversations.info / conversations.list return it. */
export function channelJson(c: WsChannel, identity: WorkspaceIdentity): Json {
  if (c.isIm)
    return {
      id: c.id,
      created: c.created,
      is_im: true,
      is_org_shared: false,
      user: c.user,
      is_user_deleted: false,
      priority: 0,
      context_team_id: identity.teamId,
    };
  return {
    id: c.id,
    name: c.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: false,
    created: c.created,
    is_archived: false,
    is_general: false,
    unlinked: 0,
    name_normalized: c.name,
    is_shared: false,
    is_org_shared: false,
    is_member: true,
    context_team_id: identity.teamId,
    creator: identity.localUser.id,
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: c.name === 'leads' ? 'Lead cards and approvals from leadbot' : '', creator: '', last_set: 0 },
    num_members: c.members.length,
  };
}

/** A user object as users.info returns it. */
export function userJson(u: WsUser, identity: WorkspaceIdentity): Json {
  return {
    id: u.id,
    team_id: identity.teamId,
    name: u.name,
    deleted: false,
    real_name: u.realName,
    tz: 'UTC',
    tz_label: 'Coordinated Universal Time',
    tz_offset: 0,
    is_admin: !u.isBot,
    is_owner: !u.isBot,
    is_bot: u.isBot,
    is_app_user: false,
    updated: 0,
    profile: {
      real_name: u.realName,
      display_name: u.name,
      real_name_normalized: u.realName,
      display_name_normalized: u.name,
      ...(u.isBot ? { bot_id: u.botId, api_app_id: u.appId, always_active: true } : {}),
      team: identity.teamId,
    },
  };
}
