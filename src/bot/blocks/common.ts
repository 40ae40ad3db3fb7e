import type { types } from '@slack/bolt';

export type Block = types.KnownBlock;

/** Slack's limits (Block Kit): blocks per message, characters per text field, per button value. */
export const LIMITS = { blocks: 50, sectionText: 3000, contextText: 2000, buttonValue: 2000, plainText: 150 } as const;

/** Escapes text from outside (names, websites, replies) so it can never ping `<!channel>` or forge a link. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Shortens to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function mrkdwn(text: string) {
  return { type: 'mrkdwn' as const, text: clip(text, LIMITS.sectionText) };
}

export function plain(text: string) {
  return { type: 'plain_text' as const, text: clip(text, LIMITS.plainText), emoji: true };
}

export function section(text: string, blockId?: string): Block {
  return { type: 'section', ...(blockId ? { block_id: blockId } : {}), text: mrkdwn(text) };
}

export function context(text: string, blockId?: string): Block {
  return {
    type: 'context',
    ...(blockId ? { block_id: blockId } : {}),
    elements: [{ type: 'mrkdwn', text: clip(text, LIMITS.contextText) }],
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

/** "healthcare" → "Healthcare", "senior_living" → "Senior living". */
export function industryLabel(industry: string): string {
  const words = industry.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
