import type { types } from '@slack/bolt';
import { escapeLine, escapeMrkdwn, stripControl } from '../../mrkdwn/escape.js';

export { mrkdwnLink } from '../../mrkdwn/escape.js';

export type Block = types.KnownBlock;

/** Slack's limits (Block Kit): blocks per message, characters per text field, per button value. */
export const LIMITS = { blocks: 50, sectionText: 3000, contextText: 2000, buttonValue: 2000, plainText: 150 } as const;

/** Escapes text from outside (names, websites, replies) so it can never ping `<!channel>` or forge a link. */
export function esc(text: string): string {
  return escapeMrkdwn(text);
}

/** Escapes one line of outside text (a name, a title, an address): line breaks become spaces. */
export function escLine(text: string): string {
  return escapeLine(text);
}

/** Shortens to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A mrkdwn text object. `verbatim: true` always: formatting and our own explicit `<…>` sequences still render, but
 * Slack does not auto-link bare URLs, `#channel` names or `@here` inside data. Our links are always explicit.
 */
export function mrkdwn(text: string, max: number = LIMITS.sectionText) {
  return { type: 'mrkdwn' as const, text: clip(text, max), verbatim: true };
}

/** A plain_text object: nothing in it is parsed (control characters are removed). */
export function plain(text: string) {
  return { type: 'plain_text' as const, text: clip(stripControl(text), LIMITS.plainText), emoji: true };
}

export function section(text: string, blockId?: string): Block {
  return { type: 'section', ...(blockId ? { block_id: blockId } : {}), text: mrkdwn(text) };
}

export function context(text: string, blockId?: string): Block {
  return {
    type: 'context',
    ...(blockId ? { block_id: blockId } : {}),
    elements: [mrkdwn(text, LIMITS.contextText)],
  };
}

export function divider(): Block {
  return { type: 'divider' };
}

export interface ButtonSpec {
  text: string;
  actionId: string;
  value: string;
  style?: 'primary' | 'danger';
  confirm?: { title: string; text: string; confirm: string; deny?: string };
}

export function button(spec: ButtonSpec) {
  return {
    type: 'button' as const,
    text: plain(spec.text),
    action_id: spec.actionId,
    value: spec.value,
    ...(spec.style ? { style: spec.style } : {}),
    ...(spec.confirm
      ? {
          confirm: {
            title: plain(spec.confirm.title),
            text: mrkdwn(spec.confirm.text),
            confirm: plain(spec.confirm.confirm),
            deny: plain(spec.confirm.deny ?? 'Cancel'),
          },
        }
      : {}),
  };
}

export function actions(blockId: string, buttons: ButtonSpec[]): Block {
  return { type: 'actions', block_id: blockId, elements: buttons.map(button) };
}

/** "healthcare" → "Healthcare", "senior_living" → "Senior living"; escaped (industries are open vocabulary). */
export function industryLabel(industry: string): string {
  const words = industry.replace(/_/g, ' ');
  return escLine(words.charAt(0).toUpperCase() + words.slice(1));
}
