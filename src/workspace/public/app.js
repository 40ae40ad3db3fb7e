// The local workspace page: channels, timeline, threads, composer, modals and App Home, kept live over SSE.
import { renderAttachments, renderBlocks } from './blocks.js';
import { h, mrkdwn } from './dom.js';

const model = {
  ready: false,
  me: null,
  bot: null,
  users: {},
  channels: [],
  commands: [],
  sandbox: null,
  messages: new Map(),
  ephemerals: new Map(),
  statuses: new Map(),
  modals: [],
  home: null,
};
const ui = {
  channel: null,
  thread: null,
  tab: 'messages',
  unread: {},
  modalCtx: new Map(),
  modalErrors: {},
  modalNote: {},
};
const $ = (id) => document.getElementById(id);

async function post(path, body) {
  try {
    const res = await fetch(`/workspace/ui/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return await res.json();
  } catch (err) {
    return { ok: false, error: String(err) };
  }
}

function toast(text, level = 'warn') {
  const node = h('div', { class: `toast ${level}` }, text);
  $('toasts').append(node);
  setTimeout(() => node.remove(), 6000);
}

const userName = (id) => model.users[id]?.name ?? id;
const channelName = (id) => model.channels.find((c) => c.id === id)?.name ?? id;
const channelTitle = (c) => (c.isIm ? model.bot.name : `# ${c.name}`);
const time = (ts) =>
  new Date(Number(String(ts).split('.')[0]) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const byTs = (a, b) => Number(a.ts) - Number(b.ts);

/** Render context for one container (a message, an ephemeral message or a view). */
function contextFor(container, values = {}) {
  return {
    userName,
    channelName,
    users: Object.entries(model.users).map(([id, u]) => ({ id, name: u.name })),
    channels: model.channels.filter((c) => !c.isIm),
    values,
    errors: container.viewId ? ui.modalErrors[container.viewId] : undefined,
    async onAction(action) {
      const res = await post('click', { ...container, ...action, values });
      if (!res.ok) toast(res.error ?? `leadbot did not acknowledge the click (${res.reason ?? res.status}).`);
    },
  };
}

function messageNode(m, inThread) {
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

const nodeCache = new Map();
function cachedNode(m, inThread) {
  const key = `${inThread ? 't' : 'c'}:${m.is_ephemeral ? 'e' : 'm'}:${m.channel}:${m.ts}`;
  const status = model.statuses.get(`${m.channel}:${m.ts}`) ?? '';
  const sig = `${m.rev}|${status}`;
  const hit = nodeCache.get(key);
  if (hit && hit.sig === sig) return hit.node;
  const node = messageNode(m, inThread);
  nodeCache.set(key, { sig, node });
  return node;
}

function fill(list, items, inThread) {
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  list.replaceChildren(...items.map((m) => cachedNode(m, inThread)));
  if (nearBottom || list.dataset.stick !== 'no') list.scrollTop = list.scrollHeight;
  list.dataset.stick = 'no';
}

function channelItems(channel) {
  const top = [...model.messages.values()].filter(
    (m) => m.channel === channel && (!m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast'),
  );
  const eph = [...model.ephemerals.values()].filter((e) => e.channel === channel && !e.thread_ts);
  return [...top, ...eph].sort(byTs);
}

function threadItems(channel, ts) {
  const msgs = [...model.messages.values()].filter((m) => m.channel === channel && (m.ts === ts || m.thread_ts === ts));
  const eph = [...model.ephemerals.values()].filter((e) => e.channel === channel && e.thread_ts === ts);
  return [...msgs, ...eph].sort(byTs);
}

function renderSidebar() {
  const item = (c) =>
    h(
      'button',
      {
        class: `chan${ui.channel === c.id ? ' active' : ''}${ui.unread[c.id] ? ' unread' : ''}`,
        dataset: { channel: c.id },
        onclick: () => openChannel(c.id),
      },
      c.isIm ? h('span', { class: 'presence' }, '●') : '# ',
      c.isIm ? model.bot.name : c.name,
      ui.unread[c.id] ? h('span', { class: 'count' }, String(ui.unread[c.id])) : null,
    );
  $('channels').replaceChildren(...model.channels.filter((c) => !c.isIm).map(item));
  $('dms').replaceChildren(...model.channels.filter((c) => c.isIm).map(item));
}

function renderMain() {
  const channel = model.channels.find((c) => c.id === ui.channel);
  if (!channel) return;
  $('channel-title').textContent = channelTitle(channel);
  $('tabs').classList.toggle('hidden', !channel.isIm);
  for (const tab of document.querySelectorAll('#tabs button'))
    tab.classList.toggle('active', tab.dataset.tab === ui.tab);
  const home = channel.isIm && ui.tab === 'home';
  $('timeline').classList.toggle('hidden', home);
  $('composer').classList.toggle('hidden', home);
  $('home').classList.toggle('hidden', !home);
  if (home) return renderHome();
  $('input').placeholder = channel.isIm
    ? `Message ${model.bot.name}`
    : `Message #${channel.name} (mention @${model.bot.name})`;
  fill($('timeline'), channelItems(channel.id), false);
}

function renderHome() {
  const view = model.home;
  $('home').replaceChildren(
    view
      ? renderBlocks(view.blocks, contextFor({ viewId: view.id }, {}))
      : h('p', { class: 'muted empty' }, `${model.bot.name} has not published a Home tab yet.`),
  );
}

function renderThread() {
  const pane = $('thread');
  pane.classList.toggle('hidden', !ui.thread);
  if (!ui.thread) return;
  const { channel, ts } = ui.thread;
  const items = threadItems(channel, ts);
  if (items.length === 0) return closeThread();
  $('thread-title').textContent = `Thread · ${channelTitle(model.channels.find((c) => c.id === channel))}`;
  fill($('thread-list'), items, true);
  const status = model.statuses.get(`${channel}:${ts}`);
  $('thread-status').textContent = status ? `${model.bot.name} ${status}` : '';
}

function renderModals() {
  const root = $('modal-root');
  const view = model.modals.at(-1);
  if (!view) return root.replaceChildren();
  if (!ui.modalCtx.has(view.id)) ui.modalCtx.set(view.id, {});
  const values = ui.modalCtx.get(view.id);
  const ctx = contextFor({ viewId: view.id }, values);
  const plain = (o, fallback) => String(o?.text ?? fallback);
  const close = () => post('close', { viewId: view.id });
  const submit = async () => {
    ui.modalNote[view.id] = '';
    const res = await post('submit', { viewId: view.id, values });
    const outcome = res.outcome ?? { kind: 'failed', reason: res.error };
    ui.modalErrors[view.id] = outcome.kind === 'errors' ? outcome.errors : {};
    if (outcome.kind === 'failed')
      ui.modalNote[view.id] = `${model.bot.name} did not respond (${outcome.reason}). Try again.`;
    if (outcome.kind === 'errors' || outcome.kind === 'failed') renderModals();
  };
  root.replaceChildren(
    h(
      'div',
      { class: 'overlay', role: 'dialog', 'aria-label': plain(view.title, 'Modal') },
      h(
        'div',
        { class: 'modal', dataset: { viewId: view.id, callbackId: view.callback_id } },
        h(
          'div',
          { class: 'modal-head' },
          h('h2', {}, plain(view.title, '')),
          h('button', { class: 'icon', 'aria-label': 'Close', onclick: close }, '✕'),
        ),
        h('div', { class: 'modal-body' }, renderBlocks(view.blocks, ctx)),
        ui.modalNote[view.id] ? h('div', { class: 'b-error' }, ui.modalNote[view.id]) : null,
        h(
          'div',
          { class: 'modal-foot' },
          h('button', { class: 'btn', onclick: close }, plain(view.close, 'Cancel')),
          view.submit
            ? h(
                'button',
                { class: 'btn primary', dataset: { submit: '1' }, onclick: submit },
                plain(view.submit, 'Submit'),
              )
            : null,
        ),
      ),
    ),
  );
}

function renderBanner() {
  const s = model.sandbox;
  if (!s) return;
  $('banner').replaceChildren(
    h('strong', {}, s.mode === 'live' ? 'Local workspace (live providers)' : 'Sandbox'),
    ' — a simulated Slack workspace on this machine. ',
    h('span', {}, `Companies: ${s.directory}`),
    ' · ',
    h('span', {}, `Mail: ${s.mail}`),
    ' · ',
    h('span', {}, `LLM: ${s.llm}`),
  );
}

function openChannel(id, tab = 'messages') {
  ui.channel = id;
  ui.unread[id] = 0;
  const channel = model.channels.find((c) => c.id === id);
  setTab(channel?.isIm ? tab : 'messages', false);
  $('timeline').dataset.stick = 'yes';
  renderSidebar();
  renderMain();
}

function setTab(tab, render = true) {
  ui.tab = tab;
  const channel = model.channels.find((c) => c.id === ui.channel);
  if (channel?.isIm) post('home', { tab });
  if (render) renderMain();
}

function openThread(channel, ts) {
  ui.thread = { channel, ts };
  $('thread-list').dataset.stick = 'yes';
  renderThread();
  $('thread-input').focus();
}

function closeThread() {
  ui.thread = null;
  renderThread();
}

async function send(input, threadTs) {
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  const slash = /^(\/\S+)\s*([\s\S]*)$/.exec(text);
  const res =
    slash && !threadTs
      ? await post('command', { channel: ui.channel, command: slash[1], text: slash[2] })
      : await post('say', { channel: ui.channel, text, threadTs });
  if (!res.ok) toast(res.error ?? `${model.bot.name} did not acknowledge (${res.reason ?? res.status}).`);
}

function composer(input, threadTs) {
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send(input, threadTs());
    }
  });
}

function apply(change) {
  const key = (m) => `${m.channel}:${m.ts}`;
  if (change.type === 'message') {
    const old = model.messages.get(key(change.message));
    if (old && old.rev > change.message.rev) return;
    model.messages.set(key(change.message), change.message);
    const m = change.message;
    const visibleTop = !m.thread_ts || m.thread_ts === m.ts;
    if (!old && m.channel !== ui.channel && m.user !== model.me.id && visibleTop)
      ui.unread[m.channel] = (ui.unread[m.channel] ?? 0) + 1;
  } else if (change.type === 'message_deleted') model.messages.delete(key(change));
  else if (change.type === 'ephemeral') model.ephemerals.set(change.message.ts, change.message);
  else if (change.type === 'ephemeral_deleted') model.ephemerals.delete(change.ts);
  else if (change.type === 'status') {
    const k = `${change.channel}:${change.threadTs}`;
    if (change.status) model.statuses.set(k, change.status);
    else model.statuses.delete(k);
  } else if (change.type === 'modals') {
    model.modals = change.stack;
    return renderModals();
  } else if (change.type === 'home') {
    model.home = change.view;
  } else if (change.type === 'notice') return toast(change.text, change.level);
  scheduleRender();
}

let pending = false;
function scheduleRender() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    renderSidebar();
    renderMain();
    renderThread();
  });
}

