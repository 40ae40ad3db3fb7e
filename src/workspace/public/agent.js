// The agent pane: the app's Messages tab as an agent view shows it — suggested prompts, then one block per
// thread (its title, the request, the answers inline, the live status line). Everything is inserted as text.
import { h } from './dom.js';
import { cachedNode, channelItems, statusLine, threadItems } from './messages.js';
import { model, post, toast } from './state.js';

function promptBar(channel) {
  const set = model.prompts.get(`${channel}:`);
  if (!set?.prompts?.length) return null;
  const ask = async (message) => {
    const res = await post('say', { channel, text: message });
    if (!res.ok) toast(res.error ?? `${model.bot.name} did not acknowledge.`);
  };
  return h(
    'div',
    { class: 'prompts', role: 'group', 'aria-label': 'Suggested prompts' },
    h('div', { class: 'prompts-title' }, set.title ?? 'Suggested prompts'),
    h(
      'div',
      { class: 'prompts-list' },
      set.prompts.map((p) =>
        h('button', { class: 'prompt', type: 'button', title: p.message, onclick: () => ask(p.message) }, p.title),
      ),
    ),
  );
}

function threadBlock(m, openThread) {
  const items = threadItems(m.channel, m.ts);
  const title = model.titles.get(`${m.channel}:${m.ts}`);
  return h(
    'article',
    { class: 'agent-thread', dataset: { ts: m.ts } },
    h(
      'header',
      { class: 'agent-thread-head' },
      h('span', { class: 'agent-thread-title' }, title ?? 'New chat'),
      h('button', { class: 'link', type: 'button', onclick: () => openThread(m.channel, m.ts) }, 'Reply in thread'),
    ),
    items.map((item) => cachedNode(item, true, openThread)),
    statusLine(m.channel, m.ts),
  );
}

/** Fills the agent pane for the DM `channel`, keeping the view at the bottom. */
export function renderAgentPane(channel, openThread) {
  const list = document.getElementById('agent-threads');
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const threads = channelItems(channel).map((m) =>
    m.is_ephemeral ? cachedNode(m, false, openThread) : threadBlock(m, openThread),
  );
  const intro = h(
    'p',
    { class: 'muted agent-intro' },
    `Ask ${model.bot.name} anything: each message starts a new chat, answered in its thread.`,
  );
  document.getElementById('prompts-slot').replaceChildren(...[promptBar(channel)].filter(Boolean));
  list.replaceChildren(...(threads.length ? threads : [intro]));
  if (nearBottom || list.dataset.stick !== 'no') list.scrollTop = list.scrollHeight;
  list.dataset.stick = 'no';
}
