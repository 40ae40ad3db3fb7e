import type { Json } from '../store/types.js';

/** What the page sends for a stateful element: the typed text, or the chosen option value(s) or date. */
export type RawValue = string | string[] | null;
export type RawValues = Record<string, Record<string, RawValue>>;
export type StateValues = Record<string, Record<string, Json>>;

const isObj = (v: unknown): v is Json => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** Every interactive element in `blocks` with the block it sits in. */
function elementsOf(blocks: Json[] | undefined): { block: Json; element: Json }[] {
  const found: { block: Json; element: Json }[] = [];
  for (const block of blocks ?? []) {
    if (isObj(block.accessory)) found.push({ block, element: block.accessory });
    if (isObj(block.element)) found.push({ block, element: block.element });
    if ((block.type === 'actions' || block.type === 'context_actions') && Array.isArray(block.elements))
      for (const e of block.elements) if (isObj(e)) found.push({ block, element: e });
  }
  return found;
}

/** Finds the element a user clicked by block_id and action_id. */
export function findElement(blocks: Json[] | undefined, blockId: string, actionId: string) {
  return elementsOf(blocks).find((f) => f.block.block_id === blockId && f.element.action_id === actionId);
}

function optionsOf(element: Json): Json[] {
  const flat = Array.isArray(element.options) ? (element.options as Json[]) : [];
  const groups = Array.isArray(element.option_groups) ? (element.option_groups as Json[]) : [];
  return [...flat, ...groups.flatMap((g) => (Array.isArray(g.options) ? (g.options as Json[]) : []))];
}

function option(element: Json, value: unknown): Json | null {
  const o = optionsOf(element).find((x) => x.value === value);
  return o ? { text: o.text, value: o.value, ...(o.description ? { description: o.description } : {}) } : null;
}

const MULTI = new Set(['multi_static_select', 'checkboxes']);
const SINGLE = new Set(['static_select', 'radio_buttons', 'overflow']);

/** The state entry Slack reports for one element given what the user entered. */
function stateEntry(element: Json, raw: RawValue | undefined): Json {
  const type = String(element.type);
  if (MULTI.has(type)) {
    const values = Array.isArray(raw) ? raw : raw ? [raw] : [];
    return { type, selected_options: values.map((v) => option(element, v)).filter(Boolean) };
  }
  if (SINGLE.has(type)) return { type, selected_option: option(element, Array.isArray(raw) ? raw[0] : raw) };
  if (type === 'datepicker') return { type, selected_date: typeof raw === 'string' && raw ? raw : null };
  if (type === 'timepicker') return { type, selected_time: typeof raw === 'string' && raw ? raw : null };
  return { type, value: typeof raw === 'string' && raw !== '' ? raw : null };
}

/** `state.values` for every stateful element in `blocks`, from the page's raw values (unknown keys are ignored). */
export function buildState(blocks: Json[] | undefined, raw: RawValues = {}): StateValues {
  const state: StateValues = {};
  for (const { block, element } of elementsOf(blocks)) {
    const type = String(element.type);
    if (
      type === 'button' ||
      type === 'overflow' ||
      type === 'image' ||
      type === 'feedback_buttons' ||
      type === 'icon_button' ||
      typeof element.action_id !== 'string'
    )
      continue;
    const blockId = String(block.block_id);
    const given = raw[blockId]?.[element.action_id];
    const initial =
      element.initial_value ?? element.initial_date ?? (element.initial_option as Json | undefined)?.value;
    state[blockId] ??= {};
    state[blockId][element.action_id] = stateEntry(element, given === undefined ? (initial as RawValue) : given);
  }
  return state;
}

/** The `actions[0]` entry of a block_actions payload for this element. */
export function actionJson(block: Json, element: Json, selected: RawValue | undefined, actionTs: string): Json {
  const base = { action_id: element.action_id, block_id: block.block_id, action_ts: actionTs };
  if (element.type === 'button')
    return {
      ...base,
      type: 'button',
      text: element.text,
      ...(element.value !== undefined ? { value: element.value } : {}),
      ...(element.style ? { style: element.style } : {}),
    };
  if (element.type === 'feedback_buttons') {
    const chosen = (selected === 'negative' ? element.negative_button : element.positive_button) as Json | undefined;
    return { ...base, type: 'feedback_buttons', value: chosen?.value ?? null };
  }
  const { type: _type, ...entry } = stateEntry(element, selected);
  return { ...base, type: element.type, ...entry };
}

/** Problems Slack's client shows before sending a view_submission: required inputs and length limits. */
export function inputErrors(blocks: Json[] | undefined, state: StateValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const block of blocks ?? []) {
    if (block.type !== 'input' || !isObj(block.element)) continue;
    const entry = state[String(block.block_id)]?.[String(block.element.action_id)];
    const value = entry?.value ?? entry?.selected_option ?? entry?.selected_date ?? entry?.selected_time;
    const many = Array.isArray(entry?.selected_options) ? (entry.selected_options as unknown[]).length : 0;
    if (block.optional !== true && (value === null || value === undefined) && many === 0)
      errors[String(block.block_id)] = 'Please fill out this field.';
    const min = Number(block.element.min_length);
    if (typeof entry?.value === 'string' && min > 0 && entry.value.length < min)
      errors[String(block.block_id)] = `Please enter at least ${min} characters.`;
  }
  return errors;
}

const rawValue = (v: unknown): RawValue | undefined =>
  typeof v === 'string' || v === null
    ? v
    : Array.isArray(v) && v.every((x) => typeof x === 'string')
      ? (v as string[])
      : undefined;

/** Keeps only well-formed entries from what the page sent as `values` (block → action → value). */
export function parseRawValues(input: unknown): RawValues {
  const out: RawValues = {};
  if (!isObj(input)) return out;
  for (const [blockId, actions] of Object.entries(input)) {
    if (!isObj(actions)) continue;
    for (const [actionId, value] of Object.entries(actions)) {
      const v = rawValue(value);
      if (v === undefined) continue;
      out[blockId] ??= {};
      out[blockId][actionId] = v;
    }
  }
  return out;
}

/** Reads a raw selection (option value, values, date or typed text). */
export function parseRawValue(input: unknown): RawValue | undefined {
  return rawValue(input);
}
