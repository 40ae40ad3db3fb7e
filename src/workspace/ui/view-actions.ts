import { assertView, normalizeView } from '../api/blocks.js';
import type { DeliveryResult } from '../delivery/deliverer.js';
import { viewClosedPayload, viewSubmissionPayload } from '../delivery/payloads.js';
import type { Json, WsUser } from '../store/types.js';
import { viewJson } from '../store/views.js';
import { parseAck } from './acks.js';
import type { ActionDeps } from './actions.js';
import { buildState, inputErrors, type RawValues } from './elements.js';

/** How a modal submission ended, as the user sees it. */
export type SubmitOutcome =
  | { kind: 'closed' }
  | { kind: 'errors'; errors: Record<string, string> }
  | { kind: 'updated' | 'pushed' | 'cleared' }
  | { kind: 'failed'; reason: string };

export interface ViewActions {
  submitView(input: { viewId: string; values?: RawValues; user?: string }): Promise<SubmitOutcome>;
  closeView(input: { viewId: string; user?: string }): Promise<void>;
}

/** Modal submit and close, with Slack's `response_action` handling (errors, update, push, clear). */
export function createViewActions(deps: ActionDeps, userOf: (id?: string) => WsUser): ViewActions {
  const { store } = deps;

  function applyAck(user: WsUser, viewId: string, result: DeliveryResult): SubmitOutcome {
    if (!result.ok) return { kind: 'failed', reason: result.reason ?? 'http_error' };
    const ack = parseAck(result);
    const body: Json = ack && typeof ack === 'object' ? ack : {};
    try {
      switch (body.response_action) {
        case 'errors':
          return { kind: 'errors', errors: (body.errors ?? {}) as Record<string, string> };
        case 'update':
          assertView(body.view, 'modal');
          store.views.update({ viewId }, normalizeView(body.view));
          return { kind: 'updated' };
        case 'push': {
          assertView(body.view, 'modal');
          const pushed = store.views.push(user.id, normalizeView(body.view));
          return typeof pushed === 'string' ? { kind: 'failed', reason: pushed } : { kind: 'pushed' };
        }
        case 'clear':
          store.views.clear(user.id);
          return { kind: 'cleared' };
        default:
          store.views.close(user.id, viewId);
          return { kind: 'closed' };
      }
    } catch {
      return { kind: 'failed', reason: 'invalid_response_action' };
    }
  }

  return {
    async submitView(input) {
      const user = userOf(input.user);
      const view = store.views.get(input.viewId);
      if (!view || view.user !== user.id) return { kind: 'failed', reason: 'view_not_found' };
      const blocks = view.spec.blocks as Json[] | undefined;
      const state = buildState(blocks, input.values);
      store.views.setValues(view.id, state);
      const errors = inputErrors(blocks, state);
      if (Object.keys(errors).length > 0) return { kind: 'errors', errors };
      const triggerId = deps.triggers.issue(user.id);
      const payload = viewSubmissionPayload(deps.payloads, user, triggerId, viewJson(view, store.identity));
      return applyAck(user, view.id, await deps.deliver({ type: 'interaction', payload }));
    },
    async closeView(input) {
      const user = userOf(input.user);
      const view = store.views.get(input.viewId);
      if (!view || view.user !== user.id) return;
      const clear = view.spec.clear_on_close === true;
      if (view.spec.notify_on_close === true) {
        const payload = viewClosedPayload(deps.payloads, user, viewJson(view, store.identity), clear);
        await deps.deliver({ type: 'interaction', payload });
      }
      if (clear) store.views.clear(user.id);
      else store.views.close(user.id, view.id);
    },
  };
}
