import { AIMessage, fakeModel } from 'langchain';
import type { UserActor } from '../../src/app/actor.js';
import { createAppAgent, createConversationServices } from '../../src/app/conversation-services.js';
import type { UseCases } from '../../src/app/use-cases.js';
import { actionsFor, decide } from '../../src/cli/commands/chat-actions.js';
import { loadConfig } from '../../src/config.js';
import { toAppError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { buildLeadbot, type Running, start } from '../../src/main.js';
import { signSlackRequest } from '../../src/workspace/delivery/sign.js';
import { cli } from '../helpers/cli.js';
import { startSlackStandIn } from '../helpers/slack-stand-in.js';
import { memberDirectory } from './helpers.js';
import {
  APPROVER,
  buildOptions,
  CLI,
  EDIT,
  INSTRUCTIONS,
  MEMBER,
  REASON,
  TARGET_ADDRESS,
  type Targets,
} from './parity-world.js';

const CARD_TS = '1800000999.000100';

export const DECISIONS = [
  'approve_lead',
  'reject_lead',
  'approve_all_high',
  'approve_draft',
  'edit_draft',
  'reject_draft',
  'regenerate_draft',
  'suppress',
  'apply_lesson',
  'run_stage',
  'send',
] as const;
export type Decision = (typeof DECISIONS)[number];
export type Who = 'approver' | 'member';

export interface Session {
  take(decision: Decision, t: Targets): Promise<void>;
  /** Waits for the work a decision started (enrichment, a send) to finish. */
  settle(): Promise<void>;
  /** The refusals the person was shown, newest last. */
  refusals(): Promise<string[]>;
  close(): Promise<void>;
}

export interface Surface {
  name: string;
  offers: readonly Decision[];
  /** Who can be tested here: the CLI operator is an approver by policy. */
  who: readonly Who[];
  open(env: Record<string, string>, who: Who): Promise<Session>;
}

const refusalLike = (text: string) => /Only approvers|Only the person who asked|cannot .* itself/.test(text);

/** The use cases called directly: the reference every surface is compared with. */
export const direct: Surface = {
  name: 'use cases',
  offers: DECISIONS,
  who: ['approver'],
  async open(env) {
    const built = await buildLeadbot(loadConfig(env), createLogger({ level: 'silent' }), {
      ...buildOptions(),
      trigger: 'cli',
    });
    const u = built.useCases;
    return {
      async take(d, t) {
        await takeDirect(u, d, t);
      },
      settle: () => built.flow.idle(),
      refusals: async () => [],
      close: () => built.close(),
    };
  },
};

async function takeDirect(u: UseCases, d: Decision, t: Targets) {
  const a = CLI;
  if (d === 'approve_lead') await u.decideLead({ companyId: t.lead, decision: 'approved' }, a);
  if (d === 'reject_lead') await u.decideLead({ companyId: t.lead, decision: 'rejected', reason: REASON }, a);
  if (d === 'approve_all_high') await u.approveAllHigh({ companyIds: t.pending }, a);
  if (d === 'approve_draft') await u.decideDraft({ draftId: t.draft, decision: 'approved' }, a);
  if (d === 'edit_draft') await u.editDraft({ draftId: t.draft, ...EDIT }, a);
  if (d === 'reject_draft') await u.decideDraft({ draftId: t.draft, decision: 'rejected' }, a);
  if (d === 'regenerate_draft') await u.regenerateDraft({ draftId: t.draft, instructions: INSTRUCTIONS }, a);
  if (d === 'suppress') await u.suppress({ target: TARGET_ADDRESS }, a);
  if (d === 'apply_lesson') await u.decideLesson({ lessonId: t.lessonId, decision: 'apply' }, a);
  if (d === 'run_stage') await u.runStage({ stage: 'score' }, a);
  if (d === 'send') await u.runStage({ stage: 'outreach' }, a);
}

/** `leadbot <command>` in the terminal. */
export const terminal: Surface = {
  name: 'CLI',
  offers: [
    'approve_lead',
    'reject_lead',
    'approve_draft',
    'reject_draft',
    'regenerate_draft',
    'suppress',
    'apply_lesson',
    'run_stage',
    'send',
  ],
  who: ['approver'],
  async open(env) {
    const seen: string[] = [];
    const run = async (args: string[]) => {
      const out = await cli(args, env);
      if (out.code !== 0) seen.push(out.stderr);
    };
    return {
      async take(d, t) {
        const id = (n: number) => String(n);
        if (d === 'approve_lead') await run(['approve-lead', id(t.lead)]);
        if (d === 'reject_lead') await run(['reject-lead', id(t.lead), '--reason', REASON]);
        if (d === 'approve_draft') await run(['approve-draft', id(t.draft)]);
        if (d === 'reject_draft') await run(['reject-draft', id(t.draft)]);
        if (d === 'regenerate_draft') await run(['regenerate-draft', id(t.draft), '--instructions', INSTRUCTIONS]);
        if (d === 'suppress') await run(['suppress', TARGET_ADDRESS]);
        if (d === 'apply_lesson') await run(['lessons', 'apply', id(t.lessonId)]);
        if (d === 'run_stage') await run(['run-stage', 'score']);
        if (d === 'send') await run(['run-stage', 'outreach']);
      },
      settle: async () => {},
      refusals: async () => seen,
      close: async () => {},
    };
  },
};

const personOf = (who: Who): UserActor => ({
  kind: 'user',
  surface: 'slack',
  id: who === 'approver' ? APPROVER : MEMBER,
});

/** A chat turn (a Slack DM or `leadbot chat`): commands run at once, decisions become requests confirmed by number. */
export const chat: Surface = {
  name: 'chat turn',
  offers: ['approve_lead', 'suppress', 'run_stage', 'send'],
  who: ['approver', 'member'],
  async open(env, who) {
    const config = loadConfig({ ...env, APPROVER_USER_IDS: APPROVER });
    const built = await buildLeadbot(config, createLogger({ level: 'silent' }), buildOptions());
    built.membership.attach(memberDirectory());
    const conversation = built.createConversation({ noLlm: true });
    const actor = personOf(who);
    const ctx = { conversationKey: `slack:D0PARITY:${who}`, userId: actor.id, surface: 'slack' as const, actor };
    const seen: string[] = [];
    const say = async (text: string) => {
      const reply = await conversation.respond(text, ctx);
      if (refusalLike(reply.text)) seen.push(reply.text);
      return reply;
    };
    const confirmAll = async (text: string) => {
      const reply = await say(text);
      for (const action of await actionsFor(reply, built.useCases))
        if (action.kind === 'decide' && action.approvalIds.length === 1)
          for (const line of await decide(built.useCases, action, actor)) if (refusalLike(line)) seen.push(line);
    };
    return {
      async take(d) {
        if (d === 'approve_lead') {
          await say('list pending leads');
          await confirmAll('approve the first one');
        }
        if (d === 'suppress') await confirmAll(`suppress ${TARGET_ADDRESS}`);
        if (d === 'run_stage') await say('run score');
        if (d === 'send') await say('run outreach');
      },
      settle: () => built.flow.idle(),
      refusals: async () => seen,
      close: () => built.close(),
    };
  },
};

/** The agent's tools: it asks (a request), and the same person confirms as they would with the button. */
export const agentTool: Surface = {
  name: 'agent tool',
  offers: ['approve_lead', 'approve_draft', 'suppress', 'run_stage'],
  who: ['approver', 'member'],
  async open(env, who) {
    const config = loadConfig({ ...env, APPROVER_USER_IDS: APPROVER });
    const built = await buildLeadbot(config, createLogger({ level: 'silent' }), buildOptions());
    built.membership.attach(memberDirectory());
    const services = createConversationServices(built.useCases);
    const actor = personOf(who);
    const ctx = { conversationKey: `slack:D0AGENT:${who}`, userId: actor.id, surface: 'slack' as const, actor };
    const seen: string[] = [];
    const ask = async (tool: string, args: Record<string, unknown>) => {
      const model = fakeModel()
        .respondWithTools([{ name: tool, args }])
        .respond(new AIMessage('Asked.'));
      const agent = createAppAgent(built.container, services, {
        available: () => true,
        describe: () => 'fake',
        chatModel: () => model,
        translateError: (err) => toAppError(err, 'llm_unavailable'),
      });
      const reply = await agent.run('please do it', ctx, []);
      for (const requestId of reply.approvalRequestIds ?? []) {
        try {
          await built.useCases.decideRequest({ requestId }, actor);
        } catch (err) {
          seen.push((err as Error).message);
        }
      }
    };
    return {
      async take(d, t) {
        const why = 'The user asked for it.';
        if (d === 'approve_lead') await ask('request_approval', { kind: 'lead', subjectId: `#${t.lead}`, why });
        if (d === 'approve_draft') await ask('request_approval', { kind: 'draft', subjectId: `#${t.draft}`, why });
        if (d === 'suppress') await ask('request_approval', { kind: 'suppress', subjectId: TARGET_ADDRESS, why });
        if (d === 'run_stage') await ask('run_stage', { stage: 'score' });
      },
      settle: () => built.flow.idle(),
      refusals: async () => seen,
      close: () => built.close(),
    };
  },
};

/** What a Slack client sends for a click or a form, for one user in one channel. */
export function interactions(user: { id: string; team: string }, channel: string) {
  const base = {
    user: { id: user.id, username: 'person', name: 'person', team_id: user.team },
    team: { id: user.team, domain: 'parity' },
    api_app_id: 'A0PARITY01',
    token: 'x',
    trigger_id: '1.2.3',
  };
  const ts = CARD_TS;
  return {
    click: (actionId: string, value: string) => ({
      ...base,
      type: 'block_actions',
      container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
      channel: { id: channel, name: 'leads' },
      message: { type: 'message', ts, text: 'cards', blocks: [] },
      actions: [{ type: 'button', action_id: actionId, block_id: 'b0', value, action_ts: '1.1' }],
    }),
    homeClick: (actionId: string, value: string) => ({
      ...base,
      type: 'block_actions',
      container: { type: 'view', view_id: 'V0HOME' },
      view: { id: 'V0HOME', type: 'home', blocks: [], private_metadata: '', callback_id: '', hash: 'h' },
      actions: [{ type: 'button', action_id: actionId, block_id: 'home_quick', value, action_ts: '1.1' }],
    }),
    submit: (callbackId: string, id: number, values: Record<string, string>) => ({
      ...base,
      type: 'view_submission',
      view: {
        id: 'V0MODAL',
        type: 'modal',
        callback_id: callbackId,
        private_metadata: JSON.stringify({ id, channel, ts }),
        state: {
          values: Object.fromEntries(
            Object.entries(values).map(([k, v]) => [k, { value: { type: 'plain_text_input', value: v } }]),
          ),
        },
        hash: 'h',
      },
    }),
    batchValue: (ids: number[]) => JSON.stringify({ p: [[ts, ids]] }),
  };
}

/** The decisions Slack offers, as the payloads of its buttons and forms (a suppression starts in a DM). */
function slackPayloads(i: ReturnType<typeof interactions>, d: Decision, t: Targets) {
  const s = String;
  const map: Partial<Record<Decision, unknown>> = {
    approve_lead: i.click('lead_approve', s(t.lead)),
    reject_lead: i.submit('lead_reject_modal', t.lead, { reason: REASON }),
    approve_all_high: i.click('lead_approve_all_high', i.batchValue(t.pending)),
    approve_draft: i.click('draft_approve_send', s(t.draft)),
    edit_draft: i.submit('draft_edit_modal', t.draft, EDIT),
    reject_draft: i.click('draft_reject', s(t.draft)),
    regenerate_draft: i.submit('draft_regenerate_modal', t.draft, { instructions: INSTRUCTIONS }),
    apply_lesson: i.click('lesson_apply', s(t.lessonId)),
    run_stage: i.homeClick('home_run_stage_score', 'score'),
    send: i.homeClick('home_run_stage_outreach', 'outreach'),
  };
  return map[d];
}

/** Slack in HTTP mode: signed requests into the real receiver, the Web API answered by a local stand-in. */
export const slack: Surface = {
  name: 'Slack receiver',
  offers: DECISIONS,
  who: ['approver', 'member'],
  async open(env, who) {
    const standIn = await startSlackStandIn();
    const running: Running = await start(
      loadConfig({
        ...env,
        PORT: '0',
        SLACK_BOT_TOKEN: 'xoxb-parity',
        SLACK_SIGNING_SECRET: '5ec7e7a1c0ffee00d15ea5edbadf00d5',
        SLACK_API_URL: standIn.apiUrl,
        APPROVER_USER_IDS: APPROVER,
      }),
      buildOptions(),
    );
    const user = who === 'approver' ? APPROVER : MEMBER;
    const channel = 'C0PARITY01';
    const i = interactions({ id: user, team: 'T0STANDIN01' }, channel);
    const post = async (body: string, type: string) => {
      const headers = signSlackRequest('5ec7e7a1c0ffee00d15ea5edbadf00d5', body, Math.floor(Date.now() / 1000));
      const res = await fetch(`http://127.0.0.1:${running.port}/slack/events`, {
        method: 'POST',
        headers: { ...headers, 'content-type': type },
        body,
      });
      if (res.status !== 200) throw new Error(`the receiver answered ${res.status}`);
    };
    const interact = (payload: unknown) =>
      post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
    let events = 0;
    const shown = () =>
      standIn.calls
        .filter(
          (c) =>
            c.method === 'chat.postEphemeral' || (c.method === 'chat.postMessage' && c.args.channel === 'D0STANDIN01'),
        )
        .map((c) => String(c.args.text ?? ''));
    return {
      async take(d, t) {
        if (d !== 'suppress') return interact(slackPayloads(i, d, t));
        const ts = `1800001${String(++events).padStart(3, '0')}.000100`;
        const event = {
          type: 'message',
          channel: 'D0PARITY01',
          channel_type: 'im',
          user,
          text: `suppress ${TARGET_ADDRESS}`,
          ts,
          event_ts: ts,
        };
        await post(
          JSON.stringify({
            token: 'x',
            team_id: 'T0STANDIN01',
            api_app_id: 'A0PARITY01',
            type: 'event_callback',
            event_id: `Ev0PARITY${events}`,
            event_time: 1,
            event,
          }),
          'application/json',
        );
        const card = await eventually(() =>
          standIn.calls.find(
            (c) => c.method === 'chat.postMessage' && JSON.stringify(c.args.blocks ?? '').includes('request_confirm'),
          ),
        );
        const requestId = /"action_id":"request_confirm","value":"(\d+)"/.exec(JSON.stringify(card.args.blocks))![1]!;
        await interact(i.click('request_confirm', requestId));
      },
      async settle() {
        await running.flow.idle();
        await running.bot?.flush();
      },
      refusals: async () => shown().filter(refusalLike),
      async close() {
        await running.stop();
        await standIn.close();
      },
    };
  },
};

/** The local workspace: its own users, signing and delivery (what its page's clicks go through). */
export const workspace: Surface = {
  name: 'workspace',
  offers: DECISIONS,
  who: ['approver', 'member'],
  async open(env, who) {
    const local = 'U0LOCAL0001';
    const running = await start(
      loadConfig({ ...env, PORT: '0', APPROVER_USER_IDS: who === 'approver' ? local : APPROVER }),
      buildOptions(),
    );
    const ws = running.workspace!;
    const leads = ws.store.resolveChannel('leads')!.id;
    const i = interactions({ id: local, team: ws.store.identity.teamId }, leads);
    const dm = ws.store.dmWith(local)!.id;
    // The message whose buttons the payloads click (its cards are rebuilt in place after a decision).
    ws.store.post({ channel: leads, user: ws.store.identity.botUser.id, text: 'cards', ts: CARD_TS });
    const shown = () => [
      ...ws.store.ephemeralsFor(local).map((e) => e.text),
      // The DM is the agent surface: answers are in the thread of each message.
      ...ws.store
        .all(dm)
        .filter((m) => m.user !== local)
        .map((m) => m.text),
    ];
    return {
      async take(d, t) {
        if (d !== 'suppress') {
          await ws.deliver({ type: 'interaction', payload: slackPayloads(i, d, t) as Record<string, unknown> });
          return;
        }
        ws.user.say({ channel: dm, text: `suppress ${TARGET_ADDRESS}` });
        const card = await eventually(() =>
          ws.store.all(dm).find((m) => JSON.stringify(m.blocks ?? []).includes('request_confirm')),
        );
        const block = (card.blocks as { block_id?: string; elements?: { action_id?: string }[] }[]).find((b) =>
          b.elements?.some((e) => e.action_id === 'request_confirm'),
        )!;
        await ws.user.click({ channel: dm, messageTs: card.ts, blockId: block.block_id!, actionId: 'request_confirm' });
      },
      async settle() {
        await running.flow.idle();
        await running.bot?.flush();
      },
      refusals: async () => shown().filter(refusalLike),
      close: () => running.stop(),
    };
  },
};

/** Polls until `fn` returns something, for up to 20 s. */
export async function eventually<T>(fn: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
