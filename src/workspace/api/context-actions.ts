import type { Json } from '../store/types.js';

const isObj = (v: unknown): v is Json => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** A context_actions block: 1 to 5 feedback_buttons (two buttons, each with plain text and a value) or icon_buttons. */
export function contextActions(b: Json, at: string, issues: string[]): void {
  const els = Array.isArray(b.elements) ? b.elements : [];
  if (els.length === 0 || els.length > 5) issues.push(`must have 1 to 5 items [json-pointer:${at}/elements]`);
  for (const [i, e] of els.entries()) element(e, `${at}/elements/${i}`, issues);
}

function element(e: unknown, at: string, issues: string[]): void {
  if (!isObj(e)) return void issues.push(`must provide an object [json-pointer:${at}]`);
  if (e.type === 'icon_button') return;
  if (e.type !== 'feedback_buttons')
    return void issues.push(`must be one of: feedback_buttons, icon_button [json-pointer:${at}/type]`);
  for (const side of ['positive_button', 'negative_button']) {
    const button = e[side];
    if (!isObj(button)) {
      issues.push(`must provide an object [json-pointer:${at}/${side}]`);
      continue;
    }
    const text = isObj(button.text) ? button.text : undefined;
    if (text?.type !== 'plain_text' || typeof text.text !== 'string' || !text.text || text.text.length > 75)
      issues.push(`must be plain_text of 1 to 75 characters [json-pointer:${at}/${side}/text]`);
    if (typeof button.value !== 'string' || button.value.length > 2000)
      issues.push(`must be a string of at most 2000 characters [json-pointer:${at}/${side}/value]`);
  }
}
