import type { types } from '@slack/bolt';
import type { DraftRecord } from '../../pipeline/drafts/ports.js';
import { type Block, clip, context, escLine, plain, section } from './common.js';

export type ModalView = types.ModalView;

export const VIEWS = {
  editDraft: 'draft_edit_modal',
  regenerateDraft: 'draft_regenerate_modal',
  rejectLead: 'lead_reject_modal',
  runDetails: 'run_details_modal',
  simulateReply: 'draft_simulate_reply_modal',
} as const;

/** Where the card lives, so a modal's submission can update it in place. */
export interface CardRef {
  id: number;
  channel?: string;
  ts?: string;
  /** The thread the card is in, for answers about it. */
  threadTs?: string;
  /** The other cards on the same page message, to rebuild it whole. */
  pageIds?: number[];
}

const encodeRef = (ref: CardRef) => JSON.stringify(ref);

/** Reads a modal's private_metadata back; undefined when it is not ours. */
export function decodeRef(text: string | undefined): CardRef | undefined {
  try {
    const ref = JSON.parse(text ?? '') as CardRef;
    return Number.isSafeInteger(ref.id) ? ref : undefined;
  } catch {
    return undefined;
  }
}

/** An input block. Slack itself shows "(optional)" after the label of an optional input: labels never say it. */
function input(blockId: string, label: string, element: Record<string, unknown>, optional = false): Block {
  return {
    type: 'input',
    block_id: blockId,
    optional,
    label: plain(label),
    element: element as never,
  };
}

/** Edit: subject and body prefilled from the database; submitting saves the text and approves it. */
export function buildEditDraftModal(draft: DraftRecord, ref: CardRef): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.editDraft,
    private_metadata: encodeRef(ref),
    title: plain(`Edit draft #${draft.id}`),
    submit: plain('Save & approve'),
    close: plain('Cancel'),
    blocks: [
      input('subject', 'Subject', {
        type: 'plain_text_input',
        action_id: 'value',
        initial_value: clip(draft.subject, 200),
        max_length: 200,
      }),
      input('body', 'Body', {
        type: 'plain_text_input',
        action_id: 'value',
        multiline: true,
        initial_value: clip(draft.body, 3000),
        max_length: 3000,
      }),
      context('Saving approves the email for sending, with its follow-ups.'),
    ],
  };
}

/** Regenerate: optional instructions for the Writer; a new Writer ⇄ Critic cycle replaces the card. */
export function buildRegenerateModal(draft: DraftRecord, ref: CardRef): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.regenerateDraft,
    private_metadata: encodeRef(ref),
    title: plain(`Regenerate draft #${draft.id}`),
    submit: plain('Regenerate'),
    close: plain('Cancel'),
    blocks: [
      input(
        'instructions',
        'Instructions for the writer',
        {
          type: 'plain_text_input',
          action_id: 'value',
          multiline: true,
          max_length: 500,
          placeholder: plain('e.g. shorter, mention their three sites, lead with the audit offer'),
        },
        true,
      ),
    ],
  };
}

/** Reject a lead, with an optional reason (reasons teach the Analyst through lessons). */
export function buildRejectLeadModal(companyName: string, ref: CardRef): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.rejectLead,
    private_metadata: encodeRef(ref),
    title: plain('Reject lead'),
    submit: plain('Reject'),
    close: plain('Cancel'),
    blocks: [
      section(`Reject *${escLine(companyName)}*?`),
      input(
        'reason',
        'Why?',
        {
          type: 'plain_text_input',
          action_id: 'value',
          max_length: 300,
          placeholder: plain('e.g. too small, single site, already a customer'),
        },
        true,
      ),
    ],
  };
}

/** Sandbox: what the simulated recipient answers (a kind, and optionally the words). */
export function buildSimulateReplyModal(
  draftId: number,
  recipient: string,
  kinds: { value: string; label: string }[],
  ref: CardRef,
): ModalView {
  const options = kinds.map((k) => ({ text: plain(k.label), value: k.value }));
  return {
    type: 'modal',
    callback_id: VIEWS.simulateReply,
    private_metadata: encodeRef(ref),
    title: plain('Simulate a reply'),
    submit: plain('Send the reply'),
    close: plain('Cancel'),
    blocks: [
      context(
        `Sandbox: pretend ${escLine(recipient)} answered draft #${draftId}. The reply goes through the real Tracker.`,
      ),
      input('kind', 'The reply', { type: 'static_select', action_id: 'value', options, initial_option: options[0] }),
      input(
        'text',
        'Their words',
        { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000 },
        true,
      ),
    ],
  };
}

/** A read-only modal (run details, help). */
export function buildInfoModal(title: string, blocks: Block[]): ModalView {
  return { type: 'modal', callback_id: VIEWS.runDetails, title: plain(clip(title, 24)), close: plain('Close'), blocks };
}

/** The text a plain-text input holds in a submission (`view.state.values[block].value.value`). */
export function inputValue(
  values: Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>,
  blockId: string,
): string | undefined {
  const element = values[blockId]?.value;
  const v = element?.selected_option?.value ?? element?.value;
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}
