import { viewJson } from '../store/views.js';
import { assertView, normalizeView } from './blocks.js';
import { required, SlackApiError, str } from './call.js';
import type { ApiContext, ApiMethod } from './context.js';

function triggerUser(args: Record<string, unknown>, ctx: ApiContext): string {
  const check = ctx.triggers.check(required(args, 'trigger_id', 'invalid_trigger_id'));
  if (typeof check === 'string') throw new SlackApiError(check);
  return check.user;
}

const open: ApiMethod = (args, ctx) => {
  assertView(args.view, 'modal');
  const user = triggerUser(args, ctx);
  return { view: viewJson(ctx.store.views.open(user, normalizeView(args.view)), ctx.store.identity) };
};

const push: ApiMethod = (args, ctx) => {
  assertView(args.view, 'modal');
  const view = ctx.store.views.push(triggerUser(args, ctx), normalizeView(args.view));
  if (typeof view === 'string') throw new SlackApiError(view);
  return { view: viewJson(view, ctx.store.identity) };
};

const update: ApiMethod = (args, ctx) => {
  const viewId = str(args, 'view_id');
  const externalId = str(args, 'external_id');
  if (!viewId && !externalId) throw new SlackApiError('not_found');
  const current = viewId ? ctx.store.views.get(viewId) : undefined;
  assertView(args.view, current?.type ?? 'modal');
  const view = ctx.store.views.update({ viewId, externalId }, normalizeView(args.view), str(args, 'hash'));
  if (typeof view === 'string') throw new SlackApiError(view);
  return { view: viewJson(view, ctx.store.identity) };
};

const publish: ApiMethod = (args, ctx) => {
  const user = required(args, 'user_id', 'invalid_arguments');
  if (!ctx.store.user(user)) throw new SlackApiError('not_found');
  assertView(args.view, 'home');
  const view = ctx.store.views.publish(user, normalizeView(args.view), str(args, 'hash'));
  if (typeof view === 'string') throw new SlackApiError(view);
  return { view: viewJson(view, ctx.store.identity) };
};

/** views.* methods; modals need a trigger_id no older than 3 seconds, as in Slack. */
export const viewMethods: Record<string, ApiMethod> = {
  'views.open': open,
  'views.push': push,
  'views.update': update,
  'views.publish': publish,
};
