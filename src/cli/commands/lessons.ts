import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Container } from '../../container/index.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../pipeline/approvals/ports.js';
import { type DecideLessonResult, decideLesson, type LessonDecision } from '../../pipeline/lessons/decide.js';
import { LESSON_STATUSES, type LessonStatus } from '../../pipeline/lessons/ports.js';
import { approvalSubject, type LessonView, lessonView } from '../../pipeline/lessons/proposal.js';
import { runLessonScan } from '../../pipeline/lessons/scan.js';
import { type CliContext, CliExit } from '../context.js';

/** The operator at the terminal: `cli:<os user>`. */
function cliActor(env: Record<string, string | undefined>): Actor {
  let name = env.USER ?? env.USERNAME;
  if (!name) {
    try {
      name = userInfo().username;
    } catch {
      name = 'operator';
    }
  }
  return { id: `cli:${name}`, name, source: 'cli' };
}

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

const viewOf = (app: Container, lessonId: number) => {
  const lesson = app.repos.lessons.get(lessonId)!;
  return lessonView(lesson, app.repos.approvals.get('lesson', approvalSubject(lesson)));
};

function parseLessonId(text: string): number {
  const id = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(id) || id < 1)
    throw new AppError(
      'invalid_input',
      `"${text}" is not a lesson id; ids are whole numbers like 3 (see: leadbot lessons)`,
    );
  return id;
}

function decide(ctx: CliContext, idText: string, decision: LessonDecision, opts: { json?: boolean; reason?: string }) {
  const app = ctx.app();
  const result: DecideLessonResult = decideLesson(
    {
      lessonId: parseLessonId(idText),
      decision,
      actor: cliActor(ctx.io.env),
      reason: opts.reason?.trim() || undefined,
    },
    {
      lessons: app.repos.lessons,
      approvals: app.repos.approvals,
      directives: app.directives,
      tx: app.tx,
      now: app.now,
      // An operator at the terminal is an approver.
      approverUserIds: [],
    },
  );
  const wanted = decision === 'apply' ? 'applied' : 'dismissed';
  if (opts.json)
    ctx.printJson({
      outcome: result.outcome,
      message: result.message,
      lesson: viewOf(app, result.lesson.id),
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
    .action((opts: { status?: string; limit: string; json?: boolean }) => {
      if (opts.status && !(LESSON_STATUSES as readonly string[]).includes(opts.status))
        throw new AppError(
          'invalid_input',
          `--status must be one of ${LESSON_STATUSES.join(', ')}, got "${opts.status}"`,
        );
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500)
        throw new AppError('invalid_input', `--limit must be a whole number from 1 to 500, got "${opts.limit}"`);
      const app = ctx.app();
      const status = opts.status ? [opts.status as LessonStatus] : undefined;
      const views = app.repos.lessons.list({ status, limit }).map((l) => viewOf(app, l.id));
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
      const app = ctx.app();
      const actor = cliActor(ctx.io.env);
      const result = await runLessonScan(
        { trigger: 'cli', requestedBy: actor.id },
        {
          signals: app.repos.lessonSignals,
          lessons: app.repos.lessons,
          approvals: app.repos.approvals,
          directives: app.directives,
          llm: app.llm,
          recorder: app.recorder,
          tx: app.tx,
          now: app.now,
        },
      );
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
