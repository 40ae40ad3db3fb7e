// Page state shared by the page's modules, and its requests to the workspace.
import { h } from './dom.js';

export const model = {
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
  titles: new Map(),
  prompts: new Map(),
  modals: [],
  home: null,
};
export const ui = {
  channel: null,
  thread: null,
  tab: 'messages',
  unread: {},
  modalCtx: new Map(),
  modalErrors: {},
  modalNote: {},
};
export const $ = (id) => document.getElementById(id);

export async function post(path, body) {
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

export function toast(text, level = 'warn') {
  const node = h('div', { class: `toast ${level}` }, text);
  $('toasts').append(node);
  setTimeout(() => node.remove(), 6000);
}

export const userName = (id) => model.users[id]?.name ?? id;
export const channelName = (id) => model.channels.find((c) => c.id === id)?.name ?? id;
export const channelTitle = (c) => (c.isIm ? model.bot.name : `# ${c.name}`);
export const time = (ts) =>
  new Date(Number(String(ts).split('.')[0]) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
export const byTs = (a, b) => Number(a.ts) - Number(b.ts);

/** Render context for one container (a message, an ephemeral message or a view). */
export function contextFor(container, values = {}) {
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
