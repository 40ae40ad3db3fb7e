// The local workspace page: channels, timeline, threads, composer, modals and App Home, kept live over SSE.
import { renderAgentPane } from './agent.js';
import { renderBlocks } from './blocks.js';
import { h } from './dom.js';
import { channelItems, fill, nodeCache, statusLine, threadItems } from './messages.js';
import { renderModals } from './modal.js';
import { $, channelTitle, contextFor, model, post, toast, ui } from './state.js';

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
  const agent = channel.isIm && !home;
  $('timeline').classList.toggle('hidden', home || agent);
  $('agent').classList.toggle('hidden', !agent);
  $('composer').classList.toggle('hidden', home);
  $('home').classList.toggle('hidden', !home);
  if (home) return renderHome();
  $('input').placeholder = channel.isIm ? `Ask ${model.bot.name} something (a new chat)` : `Message #${channel.name}`;
  if (agent) return renderAgentPane(channel.id, openThread);
  fill($('timeline'), channelItems(channel.id), false, openThread);
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
  fill($('thread-list'), items, true, openThread);
  $('thread-status').replaceChildren(...[statusLine(channel, ts)].filter(Boolean));
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
  $('agent-threads').dataset.stick = 'yes';
  renderSidebar();
  renderMain();
  // As in Slack: opening a conversation puts the cursor in its message box.
  if (!$('composer').classList.contains('hidden')) $('input').focus();
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
    if (change.status) model.statuses.set(k, { status: change.status, loading: change.loading });
    else model.statuses.delete(k);
  } else if (change.type === 'title') model.titles.set(`${change.channel}:${change.threadTs}`, change.title);
  else if (change.type === 'prompts') model.prompts.set(`${change.channel}:${change.threadTs ?? ''}`, change);
  else if (change.type === 'modals') {
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
  model.statuses = new Map(
    snap.statuses.map((s) => [`${s.channel}:${s.threadTs}`, { status: s.status, loading: s.loading }]),
  );
  model.titles = new Map(snap.titles.map((t) => [`${t.channel}:${t.threadTs}`, t.title]));
  model.prompts = new Map(snap.prompts.map((p) => [`${p.channel}:${p.threadTs ?? ''}`, p]));
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
