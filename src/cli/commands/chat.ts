import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { createConversation } from '../../agent/conversation.js';
import type { TurnContext } from '../../agent/ports.js';
import type { AgentPort } from '../../agent/react/ports.js';
import { createRouter } from '../../agent/router/route.js';
import type { LeadbotServices } from '../../agent/services.js';
import { createAppAgent, createAppServices } from '../../app/conversation-services.js';
import type { Container } from '../../container/index.js';
import { createConversationMemoryRepo } from '../../db/repos/conversation-memory-repo.js';
import { isAppError } from '../../errors.js';
import type { Actor } from '../../pipeline/approvals/ports.js';
import type { CliContext } from '../context.js';
import { plainText } from '../format.js';
import { type Action, actionsFor, decide } from './chat-actions.js';

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

/** A terminal conversation through the same router, memory and services as Slack. */
export async function runChat(ctx: CliContext, options: ChatOptions = {}): Promise<void> {
  const app = ctx.app();
  const user = osUser();
  const actor: Actor = { id: `cli:${user}`, name: user, source: 'cli' };
  // The CLI builds the app without probing the model; chat asks once, so tier 3 works when a model answers.
  if (!options.noLlm && app.config.llm.provider !== 'none') await app.llmService.probe().catch(() => undefined);
  const services = options.services ?? createAppServices(app);
  const conversation = createConversation({
    router: createRouter({ directives: app.directives, llm: app.llm, logger: app.logger }),
    services,
    memory: createConversationMemoryRepo(app.database.db),
    agent: options.agent ?? (options.noLlm ? undefined : createAppAgent(app, services)),
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
  app: Container;
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
    d.ctx.print(`leadbot> ${plainText(reply.text)}`);
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
