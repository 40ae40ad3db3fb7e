// Block Kit interactive elements (buttons, selects, inputs, pickers) with the values they hold.
import { h, textObject } from './dom.js';

const STYLES = { primary: 'primary', danger: 'danger' };

function setValue(ctx, blockId, actionId, value) {
  ctx.values[blockId] ??= {};
  ctx.values[blockId][actionId] = value;
}

function optionsOf(element) {
  const flat = Array.isArray(element.options) ? element.options : [];
  const groups = Array.isArray(element.option_groups) ? element.option_groups : [];
  return [...flat, ...groups.flatMap((g) => (Array.isArray(g.options) ? g.options : []))];
}

/** The text of a plain_text object. */
export const plain = (obj) => String(obj?.text ?? '');

/** Asks before a button with a `confirm` dialog object fires. */
function confirmDialog(confirm, ctx) {
  return new Promise((resolve) => {
    const close = (answer) => {
      overlay.remove();
      resolve(answer);
    };
    const overlay = h(
      'div',
      { class: 'overlay confirm', role: 'dialog' },
      h(
        'div',
        { class: 'modal small' },
        h('div', { class: 'modal-head' }, h('h2', {}, plain(confirm.title) || 'Are you sure?')),
        h('div', { class: 'modal-body' }, textObject(confirm.text, ctx)),
        h(
          'div',
          { class: 'modal-foot' },
          h('button', { class: 'btn', onclick: () => close(false) }, plain(confirm.deny) || 'Cancel'),
          h(
            'button',
            { class: `btn ${confirm.style === 'danger' ? 'danger' : 'primary'}`, onclick: () => close(true) },
            plain(confirm.confirm) || 'Yes',
          ),
        ),
      ),
    );
    document.body.append(overlay);
  });
}

async function fire(ctx, block, element, selected, node) {
  if (element.confirm && !(await confirmDialog(element.confirm, ctx))) return;
  if (node) node.classList.add('pending');
  try {
    await ctx.onAction({ blockId: block.block_id, actionId: element.action_id, selected });
  } finally {
    if (node) node.classList.remove('pending');
  }
}

function button(block, element, ctx) {
  const node = h(
    'button',
    {
      class: `btn ${STYLES[element.style] ?? ''}`,
      dataset: { actionId: element.action_id, blockId: block.block_id },
      onclick: () => {
        if (element.url) window.open(element.url, '_blank', 'noopener,noreferrer');
        fire(ctx, block, element, undefined, node);
      },
    },
    textObject(element.text, ctx),
  );
  return node;
}

function select(block, element, ctx, dispatch) {
  const multi = element.type.startsWith('multi_');
  const source = element.type.includes('users')
    ? ctx.users.map((u) => ({ text: { type: 'plain_text', text: u.name }, value: u.id }))
    : element.type.includes('conversations') || element.type.includes('channels')
      ? ctx.channels.map((c) => ({ text: { type: 'plain_text', text: c.name }, value: c.id }))
      : optionsOf(element);
  const kept = ctx.values[block.block_id]?.[element.action_id];
  const initial =
    kept !== undefined && kept !== null
      ? [kept].flat()
      : multi
        ? (element.initial_options ?? []).map((o) => o.value)
        : [
            element.initial_option?.value ??
              element.initial_user ??
              element.initial_conversation ??
              element.initial_channel,
          ].filter(Boolean);
  const node = h(
    'select',
    { class: 'select', multiple: multi, dataset: { actionId: element.action_id, blockId: block.block_id } },
    multi ? null : h('option', { value: '' }, plain(element.placeholder) || 'Select an option'),
    source.map((o) => h('option', { value: o.value, selected: initial.includes(o.value) }, plain(o.text))),
  );
  if (initial.length) setValue(ctx, block.block_id, element.action_id, multi ? initial : initial[0]);
  node.addEventListener('change', () => {
    const value = multi ? [...node.selectedOptions].map((o) => o.value) : node.value || null;
    setValue(ctx, block.block_id, element.action_id, value);
    if (dispatch) fire(ctx, block, element, value, node);
  });
  return node;
}

function overflow(block, element, ctx) {
  const menu = h(
    'div',
    { class: 'menu hidden' },
    optionsOf(element).map((o) =>
      h(
        'button',
        {
          class: 'menu-item',
          onclick: () => {
            menu.classList.add('hidden');
            if (o.url) window.open(o.url, '_blank', 'noopener,noreferrer');
            fire(ctx, block, element, o.value);
          },
        },
        plain(o.text),
      ),
    ),
  );
  const toggle = h(
    'button',
    { class: 'btn overflow', 'aria-label': 'More actions', onclick: () => menu.classList.toggle('hidden') },
    '⋯',
  );
  return h(
    'span',
    { class: 'overflow-wrap', dataset: { actionId: element.action_id, blockId: block.block_id } },
    toggle,
    menu,
  );
}

