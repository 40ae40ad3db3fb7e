import type { StoreChange, WsPrompts } from './types.js';

/** Status line of a thread while the app works (assistant.threads.setStatus). */
export interface WsStatus {
  channel: string;
  threadTs: string;
  status: string;
  loading?: string[];
}

/** What the agent surface shows besides messages: status lines, thread titles, suggested prompts. */
export interface AgentSurfaceStore {
  setStatus(channel: string, threadTs: string, status: string, loading?: string[]): void;
  statuses(): WsStatus[];
  setTitle(channel: string, threadTs: string, title: string): void;
  titles(): { channel: string; threadTs: string; title: string }[];
  /** Prompts for the Messages tab (no thread) or one thread; a later call replaces them. */
  setPrompts(prompts: WsPrompts): void;
  prompts(): WsPrompts[];
}

export function createAgentSurfaceStore(emit: (change: StoreChange) => void): AgentSurfaceStore {
  const statuses = new Map<string, WsStatus>();
  const titles = new Map<string, { channel: string; threadTs: string; title: string }>();
  const prompts = new Map<string, WsPrompts>();
  const key = (channel: string, threadTs?: string) => `${channel}:${threadTs ?? ''}`;
  return {
    setStatus(channel, threadTs, status, loading) {
      const entry = { channel, threadTs, status, ...(loading?.length ? { loading } : {}) };
      if (status) statuses.set(key(channel, threadTs), entry);
      else statuses.delete(key(channel, threadTs));
      emit({ type: 'status', ...entry });
    },
    statuses: () => [...statuses.values()],
    setTitle(channel, threadTs, title) {
      titles.set(key(channel, threadTs), { channel, threadTs, title });
      emit({ type: 'title', channel, threadTs, title });
    },
    titles: () => [...titles.values()],
    setPrompts(p) {
      prompts.set(key(p.channel, p.threadTs), p);
      emit({ type: 'prompts', ...p });
    },
    prompts: () => [...prompts.values()],
  };
}
