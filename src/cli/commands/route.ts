import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { createRouter, type Router } from '../../agent/router/route.js';
import { publicDecision, type RouteDecision } from '../../agent/router/types.js';
import { createDirectiveStore } from '../../pipeline/directives/store.js';
import { createNoLlm } from '../../pipeline/llm/none.js';
import { type CliContext, CliExit } from '../context.js';

interface RouteOptions {
  json?: boolean;
  batch?: boolean;
  /** False with --no-llm. */
  llm?: boolean;
}

async function buildRouter(ctx: CliContext, opts: RouteOptions): Promise<Router> {
  if (opts.llm === false) {
    const directives = createDirectiveStore(resolve(ctx.config().storage.directivesDir));
    return createRouter({ directives, llm: createNoLlm('--no-llm') });
  }
  return (await ctx.leadbot()).createRouter();
}

function describe(d: RouteDecision): string {
  const tier = { direct: 'tier 1', intent: 'tier 2', agent: 'tier 3', clarify: 'clarify' }[d.route];
  const lines = [
    `route:      ${d.route} (${tier})`,
    `intent:     ${d.intent ?? '—'}`,
    `args:       ${JSON.stringify(d.args)}`,
    `confidence: ${d.confidence}`,
    `llm calls:  ${d.llmCalls}`,
    `why:        ${d.reason}`,
  ];
  if (d.question && d.route === 'clarify') lines.push(`question:   ${d.question}`);
  d.readings.forEach((r, i) => {
    lines.push(`choice ${i + 1}:   ${r.text}`);
  });
  return lines.join('\n');
}

/** One JSON-encoded string per line in; one decision per line out, in order. Blank lines are skipped. */
/**
 * The message in one batch line: a JSON string, or an object carrying it as `text` (also `message`, or a Slack
 * event's `event.text`), as a message event or a test case would.
 */
function messageText(parsed: unknown): string | undefined {
  if (typeof parsed === 'string') return parsed;
  if (!parsed || typeof parsed !== 'object') return undefined;
  const o = parsed as { text?: unknown; message?: unknown; event?: { text?: unknown } };
  for (const candidate of [o.text, o.message, o.event?.text]) if (typeof candidate === 'string') return candidate;
  return undefined;
}

async function routeBatch(ctx: CliContext, router: Router, opts: RouteOptions): Promise<void> {
  const input = ctx.io.stdin ?? process.stdin;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    let text: string | undefined;
    try {
      text = messageText(JSON.parse(line));
    } catch {
      ctx.io.stderr(`leadbot route: line ${lineNo} is not JSON; routing it as plain text\n`);
      text = line;
    }
    if (text === undefined) {
      // One output line per input line, so answers stay aligned with the messages.
      const error = `line ${lineNo} has no message: give a JSON string or an object with a string "text"`;
      ctx.io.stderr(`leadbot route: ${error}\n`);
      ctx.io.stdout(`${JSON.stringify({ error })}\n`);
      continue;
    }
    const decision = await router.route(text, { noLlm: opts.llm === false });
    ctx.io.stdout(`${JSON.stringify(publicDecision(decision))}\n`);
  }
}

export function registerRoute(program: Command, ctx: CliContext): void {
  program
    .command('route')
    .description('show how leadbot routes a message: direct (tier 1), intent (tier 2), agent (tier 3) or clarify')
    .argument('[message]', 'the message, as typed in Slack')
    .option(
      '--batch',
      'read one message per line on stdin (a JSON string, or an object with "text") and print one JSON decision per line',
    )
    .option('--json', 'print JSON')
    .option('--no-llm', 'never call an LLM: what the parser cannot settle comes back as agent or clarify')
    .action(async (message: string | undefined, opts: RouteOptions) => {
      if (opts.batch && message !== undefined)
        throw new CliExit(2, ['leadbot route: give a MESSAGE or --batch, not both']);
      if (!opts.batch && message === undefined) {
        throw new CliExit(2, ['leadbot route: missing MESSAGE (or use --batch to read JSON strings from stdin)']);
      }
      const router = await buildRouter(ctx, opts);
      if (opts.batch) return routeBatch(ctx, router, opts);
      const decision = await router.route(message!, { noLlm: opts.llm === false });
      if (opts.json) {
        const { readings, question, reason, trap } = decision;
        ctx.printJson({ ...publicDecision(decision), readings, question, reason, trap });
      } else ctx.print(describe(decision));
    });
}
