import { ephemeralJson, messageJson } from '../store/serialize.js';
import type { WorkspaceStore } from '../store/store.js';
import type { Json, StoreChange, WsEphemeral, WsMessage } from '../store/types.js';
import { viewJson } from '../store/views.js';

/** What the sandbox banner says is simulated; every field is shown as text. */
export interface SandboxInfo {
  /** e.g. "sandbox" or "live". */
  mode: string;
  /** Where companies come from, e.g. "bundled sample directory (fictional companies on .example domains)". */
  directory: string;
  /** e.g. "outbox: writes .eml files to data/outbox/, never sends". */
  mail: string;
  /** e.g. "Ollama llama3.2 at http://127.0.0.1:11434" or "none: deterministic paths only". */
  llm: string;
  database?: string;
}

/** A message as the page receives it: Slack's shape plus its conversation and revision. */
function uiMessage(m: WsMessage, store: WorkspaceStore): Json {
  return {
    ...messageJson(m, store),
    channel: m.channel,
    rev: m.rev,
    streaming: m.streaming === true,
    ...(m.tasks ? { tasks: m.tasks, task_display_mode: m.taskDisplayMode ?? 'timeline' } : {}),
    ...(m.planTitle ? { plan_title: m.planTitle } : {}),
  };
}

function uiEphemeral(e: WsEphemeral, store: WorkspaceStore): Json {
  return { ...ephemeralJson(e, store.identity), channel: e.channel, rev: e.rev };
}

/** Everything the page needs to draw the workspace for the local user. */
export function snapshot(store: WorkspaceStore, sandbox: SandboxInfo, commands: string[]): Json {
  const { identity } = store;
  const me = identity.localUser.id;
  const messages: Record<string, Json[]> = {};
  for (const c of store.channels()) messages[c.id] = store.all(c.id).map((m) => uiMessage(m, store));
  const home = store.views.home(me);
  return {
    team: { id: identity.teamId, name: 'leadbot sandbox', domain: identity.teamDomain },
    me: { id: me, name: identity.localUser.name, realName: identity.localUser.realName },
    bot: { id: identity.botUser.id, name: identity.botUser.name, botId: identity.botId },
    users: Object.fromEntries(store.users().map((u) => [u.id, { name: u.name, realName: u.realName, isBot: u.isBot }])),
    channels: store.channels().map((c) => ({ id: c.id, name: c.name, isIm: c.isIm })),
    messages,
    ephemerals: store.ephemeralsFor(me).map((e) => uiEphemeral(e, store)),
    modals: store.views.stack(me).map((v) => viewJson(v, identity)),
    home: home ? viewJson(home, identity) : null,
    statuses: store.agent.statuses(),
    titles: store.agent.titles(),
    prompts: store.agent.prompts(),
    commands,
    sandbox,
  };
}

/** A store change as the local user's page receives it, or undefined when it is not theirs to see. */
export function uiChange(change: StoreChange, store: WorkspaceStore): Json | undefined {
  const me = store.identity.localUser.id;
  switch (change.type) {
    case 'message':
      return { type: 'message', message: uiMessage(change.message, store) };
    case 'ephemeral':
      return change.message.user === me
        ? { type: 'ephemeral', message: uiEphemeral(change.message, store) }
        : undefined;
    case 'ephemeral_deleted':
      return change.user === me ? change : undefined;
    case 'modals':
      return change.user === me
        ? { type: 'modals', stack: change.stack.map((v) => viewJson(v, store.identity)) }
        : undefined;
    case 'home':
      return change.user === me ? { type: 'home', view: viewJson(change.view, store.identity) } : undefined;
    default:
      return { ...change };
  }
}
