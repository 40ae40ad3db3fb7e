// Message rendering: author, time, text or blocks, attachments, reactions, thread summary, ephemeral marker.
import { renderAttachments, renderBlocks } from './blocks.js';
import { h, mrkdwn } from './dom.js';
import { byTs, contextFor, model, post, time, userName } from './state.js';

function messageNode(m, inThread, openThread) {
  const isEphemeral = m.is_ephemeral === true;
  const isBot = Boolean(m.bot_id);
  const container = isEphemeral ? { channel: m.channel, ephemeralTs: m.ts } : { channel: m.channel, messageTs: m.ts };
  const ctx = contextFor(container);
  const content =
    m.blocks?.length && (isBot || isEphemeral)
      ? renderBlocks(m.blocks, ctx)
      : h('div', { class: 'text' }, mrkdwn(m.text ?? '', ctx));
  const replies =
    !inThread && m.reply_count > 0
      ? h(
          'button',
          { class: 'thread-link', onclick: () => openThread(m.channel, m.ts) },
          `${m.reply_count} ${m.reply_count === 1 ? 'reply' : 'replies'}`,
          h('span', { class: 'muted' }, ` · last ${time(m.latest_reply)}`),
        )
      : null;
  const status = !inThread ? model.statuses.get(`${m.channel}:${m.ts}`) : null;
  return h(
    'div',
    { class: `msg${isBot ? ' bot' : ''}${isEphemeral ? ' ephemeral' : ''}`, dataset: { ts: m.ts, channel: m.channel } },
    h('div', { class: `avatar${isBot ? ' bot' : ''}` }, isBot ? 'lb' : userName(m.user).slice(0, 1).toUpperCase()),
    h(
      'div',
      { class: 'msg-body' },
      h(
        'div',
        { class: 'msg-head' },
        h('span', { class: 'name' }, isBot ? model.bot.name : (model.users[m.user]?.realName ?? userName(m.user))),
        isBot ? h('span', { class: 'badge' }, 'APP') : null,
        h('span', { class: 'time' }, time(m.ts)),
        m.edited ? h('span', { class: 'muted' }, '(edited)') : null,
        m.subtype === 'thread_broadcast' ? h('span', { class: 'muted' }, 'replied to a thread') : null,
      ),
      isEphemeral
        ? h(
            'div',
            { class: 'only-you' },
            '👁 Only visible to you ',
            h('button', { class: 'link', onclick: () => post('dismiss', { ts: m.ts }) }, 'Dismiss'),
          )
        : null,
      content,
      m.streaming ? h('span', { class: 'cursor' }, '▍') : null,
      renderAttachments(m.attachments, ctx),
      m.reactions?.length
        ? h(
            'div',
            { class: 'reactions' },
            m.reactions.map((r) =>
              h(
                'span',
                { class: `reaction${r.users.includes(model.me.id) ? ' mine' : ''}` },
                mrkdwn(`:${r.name}:`, ctx),
                ` ${r.count}`,
              ),
            ),
          )
        : null,
      replies,
      status ? h('div', { class: 'status' }, `${model.bot.name} ${status}`) : null,
    ),
    !inThread && !isEphemeral
      ? h(
          'button',
          { class: 'hover-reply', title: 'Reply in thread', onclick: () => openThread(m.channel, m.ts) },
          '💬',
        )
      : null,
  );
}

export const nodeCache = new Map();
function cachedNode(m, inThread, openThread) {
  const key = `${inThread ? 't' : 'c'}:${m.is_ephemeral ? 'e' : 'm'}:${m.channel}:${m.ts}`;
  const status = model.statuses.get(`${m.channel}:${m.ts}`) ?? '';
  const sig = `${m.rev}|${status}`;
  const hit = nodeCache.get(key);
  if (hit && hit.sig === sig) return hit.node;
  const node = messageNode(m, inThread, openThread);
  nodeCache.set(key, { sig, node });
  return node;
}

/** Shows `items` in `list`, reusing unchanged message nodes and keeping the view at the bottom. */
export function fill(list, items, inThread, openThread) {
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  list.replaceChildren(...items.map((m) => cachedNode(m, inThread, openThread)));
  if (nearBottom || list.dataset.stick !== 'no') list.scrollTop = list.scrollHeight;
  list.dataset.stick = 'no';
}

/** Top-level messages and ephemeral messages of a conversation, oldest first. */
export function channelItems(channel) {
  const top = [...model.messages.values()].filter(
    (m) => m.channel === channel && (!m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast'),
  );
  const eph = [...model.ephemerals.values()].filter((e) => e.channel === channel && !e.thread_ts);
  return [...top, ...eph].sort(byTs);
}

/** A thread's parent, replies and ephemeral replies, oldest first. */
export function threadItems(channel, ts) {
  const msgs = [...model.messages.values()].filter((m) => m.channel === channel && (m.ts === ts || m.thread_ts === ts));
  const eph = [...model.ephemerals.values()].filter((e) => e.channel === channel && e.thread_ts === ts);
  return [...msgs, ...eph].sort(byTs);
}
