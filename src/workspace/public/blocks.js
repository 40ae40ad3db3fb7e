// Block Kit renderer for messages, modals and App Home. Builds DOM nodes only (see dom.js).
import { h, markdown, renderNodes, textObject } from './dom.js';
import { element, plain } from './elements.js';
import { parsePlain } from './mrkdwn.js';

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
    case 'context_actions':
      return h(
        'div',
        { class: 'b-context-actions' },
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