function load(snap) {
  Object.assign(model, {
    me: snap.me,
    bot: snap.bot,
    users: snap.users,
    channels: snap.channels,
    commands: snap.commands,
    sandbox: snap.sandbox,
    modals: snap.modals,
    home: snap.home,
  });
  model.messages = new Map(
    Object.values(snap.messages)
      .flat()
      .map((m) => [`${m.channel}:${m.ts}`, m]),
  );
  model.ephemerals = new Map(snap.ephemerals.map((e) => [e.ts, e]));
  model.statuses = new Map(snap.statuses.map((s) => [`${s.channel}:${s.threadTs}`, s.status]));
  nodeCache.clear();
  renderBanner();
  if (!model.ready) {
    model.ready = true;
    const link = /^\/archives\/([A-Z0-9]+)(?:\/p(\d{16}))?/.exec(location.pathname);
    const params = new URLSearchParams(location.search);
    const target = model.channels.find((c) => c.id === link?.[1]) ?? model.channels[0];
    openChannel(target.id);
    const threadTs = params.get('thread_ts') ?? (link?.[2] ? `${link[2].slice(0, 10)}.${link[2].slice(10)}` : null);
    if (threadTs && model.messages.get(`${target.id}:${threadTs}`)?.reply_count) openThread(target.id, threadTs);
    document.body.dataset.ready = 'true';
  }
  renderSidebar();
  renderMain();
  renderThread();
  renderModals();
}

function start() {
  composer($('input'), () => undefined);
  composer($('thread-input'), () => ui.thread?.ts);
  $('thread-close').addEventListener('click', closeThread);
  for (const tab of document.querySelectorAll('#tabs button'))
    tab.addEventListener('click', () => setTab(tab.dataset.tab));
  const stream = new EventSource('/workspace/ui/stream');
  stream.onopen = async () => {
    $('offline').classList.add('hidden');
    const res = await fetch('/workspace/ui/state');
    load(await res.json());
  };
  stream.onmessage = (e) => model.ready && apply(JSON.parse(e.data));
  stream.onerror = () => $('offline').classList.remove('hidden');
}

start();
