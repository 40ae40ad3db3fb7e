// Message rendering: author, time, text or blocks, attachments, reactions, thread summary, ephemeral marker.
import { renderAttachments, renderBlocks } from './blocks.js';
import { h, markdown, mrkdwn } from './dom.js';
import { byTs, contextFor, model, post, time, userName } from './state.js';

/** The status line of a thread: what the app is doing, and its loading message. */
export function statusLine(channel, threadTs) {
  const s = model.statuses.get(`${channel}:${threadTs}`);
  if (!s) return null;
  const loading = s.loading?.find((l) => l !== s.status);
  return h(
    'div',
    { class: 'status', role: 'status' },
    h('span', { class: 'spinner' }, ''),
    h('strong', {}, model.bot.name),
    ` ${s.status}`,
    loading ? h('span', { class: 'muted' }, ` · ${loading}`) : null,
  );
}

const TASK_ICONS = { pending: '○', in_progress: '◌', complete: '✓', error: '✗' };

/** A streamed answer's tasks (its tool calls), as a timeline or a plan. */
function taskList(m) {
  if (!m.tasks?.length) return null;
  return h(
    'ol',
    { class: `tasks ${m.task_display_mode === 'plan' ? 'plan' : 'timeline'}`, 'aria-label': m.plan_title ?? 'Steps' },
    m.plan_title ? h('li', { class: 'plan-title' }, m.plan_title) : null,
    m.tasks.map((t) =>
      h(
        'li',
        { class: `task ${t.status}`, dataset: { task: t.id, status: t.status } },
        h('span', { class: 'task-icon' }, TASK_ICONS[t.status] ?? '·'),
        h('span', { class: 'task-title' }, t.title),
        t.details ? h('div', { class: 'task-details muted' }, t.details) : null,
        t.output ? h('div', { class: 'task-output muted' }, t.output) : null,
      ),
    ),
  );
}

function messageNode(m, inThread, openThread) {
  const isEphemeral = m.is_ephemeral === true;
  const isBot = Boolean(m.bot_id);
  const container = isEphemeral ? { channel: m.channel, ephemeralTs: m.ts } : { channel: m.channel, messageTs: m.ts };
  const ctx = contextFor(container);
  const streamed = m.streaming || Boolean(m.tasks);
  const content =
    m.blocks?.length && (isBot || isEphemeral)
      ? renderBlocks(m.blocks, ctx)
      : streamed
        ? h('div', { class: 'text b-markdown' }, markdown(m.text ?? '', ctx))
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
      taskList(m),
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
      inThread ? null : statusLine(m.channel, m.ts),
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
/** The node for one message, rebuilt only when the message or its status line changed. */
export function cachedNode(m, inThread, openThread) {
  const key = `${inThread ? 't' : 'c'}:${m.is_ephemeral ? 'e' : 'm'}:${m.channel}:${m.ts}`;
  const status = model.statuses.get(`${m.channel}:${m.ts}`);
  const sig = `${m.rev}|${status ? JSON.stringify(status) : ''}`;
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
