import type { EventDispatcher } from '../delivery/events.js';
import type { TriggerRegistry } from '../delivery/triggers.js';
import type { WorkspaceStore } from '../store/store.js';
import type { Json } from '../store/types.js';

/** What every Web API method implementation can use. */
export interface ApiContext {
  store: WorkspaceStore;
  events: EventDispatcher;
  triggers: TriggerRegistry;
  /** The workspace's base URL (permalinks, auth.test `url`). */
  baseUrl: string;
  now: () => Date;
}

/** One Web API method: arguments in, the success body (without `ok`) out; failures throw SlackApiError. */
export type ApiMethod = (args: Record<string, unknown>, ctx: ApiContext) => Json | Promise<Json>;
