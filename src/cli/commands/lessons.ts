import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import type { DecideLessonResult, LessonDecision } from '../../pipeline/lessons/decide.js';
import { LESSON_STATUSES, type LessonStatus } from '../../pipeline/lessons/ports.js';
import type { LessonView } from '../../pipeline/lessons/proposal.js';
import { type CliContext, CliExit } from '../context.js';

function printLesson(ctx: CliContext, v: LessonView): void {
  const source = v.amendmentSource ? ` (${v.amendmentSource})` : '';
  ctx.print(
    `#${v.lessonId} ${v.status} · ${v.directive} · ${v.kind} · ${v.evidence.count} ${v.evidence.unit}${source}`,
  );
  ctx.print(`  ${v.summary}`);
  if (v.amendment) ctx.print(`  amendment: ${v.amendment}`);
  if (v.rationale) ctx.print(`  why: ${v.rationale}`);
  if (v.evidence.reasonSummary) ctx.print(`  reasons: ${v.evidence.reasonSummary}`);
  if (v.effect && v.status !== 'dismissed') ctx.print(`  on apply: ${v.effect}`);
  if (v.evidence.runIds.length > 0) ctx.print(`  runs: ${v.evidence.runIds.slice(0, 5).join(', ')}`);
  if (v.decision)
    ctx.print(
      `  ${v.decision.status} by ${v.decision.by ?? 'someone'} at ${v.decision.at?.replace('T', ' ').slice(0, 16)} UTC`,
    );
}

function parseLessonId(text: string): number {
  const id = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(id) || id < 1)
    throw new AppError(
      'invalid_input',
      `"${text}" is not a lesson id; ids are whole numbers like 3 (see: leadbot lessons)`,
    );
  return id;
}

async function decide(
  ctx: CliContext,
  idText: string,
  decision: LessonDecision,
  opts: { json?: boolean; reason?: string },
) {
  const { useCases } = await ctx.leadbot();
  const result: DecideLessonResult = await useCases.decideLesson(
    { lessonId: parseLessonId(idText), decision, reason: opts.reason },
    ctx.actor(),
  );
  const wanted = decision === 'apply' ? 'applied' : 'dismissed';
  if (opts.json)
    ctx.printJson({
      outcome: result.outcome,
      message: result.message,
      lesson: await useCases.cards.lesson(result.lesson.id),
      effects: result.effects,
    });
  else ctx.print(result.message);
  if (result.outcome === 'refused' || (result.outcome === 'already_decided' && result.lesson.status !== wanted))
    throw new CliExit(1);
}

/**
 * `leadbot lessons [--status S] [--json]`, `lessons scan`, `lessons apply ID`, `lessons dismiss ID [--reason]`.
 * The parent's `--json` is read with optsWithGlobals, so `lessons scan --json` and `lessons --json scan` both work.
 */
export function registerLessons(program: Command, ctx: CliContext): void {
  const lessons = program
    .command('lessons')
    .description('lessons learned from failures, and the directive amendments proposed from them')
    .option('--status <status>', `filter: ${LESSON_STATUSES.join(', ')}`)
    .option('--limit <n>', 'how many (1-500)', '50')
    .option('--json', 'print JSON')
    .action(async (opts: { status?: string; limit: string; json?: boolean }) => {
      if (opts.status && !(LESSON_STATUSES as readonly string[]).includes(opts.status))
        throw new AppError(
          'invalid_input',
          `--status must be one of ${LESSON_STATUSES.join(', ')}, got "${opts.status}"`,
        );
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500)
        throw new AppError('invalid_input', `--limit must be a whole number from 1 to 500, got "${opts.limit}"`);
      const status = opts.status ? [opts.status as LessonStatus] : undefined;
      const views = await (await ctx.leadbot()).useCases.listLessons({ status, limit }, ctx.actor());
      if (opts.json) return ctx.printJson({ lessons: views });
      if (views.length === 0)
        return ctx.print(
          `No ${opts.status ?? ''} lessons yet. Look for patterns with: leadbot lessons scan`.replace('  ', ' '),
        );
      views.forEach((v, i) => {
        if (i > 0) ctx.print('');
        printLesson(ctx, v);
      });
      if (views.some((v) => v.status === 'proposed'))
        ctx.print('\nDecide with: leadbot lessons apply ID  ·  leadbot lessons dismiss ID [--reason TEXT]');
    });

  lessons
    .command('scan')
    .description('look for failure patterns now and propose amendments for new ones')
    .option('--json', 'print JSON')
    .action(async (_opts: unknown, command: Command) => {
      const opts = command.optsWithGlobals<{ json?: boolean }>();
      const result = await (await ctx.leadbot()).useCases.scanLessons({}, ctx.actor());
      if (opts.json) return ctx.printJson(result);
      ctx.print(`${result.summary} (run ${result.runId})`);
      for (const proposal of result.proposals) {
        ctx.print('');
        printLesson(ctx, proposal);
      }
      if (result.proposals.length > 0)
        ctx.print('\nDecide with: leadbot lessons apply ID  ·  leadbot lessons dismiss ID [--reason TEXT]');
    });

  lessons
    .command('apply <id>')
    .description("append a proposed lesson's amendment to its directive (you are recorded as the approver)")
    .option('--json', 'print JSON')
    .action((id: string, _opts: unknown, command: Command) => decide(ctx, id, 'apply', command.optsWithGlobals()));

  lessons
    .command('dismiss <id>')
    .description('dismiss a proposed lesson; it is not proposed again unless its evidence grows')
    .option('--reason <text>', 'why, kept with the decision')
    .option('--json', 'print JSON')
    .action((id: string, _opts: unknown, command: Command) => decide(ctx, id, 'dismiss', command.optsWithGlobals()));
}