function textInput(block, element, ctx, dispatch) {
  const kinds = { number_input: 'number', email_text_input: 'email', url_text_input: 'url' };
  const attrs = {
    class: 'input',
    placeholder: plain(element.placeholder),
    maxlength: element.max_length,
    dataset: { actionId: element.action_id, blockId: block.block_id },
  };
  const node = element.multiline
    ? h('textarea', { ...attrs, rows: 4 })
    : h('input', { ...attrs, type: kinds[element.type] ?? 'text' });
  const kept = ctx.values[block.block_id]?.[element.action_id];
  if (typeof kept === 'string') node.value = kept;
  else if (element.initial_value !== undefined) {
    node.value = String(element.initial_value);
    setValue(ctx, block.block_id, element.action_id, node.value);
  }
  node.addEventListener('input', () => setValue(ctx, block.block_id, element.action_id, node.value));
  if (dispatch)
    node.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !element.multiline) fire(ctx, block, element, node.value, node);
    });
  return node;
}

function choices(block, element, ctx, dispatch) {
  const multi = element.type === 'checkboxes';
  const name = `${block.block_id}:${element.action_id}`;
  const chosen = new Set(
    (multi ? (element.initial_options ?? []) : [element.initial_option].filter(Boolean)).map((o) => o.value),
  );
  if (chosen.size) setValue(ctx, block.block_id, element.action_id, multi ? [...chosen] : [...chosen][0]);
  const inputs = optionsOf(element).map((o) => {
    const input = h('input', {
      type: multi ? 'checkbox' : 'radio',
      name,
      value: o.value,
      checked: chosen.has(o.value),
    });
    input.addEventListener('change', () => {
      if (!multi) chosen.clear();
      if (input.checked) chosen.add(o.value);
      else chosen.delete(o.value);
      const value = multi ? [...chosen] : o.value;
      setValue(ctx, block.block_id, element.action_id, value);
      if (dispatch) fire(ctx, block, element, value);
    });
    return h('label', { class: 'choice' }, input, ' ', textObject(o.text, ctx));
  });
  return h('div', { class: 'choices', dataset: { actionId: element.action_id, blockId: block.block_id } }, inputs);
}

function picker(block, element, ctx, dispatch) {
  const date = element.type === 'datepicker';
  const node = h('input', {
    class: 'input',
    type: date ? 'date' : 'time',
    dataset: { actionId: element.action_id, blockId: block.block_id },
  });
  const initial = date ? element.initial_date : element.initial_time;
  if (initial) {
    node.value = initial;
    setValue(ctx, block.block_id, element.action_id, initial);
  }
  node.addEventListener('change', () => {
    setValue(ctx, block.block_id, element.action_id, node.value || null);
    if (dispatch) fire(ctx, block, element, node.value || null, node);
  });
  return node;
}

/** Renders one interactive element; `inInput` elements only dispatch block_actions with dispatch_action. */
/** Feedback buttons (👍 / 👎): each click sends its button's value; the chosen one stays marked. */
function feedbackButtons(block, element, ctx) {
  const side = (which, icon) => {
    const spec = element[`${which}_button`] ?? {};
    const node = h(
      'button',
      {
        class: `btn feedback ${which}`,
        type: 'button',
        title: spec.accessibility_label ?? plain(spec.text),
        'aria-label': spec.accessibility_label ?? plain(spec.text),
        dataset: { actionId: element.action_id, blockId: block.block_id, feedback: which },
        onclick: async () => {
          await fire(ctx, block, element, which, node);
          for (const b of wrap.querySelectorAll('button')) b.classList.toggle('chosen', b === node);
        },
      },
      `${icon} `,
      plain(spec.text),
    );
    return node;
  };
  const wrap = h('span', { class: 'feedback-buttons' }, side('positive', '👍'), side('negative', '👎'));
  return wrap;
}

export function element(block, el, ctx, inInput = false) {
  if (!el || typeof el !== 'object') return null;
  const dispatch = !inInput || block.dispatch_action === true;
  switch (el.type) {
    case 'button':
      return button(block, el, ctx);
    case 'feedback_buttons':
      return feedbackButtons(block, el, ctx);
    case 'icon_button':
      return button(block, { ...el, text: el.text ?? { type: 'plain_text', text: el.icon ?? '•' } }, ctx);
    case 'image':
      return h('img', { class: 'el-image', src: el.image_url, alt: el.alt_text ?? '', loading: 'lazy' });
    case 'overflow':
      return overflow(block, el, ctx);
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      return textInput(block, el, ctx, inInput && dispatch);
    case 'checkboxes':
    case 'radio_buttons':
      return choices(block, el, ctx, dispatch);
    case 'datepicker':
    case 'timepicker':
      return picker(block, el, ctx, dispatch);
    default:
      if (String(el.type).endsWith('_select')) return select(block, el, ctx, dispatch);
      return h('span', { class: 'unsupported' }, `[${String(el.type)}]`);
  }
}
