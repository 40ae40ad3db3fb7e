// DOM helpers. Every piece of text goes in through textContent or a text node; attributes through
// setAttribute on an allow-list. Nothing is ever assigned to innerHTML.
import { parseMarkdown, parseMrkdwn, parsePlain, safeUrl } from './mrkdwn.js';

const SAFE_ATTRS = new Set([
  'class',
  'type',
  'placeholder',
  'title',
  'alt',
  'role',
  'value',
  'name',
  'rows',
  'maxlength',
  'min',
  'max',
  'step',
  'aria-label',
  'tabindex',
  'id',
  'for',
  'disabled',
  'checked',
  'selected',
  'multiple',
  'target',
  'rel',
  'loading',
]);

/** Creates an element: `h('div', { class: 'x', dataset: { ts } , onclick }, 'text', child)`. */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'dataset') for (const [k, v] of Object.entries(value)) node.dataset[k] = String(v);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'href') {
      if (safeUrl(value)) node.setAttribute('href', value);
    } else if (key === 'src') {
      if (/^(https?:\/\/|data:image\/(png|gif|jpeg|webp);)/i.test(String(value))) node.setAttribute('src', value);
    } else if (SAFE_ATTRS.has(key) || key.startsWith('data-'))
      node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/** Appends strings (as text nodes), nodes and nested arrays. */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(
      typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child,
    );
  }
  return node;
}

/** Renders parsed mrkdwn nodes; `ctx.userName(id)` and `ctx.channelName(id)` name mentions. */
export function renderNodes(nodes, ctx) {
  return nodes.map((n) => {
    switch (n.t) {
      case 'text':
        return document.createTextNode(n.v);
      case 'br':
        return h('br');
      case 'b':
        return h('strong', {}, renderNodes(n.c, ctx));
      case 'i':
        return h('em', {}, renderNodes(n.c, ctx));
      case 's':
        return h('s', {}, renderNodes(n.c, ctx));
      case 'code':
        return h('code', {}, n.v);
      case 'pre':
        return h('pre', {}, n.v);
      case 'quote':
        return h('blockquote', {}, renderNodes(n.c, ctx));
      case 'emoji':
        return h('span', { class: 'emoji', title: `:${n.name}:` }, n.v);
      case 'user':
        return h('span', { class: 'mention', dataset: { user: n.id } }, `@${n.label ?? ctx.userName(n.id)}`);
      case 'channel':
        return h('span', { class: 'mention' }, `#${n.label ?? ctx.channelName(n.id)}`);
      case 'special':
        return h('span', { class: 'mention special' }, n.v);
      case 'link':
        return safeUrl(n.url)
          ? h('a', { href: n.url, target: '_blank', rel: 'noopener noreferrer nofollow' }, renderNodes(n.c, ctx))
          : h('span', {}, renderNodes(n.c, ctx));
      default:
        return document.createTextNode('');
    }
  });
}

/** Renders a Block Kit text object (mrkdwn or plain_text). */
export function textObject(obj, ctx) {
  if (!obj || typeof obj !== 'object') return [];
  const text = String(obj.text ?? '');
  if (obj.type === 'mrkdwn') return renderNodes(parseMrkdwn(text), ctx);
  return renderNodes(parsePlain(text, obj.emoji !== false), ctx);
}

/** Renders mrkdwn message text. */
export function mrkdwn(text, ctx) {
  return renderNodes(parseMrkdwn(text), ctx);
}

/** Renders standard markdown (markdown blocks). */
export function markdown(text, ctx) {
  return renderNodes(parseMarkdown(text), ctx);
}
