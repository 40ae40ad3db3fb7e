import { compareTs, createTsClock } from '../ids.js';
import { type AgentSurfaceStore, createAgentSurfaceStore } from './agent.js';
import type { Json, StoreChange, WsChannel, WsEphemeral, WsMessage, WsUser } from './types.js';
import { createViewStore, type ViewStore } from './views.js';

/** The people, bot and conversations the workspace starts with. */
export interface WorkspaceIdentity {
  teamId: string;
  teamDomain: string;
  appId: string;
  botId: string;
  botUser: WsUser;
  localUser: WsUser;
  /** Channel names to create besides #leads (e.g. DIGEST_CHANNEL); a leading '#' is ignored. */
  channels: string[];
}

export type StoreListener = (change: StoreChange) => void;

/** Most messages kept per conversation; older ones are dropped (the database keeps the real record). */
const MAX_MESSAGES_PER_CHANNEL = 5000;
/** Ephemeral messages kept (Slack forgets them on reload; the workspace keeps the latest few hundred). */
const MAX_EPHEMERALS = 500;

/** In-memory workspace: channels, users, messages, threads, ephemeral messages, reactions and views. */
export interface WorkspaceStore {
  identity: WorkspaceIdentity;
  views: ViewStore;
  /** Status lines, thread titles and suggested prompts of the agent surface. */
  agent: AgentSurfaceStore;
  nextTs(): string;
  users(): WsUser[];
  user(id: string): WsUser | undefined;
  channels(): WsChannel[];
  channel(id: string): WsChannel | undefined;
  /** Finds a conversation by id, `#name`, `name`, or a user id (that user's DM with the bot). */
  resolveChannel(ref: string): WsChannel | undefined;
  dmWith(userId: string): WsChannel | undefined;
  post(input: Omit<WsMessage, 'ts' | 'reactions' | 'replies' | 'replyUsers' | 'rev'> & { ts?: string }): WsMessage;
  message(channel: string, ts: string): WsMessage | undefined;
  update(
    message: WsMessage,
    patch: Partial<
      Pick<
        WsMessage,
        | 'text'
        | 'blocks'
        | 'attachments'
        | 'metadata'
        | 'edited'
        | 'streaming'
        | 'tasks'
        | 'taskDisplayMode'
        | 'planTitle'
      >
    >,
  ): WsMessage;
  remove(channel: string, ts: string): boolean;
  /** Top-level messages (and replies broadcast to the channel), oldest first. */
  history(channel: string): WsMessage[];
  /** Every message in the conversation, thread replies included, oldest first. */
  all(channel: string): WsMessage[];
  /** The parent followed by its replies, oldest first. */
  thread(channel: string, threadTs: string): WsMessage[];
  changed(message: WsMessage): void;
  postEphemeral(input: Omit<WsEphemeral, 'ts' | 'rev'>): WsEphemeral;
  ephemeral(ts: string): WsEphemeral | undefined;
  replaceEphemeral(e: WsEphemeral, patch: Pick<WsEphemeral, 'text' | 'blocks' | 'attachments'>): WsEphemeral;
  removeEphemeral(ts: string): boolean;
  ephemeralsFor(user: string): WsEphemeral[];
  notice(level: 'info' | 'warn' | 'error', text: string): void;
  subscribe(listener: StoreListener): () => void;
}

