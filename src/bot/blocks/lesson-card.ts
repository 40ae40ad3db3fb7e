import type { LessonView } from '../../pipeline/lessons/proposal.js';
import { actions, type Block, clip, context, escLine, section } from './common.js';

export const LESSON_ACTIONS = { apply: 'lesson_apply', dismiss: 'lesson_dismiss' } as const;

/** The notification text of a lesson card (rendered by Slack: the summary is escaped). */
export const lessonText = (v: LessonView) => `Lesson #${v.lessonId}: ${escLine(clip(v.summary, 300))}`;

/** A proposed directive amendment: what leadbot noticed, the exact text it would add, and Apply / Dismiss. */
export function buildLessonBlocks(v: LessonView): Block[] {
  const lines = [
    `:bulb: *Lesson #${v.lessonId}* for \`directives/${escLine(v.directive)}.md\``,
    escLine(clip(v.summary, 600)),
    `Evidence: ${v.evidence.count} ${escLine(v.evidence.unit)}${v.evidence.runIds.length ? ` across ${v.evidence.runIds.length} run(s)` : ''}`,
  ];
  if (v.evidence.reasonSummary) lines.push(`Reasons: ${escLine(clip(v.evidence.reasonSummary, 300))}`);
  const blocks: Block[] = [section(lines.join('\n'), `lesson:${v.lessonId}:head`)];
  if (v.amendment) {
    const why = v.rationale ? `\n_Why:_ ${escLine(clip(v.rationale, 400))}` : '';
    blocks.push(section(`*Proposed addition under “Lessons learned”:*\n>${escLine(clip(v.amendment, 1200))}${why}`));
  }
  if (v.effect) blocks.push(context(`Also on Apply: ${escLine(v.effect)}`));
  if (v.decision) {
    const icon = v.decision.status === 'applied' ? ':white_check_mark: Applied' : ':heavy_minus_sign: Dismissed';
    const by = v.decision.by;
    const who = by ? ` by ${/^[UW][A-Z0-9]{2,}$/.test(by) ? `<@${by}>` : escLine(by)}` : '';
    const when = v.decision.at ? ` · ${v.decision.at.replace('T', ' ').slice(0, 16)} UTC` : '';
    blocks.push(context(`${icon}${who}${when}`, `lesson:${v.lessonId}`));
  } else if (v.amendment)
    blocks.push(
      actions(`lesson:${v.lessonId}`, [
        {
          text: 'Apply',
          actionId: LESSON_ACTIONS.apply,
          value: String(v.lessonId),
          style: 'primary',
          confirm: {
            title: 'Change the directive?',
            text: `Append this lesson to directives/${escLine(v.directive)}.md? It takes effect on the next run.`,
            confirm: 'Apply',
          },
        },
        { text: 'Dismiss', actionId: LESSON_ACTIONS.dismiss, value: String(v.lessonId) },
      ]),
    );
  return blocks;
}
