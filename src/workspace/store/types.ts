/** Plain JSON as Slack sends it (blocks, views, attachments): kept opaque, validated where it matters. */
export type Json = Record<string, unknown>;

export interface WsUser {
  id: string;
  name: string;
  realName: string;
  isBot: boolean;
  botId?: string;
  appId?: string;
}

export interface WsChannel {
  id: string;
  name: string;
  isIm: boolean;
  /** For a DM: the human on the other side. */
  user?: string;
  created: number;
  members: string[];
}

export interface WsReaction {
  name: string;
  users: string[];
}

export interface WsMessage {
  channel: string;
  ts: string;
  user: string;
  botId?: string;
  appId?: string;
  text: string;
  blocks?: Json[];
  attachments?: Json[];
  threadTs?: string;
  /** A thread reply also shown in the channel (reply_broadcast). */
  broadcast?: boolean;
  metadata?: Json;
  clientMsgId?: string;
  edited?: { user: string; ts: string };
  reactions: WsReaction[];
  /** Replies' ts, for a thread parent. */
  replies: string[];
  replyUsers: string[];
  /** True while chat.startStream … chat.stopStream is writing into it. */
  streaming?: boolean;
  /** A streamed message's tasks (task_update chunks), in the order they first appeared. */
  tasks?: WsTask[];
  /** How the tasks show: one by one among the text ('timeline', the default), or together ('plan'). */
  taskDisplayMode?: 'timeline' | 'plan';
  /** The plan's title (plan_update chunks). */
  planTitle?: string;
  /** Increases on every change, so the page redraws only what changed. */
  rev: number;
}

/** One task of a streamed answer (Slack's task_update chunk). */
export interface WsTask {
  id: string;
  title: string;
  status: 'pending' | 'in_progress' | 'complete' | 'error';
  details?: string;
  output?: string;
}

/** The agent surface's suggested prompts: for the app's Messages tab, or for one assistant thread. */
export interface WsPrompts {
  channel: string;
  threadTs?: string;
  title?: string;
  prompts: { title: string; message: string }[];
}

export interface WsEphemeral {
  channel: string;
  user: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks?: Json[];
  attachments?: Json[];
  rev: number;
}

export interface WsView {
  id: string;
  type: 'modal' | 'home';
  /** Who sees it. */
  user: string;
  /** The view as the app sent it (title, blocks, submit, close, callback_id, private_metadata …). */
  spec: Json;
  state: { values: Record<string, Record<string, Json>> };
  hash: string;
  externalId: string;
  rootViewId: string;
  previousViewId: string | null;
}

/** What changed, pushed to the page over Server-Sent Events. */
export type StoreChange =
  | { type: 'message'; message: WsMessage }
  | { type: 'message_deleted'; channel: string; ts: string; threadTs?: string }
  | { type: 'ephemeral'; message: WsEphemeral }
  | { type: 'ephemeral_deleted'; channel: string; ts: string; user: string }
  | { type: 'modals'; user: string; stack: WsView[] }
  | { type: 'home'; user: string; view: WsView }
  | { type: 'status'; channel: string; threadTs: string; status: string; loading?: string[] }
  | { type: 'title'; channel: string; threadTs: string; title: string }
  | ({ type: 'prompts' } & WsPrompts)
  | { type: 'notice'; level: 'info' | 'warn' | 'error'; text: string };
