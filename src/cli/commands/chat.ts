import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { AgentPort } from '../../agent/agent/ports.js';
import { createConversation } from '../../agent/conversation.js';
import type { Reply, ReplyChoice, TurnContext } from '../../agent/ports.js';
import { createRouter } from '../../agent/router/route.js';
import type { LeadbotServices } from '../../agent/services.js';
import type { App } from '../../compose.js';
import { createConversationMemoryRepo } from '../../db/repos/conversation-memory-repo.js';
import { suppressionList } from '../../db/schema.js';
import { isAppError } from '../../errors.js';
import { decideLead } from '../../pipeline/approvals/decide-lead.js';
import type { Actor } from '../../pipeline/approvals/ports.js';
import type { CliContext } from '../context.js';
import { createAppServices } from './chat-services.js';

/** A numbered thing the operator can pick: a clarifying choice (sent as text) or a human decision. */
type Action =
  | { kind: 'say'; label: string; text: string }
  | { kind: 'decide'; label: string; approvalIds: number[]; decision: 'approved' | 'rejected' };

export interface ChatOptions {
  noLlm?: boolean;
  services?: LeadbotServices;
  agent?: AgentPort;
}

function osUser(): string {
  try {
    return userInfo().username || 'operator';
  } catch {
    return 'operator';
  }
}

/** Slack mrkdwn → terminal text. */
function plain(text: string): string {
  return text
    .replace(/\*([^*\n]+)\*/g, '$1')
    .replace(/(^|\s)_([^_\n]+)_/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1');
}

function actionsFor(reply: Reply, app: App): Action[] {
  const actions: Action[] = (reply.choices ?? []).map((c: ReplyChoice) => ({
    kind: 'say',
    label: c.label,
    text: c.text,
  }));
  const requests = (reply.approvalRequestIds ?? []).flatMap((id) => app.repos.approvals.getById(id) ?? []);
  const pending = requests.filter((r) => r.status === 'pending');
  const proposed = (r: (typeof pending)[number]) => (r.payload.proposed === 'reject' ? 'rejected' : 'approved');
  for (const r of pending) {
    const name = r.kind === 'lead' ? (app.repos.companies.get(Number(r.subjectId))?.name ?? r.subjectId) : r.subjectId;
    const verb = r.kind === 'suppress' ? 'suppress' : proposed(r) === 'rejected' ? 'reject' : 'approve';
    actions.push({ kind: 'decide', label: `${verb} ${name}`, approvalIds: [r.id], decision: proposed(r) });
  }
  if (pending.length > 1 && pending.every((r) => proposed(r) === proposed(pending[0]!))) {
    const verb = proposed(pending[0]!) === 'rejected' ? 'reject' : 'approve';
    actions.push({
      kind: 'decide',
      label: `${verb} all ${pending.length}`,
      approvalIds: pending.map((r) => r.id),
      decision: proposed(pending[0]!),
    });
  }
  return actions;
}

/** Applies a human decision picked in the terminal; returns one line per request. */
function decide(app: App, action: Extract<Action, { kind: 'decide' }>, actor: Actor): string[] {
  return action.approvalIds.map((id) => {
    const request = app.repos.approvals.getById(id);
    if (!request) return `Request ${id} no longer exists.`;
    if (request.kind === 'lead') {
      const deps = { companies: app.repos.companies, approvals: app.repos.approvals, tx: app.tx, now: app.now };
      const out = decideLead({ companyId: Number(request.subjectId), decision: action.decision, actor }, deps);
      const who = out.approval.decidedByName ?? out.approval.decidedBy;
      return out.applied
        ? `${out.company.name}: ${action.decision}.`
        : `${out.company.name} was already ${out.approval.status} by ${who}.`;
    }
    const result = app.repos.approvals.decide({
      kind: request.kind,
      subjectId: request.subjectId,
      decision: action.decision,
      actor,
      at: app.now(),
    });
    if (request.kind === 'suppress' && result.applied && action.decision === 'approved') {
      const value = request.subjectId.toLowerCase();
      app.database.db
        .insert(suppressionList)
        .values({
          kind: value.includes('@') ? 'email' : 'domain',
          value,
          reason: 'requested in leadbot chat',
          source: 'cli',
          createdBy: actor.id,
          createdAt: app.now(),
        })
        .onConflictDoNothing()
        .run();
      return `${value} is suppressed: leadbot will never email it.`;
    }
    return result.applied ? `${request.subjectId}: ${action.decision}.` : `Already ${result.record.status}.`;
  });
}

/** A terminal conversation through the same router, memory and services as Slack. */
export async function runChat(ctx: CliContext, options: ChatOptions = {}): Promise<void> {
  const app = ctx.app();
  const user = osUser();
  const actor: Actor = { id: `cli:${user}`, name: user, source: 'cli' };
  const conversation = createConversation({
    router: createRouter({ directives: app.directives, llm: app.llm, logger: app.logger }),
    services: options.services ?? createAppServices(app),
    memory: createConversationMemoryRepo(app.database.db),
    agent: options.agent,
    llm: app.llm,
    now: app.now,
    logger: app.logger,
    noLlm: options.noLlm,
  });
  const turn: TurnContext = {
    conversationKey: `cli:${user}:${app.now().getTime().toString(36)}`,
    userId: actor.id,
    userName: user,
    surface: 'cli',
  };
  const input = ctx.io.stdin ?? process.stdin;
  const tty = (input as { isTTY?: boolean }).isTTY === true;
  const llm = options.noLlm || !app.llm.available() ? 'no LLM: commands and memory only' : app.llm.describe();
  ctx.print(`leadbot chat (${llm}). Type a message, a number to pick an option, or "exit".`);
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
  let actions: Action[] = [];
  if (tty) ctx.io.stdout('you> ');
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === 'exit' || line === 'quit') break;
    if (line !== '') actions = await handleLine(line, actions, { ctx, app, actor, turn, conversation });
    if (tty) ctx.io.stdout('you> ');
  }
  rl.close();
}

interface LineDeps {
  ctx: CliContext;
  app: App;
  actor: Actor;
  turn: TurnContext;
  conversation: ReturnType<typeof createConversation>;
}

async function handleLine(line: string, actions: Action[], d: LineDeps): Promise<Action[]> {
  const picked = /^\d+$/.test(line) ? actions[Number(line) - 1] : undefined;
  if (picked?.kind === 'decide') {
    for (const out of decide(d.app, picked, d.actor)) d.ctx.print(`leadbot> ${out}`);
    return [];
  }
  try {
    const reply = await d.conversation.respond(picked?.kind === 'say' ? picked.text : line, d.turn);
    d.ctx.print(`leadbot> ${plain(reply.text)}`);
    const next = actionsFor(reply, d.app);
    next.forEach((a, i) => {
      d.ctx.print(`  ${i + 1}) ${a.label}`);
    });
    return next;
  } catch (err) {
    d.ctx.print(`leadbot> :warning: ${isAppError(err) ? err.message : (err as Error).message}`);
    return [];
  }
}

export function registerChat(program: Command, ctx: CliContext): void {
  program
    .command('chat')
    .description('talk to leadbot in the terminal: the same router, memory and services as Slack')
    .option('--no-llm', 'never call an LLM (commands, memory and approvals still work)')
    .action((opts: { llm?: boolean }) => runChat(ctx, { noLlm: opts.llm === false }));
}
