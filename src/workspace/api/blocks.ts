import type { Json } from '../store/types.js';
import { SlackApiError } from './call.js';
import { contextActions } from './context-actions.js';

/** Block Kit limits Slack enforces (messages: 50 blocks; modals and App Home: 100). */
export const LIMITS = { messageBlocks: 50, surfaceBlocks: 100, sectionText: 3000, fields: 10, fieldText: 2000 };

const BLOCK_TYPES = new Set([
  'section',
  'header',
  'context',
  'divider',
  'actions',
  'image',
  'input',
  'rich_text',
  'markdown',
  'file',
  'video',
  'table',
  'context_actions',
]);
const TEXT_TYPES = ['plain_text', 'mrkdwn'];

type Issues = string[];

const isObj = (v: unknown): v is Json => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

function text(v: unknown, at: string, issues: Issues, max: number, types = TEXT_TYPES): void {
  if (!isObj(v)) return void issues.push(`must provide an object [json-pointer:${at}]`);
  if (!types.includes(String(v.type))) issues.push(`must be one of: ${types.join(', ')} [json-pointer:${at}/type]`);
  if (typeof v.text !== 'string' || v.text.length === 0)
    issues.push(`must be more than 0 characters [json-pointer:${at}/text]`);
  else if (v.text.length > max) issues.push(`must be less than ${max + 1} characters [json-pointer:${at}/text]`);
}

function len(v: unknown, at: string, issues: Issues, max: number): void {
  if (typeof v === 'string' && v.length > max)
    issues.push(`must be less than ${max + 1} characters [json-pointer:${at}]`);
}

function element(e: unknown, at: string, issues: Issues): void {
  if (!isObj(e)) return void issues.push(`must provide an object [json-pointer:${at}]`);
  len(e.action_id, `${at}/action_id`, issues, 255);
  if (e.type === 'button') {
    text(e.text, `${at}/text`, issues, 75, ['plain_text']);
    len(e.value, `${at}/value`, issues, 2000);
    len(e.url, `${at}/url`, issues, 3000);
    if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger')
      issues.push(`must be one of: primary, danger [json-pointer:${at}/style]`);
  } else if (e.type === 'static_select' || e.type === 'multi_static_select' || e.type === 'overflow') {
    const options = Array.isArray(e.options) ? e.options : [];
    const max = e.type === 'overflow' ? 5 : 100;
    if (!Array.isArray(e.options) && !Array.isArray(e.option_groups))
      issues.push(`must provide options or option_groups [json-pointer:${at}]`);
    if (options.length > max) issues.push(`must be less than ${max + 1} items [json-pointer:${at}/options]`);
    options.forEach((o, i) => {
      text(isObj(o) ? o.text : undefined, `${at}/options/${i}/text`, issues, 75);
      len(isObj(o) ? o.value : undefined, `${at}/options/${i}/value`, issues, 150);
    });
  } else if (e.type === 'image') {
    len(e.alt_text, `${at}/alt_text`, issues, 2000);
  }
}

function block(b: unknown, at: string, issues: Issues): void {
  if (!isObj(b)) return void issues.push(`must provide an object [json-pointer:${at}]`);
  if (!BLOCK_TYPES.has(String(b.type)))
    return void issues.push(`unsupported type: ${String(b.type)} [json-pointer:${at}/type]`);
  len(b.block_id, `${at}/block_id`, issues, 255);
  if (b.type === 'section') {
    if (b.text === undefined && b.fields === undefined) issues.push(`must provide text or fields [json-pointer:${at}]`);
    if (b.text !== undefined) text(b.text, `${at}/text`, issues, LIMITS.sectionText);
    if (b.fields !== undefined) {
      const fields = Array.isArray(b.fields) ? b.fields : [];
      if (fields.length > LIMITS.fields) issues.push(`must be less than 11 items [json-pointer:${at}/fields]`);
      for (const [i, f] of fields.entries()) text(f, `${at}/fields/${i}`, issues, LIMITS.fieldText);
    }
    if (b.accessory !== undefined) element(b.accessory, `${at}/accessory`, issues);
  } else if (b.type === 'header') text(b.text, `${at}/text`, issues, 150, ['plain_text']);
  else if (b.type === 'context') {
    const els = Array.isArray(b.elements) ? b.elements : [];
    if (els.length === 0 || els.length > 10) issues.push(`must have 1 to 10 items [json-pointer:${at}/elements]`);
    for (const [i, e] of els.entries()) {
      if (isObj(e) && e.type === 'image') element(e, `${at}/elements/${i}`, issues);
      else text(e, `${at}/elements/${i}`, issues, 3000);
    }
  } else if (b.type === 'actions') {
    const els = Array.isArray(b.elements) ? b.elements : [];
    if (els.length === 0 || els.length > 25) issues.push(`must have 1 to 25 items [json-pointer:${at}/elements]`);
    const ids = new Set<string>();
    els.forEach((e, i) => {
      element(e, `${at}/elements/${i}`, issues);
      const id = isObj(e) && typeof e.action_id === 'string' ? e.action_id : undefined;
      if (id && ids.has(id))
        issues.push(`action_id must be unique within the block [json-pointer:${at}/elements/${i}]`);
      if (id) ids.add(id);
    });
  } else if (b.type === 'image') {
    if (typeof b.image_url !== 'string' && !isObj(b.slack_file))
      issues.push(`must provide image_url or slack_file [json-pointer:${at}]`);
    len(b.image_url, `${at}/image_url`, issues, 3000);
    if (typeof b.alt_text !== 'string') issues.push(`must provide a string [json-pointer:${at}/alt_text]`);
    if (b.title !== undefined) text(b.title, `${at}/title`, issues, 2000, ['plain_text']);
  } else if (b.type === 'input') {
    text(b.label, `${at}/label`, issues, 2000, ['plain_text']);
    element(b.element, `${at}/element`, issues);
  } else if (b.type === 'markdown') len(b.text, `${at}/text`, issues, 12_000);
  else if (b.type === 'context_actions') contextActions(b, at, issues);
}

