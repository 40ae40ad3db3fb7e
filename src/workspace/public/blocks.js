// Block Kit renderer for messages, modals and App Home. Builds DOM nodes only (see dom.js).
import { h, markdown, renderNodes, textObject } from './dom.js';
import { parsePlain } from './mrkdwn.js';

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

const plain = (obj) => String(obj?.text ?? '');

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
export function element(block, el, ctx, inInput = false) {
  if (!el || typeof el !== 'object') return null;
  const dispatch = !inInput || block.dispatch_action === true;
  switch (el.type) {
    case 'button':
      return button(block, el, ctx);
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

function richText(block, ctx) {
  const inline = (els) =>
    (els ?? []).map((e) => {
      if (e.type === 'text') {
        const s = e.style ?? {};
        let node = h('span', {}, e.text);
        if (s.code) node = h('code', {}, e.text);
        if (s.bold) node = h('strong', {}, node);
        if (s.italic) node = h('em', {}, node);
        if (s.strike) node = h('s', {}, node);
        return node;
      }
      if (e.type === 'link')
        return renderNodes([{ t: 'link', url: e.url, c: [{ t: 'text', v: e.text ?? e.url }] }], ctx);
      if (e.type === 'user') return renderNodes([{ t: 'user', id: e.user_id }], ctx);
      if (e.type === 'channel') return renderNodes([{ t: 'channel', id: e.channel_id }], ctx);
      if (e.type === 'emoji') return renderNodes(parsePlain(`:${e.name}:`), ctx);
      if (e.type === 'broadcast') return h('span', { class: 'mention special' }, `@${e.range}`);
      return null;
    });
  const section = (s) => {
    if (s.type === 'rich_text_preformatted') return h('pre', {}, inline(s.elements));
    if (s.type === 'rich_text_quote') return h('blockquote', {}, inline(s.elements));
    if (s.type === 'rich_text_list')
      return h(
        s.style === 'ordered' ? 'ol' : 'ul',
        {},
        (s.elements ?? []).map((item) => h('li', {}, inline(item.elements))),
      );
    return h('div', { class: 'rt-section' }, inline(s.elements));
  };
  return h('div', { class: 'b-rich' }, (block.elements ?? []).map(section));
}

function blockNode(block, ctx) {
  switch (block.type) {
    case 'header':
      return h('div', { class: 'b-header' }, textObject(block.text, ctx));
    case 'divider':
      return h('hr', { class: 'b-divider' });
    case 'section':
      return h(
        'div',
        { class: 'b-section' },
        h(
          'div',
          { class: 'b-section-main' },
          block.text ? h('div', { class: 'b-text' }, textObject(block.text, ctx)) : null,
          Array.isArray(block.fields)
            ? h(
                'div',
                { class: 'b-fields' },
                block.fields.map((f) => h('div', { class: 'b-field' }, textObject(f, ctx))),
              )
            : null,
        ),
        block.accessory ? h('div', { class: 'b-accessory' }, element(block, block.accessory, ctx)) : null,
      );
    case 'context':
      return h(
        'div',
        { class: 'b-context' },
        (block.elements ?? []).map((e) =>
          e.type === 'image'
            ? h('img', { class: 'ctx-image', src: e.image_url, alt: e.alt_text ?? '' })
            : h('span', {}, textObject(e, ctx)),
        ),
      );
    case 'actions':
      return h(
        'div',
        { class: 'b-actions' },
        (block.elements ?? []).map((e) => element(block, e, ctx)),
      );
    case 'image':
      return h(
        'figure',
        { class: 'b-image' },
        block.title ? h('figcaption', {}, textObject(block.title, ctx)) : null,
        h('img', { src: block.image_url, alt: block.alt_text ?? '', loading: 'lazy' }),
      );
    case 'input':
      return h(
        'div',
        { class: `b-input${ctx.errors?.[block.block_id] ? ' has-error' : ''}`, dataset: { blockId: block.block_id } },
        h(
          'label',
          { class: 'b-label' },
          plain(block.label),
          block.optional ? h('span', { class: 'optional' }, ' (optional)') : null,
        ),
        element(block, block.element, ctx, true),
        block.hint ? h('div', { class: 'b-hint' }, textObject(block.hint, ctx)) : null,
        ctx.errors?.[block.block_id] ? h('div', { class: 'b-error' }, ctx.errors[block.block_id]) : null,
      );
    case 'rich_text':
      return richText(block, ctx);
    case 'markdown':
      return h('div', { class: 'b-markdown' }, markdown(block.text ?? '', ctx));
    default:
      return h('div', { class: 'unsupported' }, `[unsupported block: ${String(block.type)}]`);
  }
}

/** Renders a list of blocks into a container element. */
export function renderBlocks(blocks, ctx) {
  return h(
    'div',
    { class: 'blocks' },
    (blocks ?? []).filter((b) => b && typeof b === 'object').map((b) => blockNode(b, ctx)),
  );
}

/** Legacy attachments: a colour bar with pretext, title, text and fields. */
export function renderAttachments(attachments, ctx) {
  return (attachments ?? []).map((a) => {
    const node = h(
      'div',
      { class: 'attachment' },
      a.pretext ? h('div', {}, textObject({ type: 'mrkdwn', text: a.pretext }, ctx)) : null,
      a.title ? h('strong', {}, a.title) : null,
      a.text ? h('div', {}, textObject({ type: 'mrkdwn', text: a.text }, ctx)) : null,
      Array.isArray(a.fields)
        ? h(
            'div',
            { class: 'b-fields' },
            a.fields.map((f) =>
              h('div', { class: 'b-field' }, h('strong', {}, f.title ?? ''), h('div', {}, f.value ?? '')),
            ),
          )
        : null,
      Array.isArray(a.blocks) ? renderBlocks(a.blocks, ctx) : null,
    );
    const color = { good: '#2eb67d', warning: '#ecb22e', danger: '#e01e5a' }[a.color] ?? a.color;
    if (/^#[0-9a-f]{6}$/i.test(color ?? '')) node.style.borderLeftColor = color;
    return node;
  });
}
