import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { ConversationPort, TurnContext } from '../../agent/ports.js';
import type { AgentPort } from '../../agent/react/ports.js';
import type { LeadbotServices } from '../../agent/services.js';
import type { CliActor } from '../../app/actor.js';
import type { UseCases } from '../../app/use-cases.js';
import { isAppError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { plainText } from '../format.js';
import { type Action, actionsFor, decide } from './chat-actions.js';

export interface ChatOptions {
  noLlm?: boolean;
  services?: LeadbotServices;
  agent?: AgentPort;
}

/** A terminal conversation through the same router, memory and services as Slack. */
async function runChat(ctx: CliContext, options: ChatOptions = {}): Promise<void> {
  const leadbot = await ctx.leadbot();
  const actor = ctx.actor();
  // The CLI builds leadbot without probing the model; chat asks once, so tier 3 works when a model answers.
  if (!options.noLlm && ctx.config().llm.provider !== 'none') await leadbot.llm.probe().catch(() => undefined);
  const conversation = leadbot.createConversation(options);
  const turn: TurnContext = {
    conversationKey: `${actor.id}:${leadbot.now().getTime().toString(36)}`,
    userId: actor.id,
    userName: actor.name,
    surface: 'cli',
    actor,
  };
  const input = ctx.io.stdin ?? process.stdin;
  const tty = (input as { isTTY?: boolean }).isTTY === true;
  const llm = options.noLlm || !leadbot.llm.available() ? 'no LLM: commands and memory only' : leadbot.llm.describe();
  ctx.print(`leadbot chat (${llm}). Type a message, a number to pick an option, or "exit".`);
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
  let actions: Action[] = [];
  if (tty) ctx.io.stdout('you> ');
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === 'exit' || line === 'quit') break;
    if (line !== '')
      actions = await handleLine(line, actions, { ctx, useCases: leadbot.useCases, actor, turn, conversation });
    if (tty) ctx.io.stdout('you> ');
  }
  rl.close();
}

interface LineDeps {
  ctx: CliContext;
  useCases: UseCases;
  actor: CliActor;
  turn: TurnContext;
  conversation: ConversationPort;
}

async function handleLine(line: string, actions: Action[], d: LineDeps): Promise<Action[]> {
  const picked = /^\d+$/.test(line) ? actions[Number(line) - 1] : undefined;
  if (picked?.kind === 'decide') {
    for (const out of await decide(d.useCases, picked, d.actor)) d.ctx.print(`leadbot> ${out}`);
    return [];
  }
  try {
    const reply = await d.conversation.respond(picked?.kind === 'say' ? picked.text : line, d.turn);
    d.ctx.print(`leadbot> ${plainText(reply.text)}`);
    const next = await actionsFor(reply, d.useCases);
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