/** Creates an empty workspace with #leads, any extra channels, and the local user's DM with the bot. */
export function createWorkspaceStore(identity: WorkspaceIdentity, now: () => Date = () => new Date()): WorkspaceStore {
  const nextTs = createTsClock(now);
  const listeners = new Set<StoreListener>();
  const emit = (change: StoreChange) => {
    for (const listener of listeners) listener(change);
  };
  const users = new Map<string, WsUser>([
    [identity.localUser.id, identity.localUser],
    [identity.botUser.id, identity.botUser],
  ]);
  const channels = new Map<string, WsChannel>();
  const messages = new Map<string, Map<string, WsMessage>>();
  const ephemerals = new Map<string, WsEphemeral>();
  const created = Math.floor(now().getTime() / 1000);
  const members = [identity.localUser.id, identity.botUser.id];
  const addChannel = (c: WsChannel) => {
    channels.set(c.id, c);
    messages.set(c.id, new Map());
  };
  addChannel({ id: 'C0LEADS0001', name: 'leads', isIm: false, created, members });
  identity.channels.forEach((raw, i) => {
    const name = raw.replace(/^#/, '').trim().toLowerCase();
    if (!name || [...channels.values()].some((c) => c.name === name || c.id === raw)) return;
    const isId = /^[CG][A-Z0-9]{6,}$/.test(raw);
    addChannel({ id: isId ? raw : `C0CHAN${String(i + 2).padStart(5, '0')}`, name, isIm: false, created, members });
  });
  addChannel({
    id: 'D0LEADBOT01',
    name: identity.localUser.id,
    isIm: true,
    user: identity.localUser.id,
    created,
    members,
  });

  const byName = (name: string) => [...channels.values()].find((c) => !c.isIm && c.name === name);
  const store: WorkspaceStore = {
    identity,
    views: createViewStore(emit),
    agent: createAgentSurfaceStore(emit),
    nextTs,
    users: () => [...users.values()],
    user: (id) => users.get(id),
    channels: () => [...channels.values()],
    channel: (id) => channels.get(id),
    dmWith: (userId) => [...channels.values()].find((c) => c.isIm && c.user === userId),
    resolveChannel(ref) {
      const trimmed = ref.trim();
      if (channels.has(trimmed)) return channels.get(trimmed);
      if (/^[UW][A-Z0-9]+$/.test(trimmed)) return store.dmWith(trimmed);
      return byName(trimmed.replace(/^#/, '').toLowerCase());
    },
    post(input) {
      const list = messages.get(input.channel)!;
      const message: WsMessage = {
        ...input,
        ts: input.ts ?? nextTs(),
        reactions: [],
        replies: [],
        replyUsers: [],
        rev: 1,
      };
      list.set(message.ts, message);
      if (message.threadTs && message.threadTs !== message.ts) {
        const parent = list.get(message.threadTs);
        if (parent) {
          parent.replies.push(message.ts);
          if (!parent.replyUsers.includes(message.user)) parent.replyUsers.push(message.user);
          store.changed(parent);
        }
      }
      trim(list);
      emit({ type: 'message', message });
      return message;
    },
    message: (channel, ts) => messages.get(channel)?.get(ts),
    update(message, patch) {
      Object.assign(message, patch);
      store.changed(message);
      return message;
    },
    remove(channel, ts) {
      const list = messages.get(channel);
      const message = list?.get(ts);
      if (!list || !message) return false;
      list.delete(ts);
      const parent = message.threadTs ? list.get(message.threadTs) : undefined;
      if (parent && parent !== message) {
        parent.replies = parent.replies.filter((r) => r !== ts);
        store.changed(parent);
      }
      emit({ type: 'message_deleted', channel, ts, threadTs: message.threadTs });
      return true;
    },
    history: (channel) =>
      [...(messages.get(channel)?.values() ?? [])]
        .filter((m) => !m.threadTs || m.threadTs === m.ts || m.broadcast)
        .sort((a, b) => compareTs(a.ts, b.ts)),
    all: (channel) => [...(messages.get(channel)?.values() ?? [])].sort((a, b) => compareTs(a.ts, b.ts)),
    thread(channel, threadTs) {
      const list = messages.get(channel);
      const parent = list?.get(threadTs);
      if (!list || !parent) return [];
      const replies = parent.replies.map((ts) => list.get(ts)).filter((m): m is WsMessage => Boolean(m));
      return [parent, ...replies.sort((a, b) => compareTs(a.ts, b.ts))];
    },
    changed(message) {
      message.rev += 1;
      emit({ type: 'message', message });
    },
    postEphemeral(input) {
      const e: WsEphemeral = { ...input, ts: nextTs(), rev: 1 };
      ephemerals.set(e.ts, e);
      if (ephemerals.size > MAX_EPHEMERALS) store.removeEphemeral(ephemerals.keys().next().value!);
      emit({ type: 'ephemeral', message: e });
      return e;
    },
    ephemeral: (ts) => ephemerals.get(ts),
    replaceEphemeral(e, patch) {
      Object.assign(e, patch, { rev: e.rev + 1 });
      emit({ type: 'ephemeral', message: e });
      return e;
    },
    removeEphemeral(ts) {
      const e = ephemerals.get(ts);
      if (!e) return false;
      ephemerals.delete(ts);
      emit({ type: 'ephemeral_deleted', channel: e.channel, ts, user: e.user });
      return true;
    },
    ephemeralsFor: (user) => [...ephemerals.values()].filter((e) => e.user === user),
    notice: (level, text) => emit({ type: 'notice', level, text }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return store;
}

function trim(list: Map<string, WsMessage>): void {
  if (list.size <= MAX_MESSAGES_PER_CHANNEL) return;
  const oldest = [...list.keys()].sort(compareTs).slice(0, list.size - MAX_MESSAGES_PER_CHANNEL);
  for (const ts of oldest) list.delete(ts);
}

export type { Json };
