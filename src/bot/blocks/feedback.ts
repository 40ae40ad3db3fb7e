import type { FeedbackVerdict } from '../../pipeline/feedback/ports.js';
import { type Block, context, plain } from './common.js';
import type { ModalView } from './modals.js';

export const FEEDBACK_ACTION = 'answer_feedback';
export const FEEDBACK_REASON_VIEW = 'answer_feedback_reason';

/** Where the clicked answer is: its run, and the message to answer beside. */
export interface FeedbackRef {
  runId: string;
  channel?: string;
  threadTs?: string;
}

/** The feedback buttons under an agent answer; each button's value names the run it rates. */
export function buildFeedbackBlocks(runId: string): Block[] {
  return [
    {
      type: 'context_actions',
      block_id: `feedback:${runId}`,
      elements: [
        {
          type: 'feedback_buttons',
          action_id: FEEDBACK_ACTION,
          positive_button: {
            text: plain('Helpful'),
            accessibility_label: 'This answer was helpful',
            value: `helpful:${runId}`,
          },
          negative_button: {
            text: plain('Not helpful'),
            accessibility_label: 'This answer was not helpful',
            value: `not_helpful:${runId}`,
          },
        },
      ],
    },
  ];
}

/** Reads a feedback button's value back ("helpful:run_…"); undefined when it is not ours. */
export function parseFeedbackValue(value: string | undefined): { verdict: FeedbackVerdict; runId: string } | undefined {
  const m = /^(helpful|not_helpful):([\w-]{3,80})$/.exec(value ?? '');
  return m ? { verdict: m[1] as FeedbackVerdict, runId: m[2]! } : undefined;
}

/** After "Not helpful": why, optionally. */
export function buildFeedbackReasonModal(ref: FeedbackRef): ModalView {
  return {
    type: 'modal',
    callback_id: FEEDBACK_REASON_VIEW,
    private_metadata: JSON.stringify(ref),
    title: plain('Not helpful'),
    submit: plain('Send'),
    close: plain('Skip'),
    blocks: [
      context('Thanks — it is noted against this answer. What was wrong with it? (optional)'),
      {
        type: 'input',
        block_id: 'reason',
        optional: true,
        label: plain('What went wrong'),
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          multiline: true,
          max_length: 500,
          placeholder: plain('e.g. wrong companies, too vague, missed the question'),
        },
      },
    ],
  };
}

/** The modal's private_metadata back; undefined when it is not ours. */
export function decodeFeedbackRef(text: string | undefined): FeedbackRef | undefined {
  try {
    const ref = JSON.parse(text ?? '') as FeedbackRef;
    return typeof ref.runId === 'string' ? ref : undefined;
  } catch {
    return undefined;
  }
}
