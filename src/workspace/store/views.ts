import { hex, slackId } from '../ids.js';
import type { WorkspaceIdentity } from './store.js';
import type { Json, StoreChange, WsView } from './types.js';

/** Slack allows at most three modals in a stack. */
const MAX_MODAL_STACK = 3;

export type ViewRef = { viewId?: string; externalId?: string };

/** Modal stacks and App Home views, per user. */
export interface ViewStore {
  open(user: string, spec: Json): WsView;
  push(user: string, spec: Json): WsView | 'push_limit_reached' | 'not_found';
  update(ref: ViewRef, spec: Json, hash?: string): WsView | 'not_found' | 'hash_conflict';
  publish(user: string, spec: Json, hash?: string): WsView | 'hash_conflict';
  get(id: string): WsView | undefined;
  stack(user: string): WsView[];
  home(user: string): WsView | undefined;
  /** Removes `viewId` and every view above it; returns what was removed. */
  close(user: string, viewId: string): WsView[];
  clear(user: string): WsView[];
  /** Stores what the user typed or picked, so payloads carry `view.state.values`. */
  setValues(viewId: string, values: WsView['state']['values']): void;
}

const newHash = () => `${Math.floor(Date.now() / 1000)}.${hex(4)}`;

/** Creates the view store; every change is announced with `emit`. */
export function createViewStore(emit: (change: StoreChange) => void): ViewStore {
  const views = new Map<string, WsView>();
  const stacks = new Map<string, string[]>();
  const homes = new Map<string, string>();
  const stackOf = (user: string) => (stacks.get(user) ?? []).map((id) => views.get(id)!).filter(Boolean);
  const announce = (view: WsView) => {
    if (view.type === 'home') emit({ type: 'home', user: view.user, view });
    else emit({ type: 'modals', user: view.user, stack: stackOf(view.user) });
  };
  const create = (user: string, spec: Json, type: WsView['type'], previous: WsView | null, root?: string) => {
    const id = slackId('V');
    const view: WsView = {
      id,
      type,
      user,
      spec,
      state: { values: {} },
      hash: newHash(),
      externalId: typeof spec.external_id === 'string' ? spec.external_id : '',
      rootViewId: root ?? id,
      previousViewId: previous?.id ?? null,
    };
    views.set(id, view);
    return view;
  };
  const find = (ref: ViewRef) =>
    ref.viewId
      ? views.get(ref.viewId)
      : [...views.values()].find((v) => ref.externalId !== undefined && v.externalId === ref.externalId);
  const store: ViewStore = {
    open(user, spec) {
      for (const id of stacks.get(user) ?? []) views.delete(id);
      const view = create(user, spec, 'modal', null);
      stacks.set(user, [view.id]);
      announce(view);
      return view;
    },
    push(user, spec) {
      const stack = stackOf(user);
      const top = stack.at(-1);
      if (!top) return 'not_found';
      if (stack.length >= MAX_MODAL_STACK) return 'push_limit_reached';
      const view = create(user, spec, 'modal', top, top.rootViewId);
      stacks.get(user)!.push(view.id);
      announce(view);
      return view;
    },
    update(ref, spec, hash) {
      const view = find(ref);
      if (!view) return 'not_found';
      if (hash && hash !== view.hash) return 'hash_conflict';
      view.spec = spec;
      view.hash = newHash();
      if (typeof spec.external_id === 'string') view.externalId = spec.external_id;
      announce(view);
      return view;
    },
    publish(user, spec, hash) {
      const existing = homes.has(user) ? views.get(homes.get(user)!) : undefined;
      if (existing && hash && hash !== existing.hash) return 'hash_conflict';
      if (existing) {
        existing.spec = spec;
        existing.hash = newHash();
        announce(existing);
        return existing;
      }
      const view = create(user, spec, 'home', null);
      homes.set(user, view.id);
      announce(view);
      return view;
    },
    get: (id) => views.get(id),
    stack: stackOf,
    home: (user) => (homes.has(user) ? views.get(homes.get(user)!) : undefined),
    close(user, viewId) {
      const ids = stacks.get(user) ?? [];
      const at = ids.indexOf(viewId);
      if (at < 0) return [];
      const removed = ids.splice(at).map((id) => views.get(id)!);
      for (const v of removed) views.delete(v.id);
      emit({ type: 'modals', user, stack: stackOf(user) });
      return removed;
    },
    clear(user) {
      const first = stacks.get(user)?.[0];
      return first ? store.close(user, first) : [];
    },
    setValues(viewId, values) {
      const view = views.get(viewId);
      if (view) view.state = { values };
    },
  };
  return store;
}

/** The view object exactly as Slack returns it from views.* and sends it in payloads. */
export function viewJson(view: WsView, identity: WorkspaceIdentity): Json {
  const s = view.spec;
  return {
    id: view.id,
    team_id: identity.teamId,
    type: view.type,
    blocks: Array.isArray(s.blocks) ? s.blocks : [],
    private_metadata: typeof s.private_metadata === 'string' ? s.private_metadata : '',
    callback_id: typeof s.callback_id === 'string' ? s.callback_id : '',
    state: view.state,
    hash: view.hash,
    title: s.title ?? { type: 'plain_text', text: 'App Home', emoji: true },
    ...(s.close ? { close: s.close } : { close: null }),
    ...(s.submit ? { submit: s.submit } : { submit: null }),
    clear_on_close: s.clear_on_close === true,
    notify_on_close: s.notify_on_close === true,
    previous_view_id: view.previousViewId,
    root_view_id: view.rootViewId,
    app_id: identity.appId,
    external_id: view.externalId,
    app_installed_team_id: identity.teamId,
    bot_id: identity.botId,
  };
}