/** Problems with `blocks` in Slack's wording, each ending in the JSON pointer of the bad field. */
function blockIssues(blocks: Json[], max: number, base = '/blocks'): string[] {
  const issues: Issues = [];
  if (blocks.length > max) issues.push(`must be less than ${max + 1} items [json-pointer:${base}]`);
  const ids = new Set<string>();
  blocks.forEach((b, i) => {
    block(b, `${base}/${i}`, issues);
    const id = typeof b.block_id === 'string' ? b.block_id : undefined;
    if (id && ids.has(id)) issues.push(`block_id must be unique [json-pointer:${base}/${i}/block_id]`);
    if (id) ids.add(id);
  });
  return issues;
}

/** @throws SlackApiError('invalid_blocks') with `errors` and `response_metadata.messages`, as Slack answers. */
export function assertMessageBlocks(blocks: Json[] | undefined): void {
  if (!blocks) return;
  const issues = blockIssues(blocks, LIMITS.messageBlocks);
  if (issues.length > 0)
    throw new SlackApiError('invalid_blocks', {
      errors: issues,
      response_metadata: { messages: issues.map((m) => `[ERROR] ${m}`) },
    });
}

/** Validates a modal or App Home view. @throws SlackApiError('invalid_arguments') listing every problem. */
export function assertView(view: unknown, type: 'modal' | 'home'): asserts view is Json {
  const issues: Issues = [];
  if (!isObj(view)) issues.push('must provide an object [json-pointer:/view]');
  else {
    if (view.type !== type) issues.push(`must be ${type} [json-pointer:/view/type]`);
    if (!Array.isArray(view.blocks)) issues.push('must provide an array [json-pointer:/view/blocks]');
    else issues.push(...blockIssues(view.blocks as Json[], LIMITS.surfaceBlocks, '/view/blocks'));
    if (type === 'modal') {
      text(view.title, '/view/title', issues, 24, ['plain_text']);
      if (view.submit !== undefined) text(view.submit, '/view/submit', issues, 24, ['plain_text']);
      if (view.close !== undefined) text(view.close, '/view/close', issues, 24, ['plain_text']);
      const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
      if (hasInput && view.submit === undefined)
        issues.push('must provide submit when the view has input blocks [json-pointer:/view/submit]');
    }
    len(view.private_metadata, '/view/private_metadata', issues, 3000);
    len(view.callback_id, '/view/callback_id', issues, 255);
    len(view.external_id, '/view/external_id', issues, 255);
  }
  if (issues.length > 0)
    throw new SlackApiError('invalid_arguments', {
      response_metadata: { messages: issues.map((m) => `[ERROR] ${m}`) },
    });
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const shortId = () => Array.from({ length: 5 }, () => ID_CHARS[Math.floor(Math.random() * ID_CHARS.length)]).join('');

/**
 * What Slack stores for posted blocks: a copy where every block has a `block_id` and every interactive
 * element an `action_id` (Slack generates the missing ones), so payloads can point back at them.
 */
export function normalizeBlocks(blocks: Json[] | undefined): Json[] | undefined {
  if (!blocks) return undefined;
  const copy = structuredClone(blocks);
  for (const block of copy) {
    if (typeof block.block_id !== 'string') block.block_id = shortId();
    const elements = [block.accessory, block.element, ...(Array.isArray(block.elements) ? block.elements : [])];
    for (const e of elements)
      if (
        isObj(e) &&
        e.type !== 'image' &&
        e.type !== 'mrkdwn' &&
        e.type !== 'plain_text' &&
        block.type !== 'rich_text'
      )
        if (typeof e.action_id !== 'string') e.action_id = shortId();
  }
  return copy;
}

/** A view spec with normalized blocks. */
export function normalizeView(view: Json): Json {
  return { ...view, blocks: normalizeBlocks(Array.isArray(view.blocks) ? (view.blocks as Json[]) : []) };
}
