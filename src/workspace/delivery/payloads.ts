import { slackId } from '../ids.js';
import type { WorkspaceIdentity } from '../store/store.js';
import type { Json, WsUser } from '../store/types.js';

/** Per-start values every payload carries. */
export interface PayloadContext {
  identity: WorkspaceIdentity;
  /** The legacy verification token (deprecated by Slack, still sent). */
  verificationToken: string;
  now: () => Date;
}

/** An Events API `event_callback` envelope with a unique event_id. */
export function eventEnvelope(ctx: PayloadContext, event: Json): Json {
  const { identity } = ctx;
  return {
    token: ctx.verificationToken,
    team_id: identity.teamId,
    context_team_id: identity.teamId,
    context_enterprise_id: null,
    api_app_id: identity.appId,
    event,
    type: 'event_callback',
    event_id: slackId('Ev', 11),
    event_time: Math.floor(ctx.now().getTime() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: identity.teamId,
        user_id: identity.botUser.id,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(JSON.stringify({ a: identity.appId, t: identity.teamId })).toString('base64url')}`,
  };
}

/** The `user` object in interaction payloads. */
function payloadUser(ctx: PayloadContext, user: WsUser): Json {
  return { id: user.id, username: user.name, name: user.name, team_id: ctx.identity.teamId };
}

function base(ctx: PayloadContext, user: WsUser): Json {
  return {
    user: payloadUser(ctx, user),
    api_app_id: ctx.identity.appId,
    token: ctx.verificationToken,
    team: { id: ctx.identity.teamId, domain: ctx.identity.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
  };
}

export interface BlockActionsInput {
  user: WsUser;
  triggerId: string;
  actions: Json[];
  container: Json;
  channel?: { id: string; name: string };
  message?: Json;
  view?: Json;
  state?: Json;
  responseUrl?: string;
}

/** A `block_actions` interaction payload. */
export function blockActionsPayload(ctx: PayloadContext, input: BlockActionsInput): Json {
  return {
    type: 'block_actions',
    ...base(ctx, input.user),
    container: input.container,
    trigger_id: input.triggerId,
    ...(input.channel ? { channel: input.channel } : {}),
    ...(input.message ? { message: input.message } : {}),
    ...(input.view ? { view: input.view } : {}),
    ...(input.state ? { state: input.state } : {}),
    ...(input.responseUrl ? { response_url: input.responseUrl } : {}),
    actions: input.actions,
  };
}

/** A `view_submission` payload; `view.state.values` holds what the user entered. */
export function viewSubmissionPayload(ctx: PayloadContext, user: WsUser, triggerId: string, view: Json): Json {
  return { type: 'view_submission', ...base(ctx, user), trigger_id: triggerId, view, response_urls: [] };
}

/** A `view_closed` payload (sent only when the view has notify_on_close). */
export function viewClosedPayload(ctx: PayloadContext, user: WsUser, view: Json, cleared: boolean): Json {
  return { type: 'view_closed', ...base(ctx, user), view, is_cleared: cleared };
}

/** The form fields of a slash command request. */
export function slashCommandFields(
  ctx: PayloadContext,
  input: {
    user: WsUser;
    command: string;
    text: string;
    channel: { id: string; name: string };
    triggerId: string;
    responseUrl: string;
  },
): Record<string, string> {
  return {
    token: ctx.verificationToken,
    team_id: ctx.identity.teamId,
    team_domain: ctx.identity.teamDomain,
    channel_id: input.channel.id,
    channel_name: input.channel.name,
    user_id: input.user.id,
    user_name: input.user.name,
    command: input.command,
    text: input.text,
    api_app_id: ctx.identity.appId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  };
}
