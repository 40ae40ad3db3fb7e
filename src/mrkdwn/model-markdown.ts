import { httpUrl, stripControl } from './escape.js';
import { type AllowedLinks, NO_LINKS } from './model-text.js';

/**
 * Model output as standard Markdown (what Slack's streamed `markdown_text` and `markdown` blocks take), made safe
 * the way `neutraliseModelText` makes mrkdwn safe: mentions (`<@U…>`, `<!channel>`), `<url|label>` sequences and
 * links to anything but the allow-list show as inert code text, so nothing the model writes can ping, mention or
 * disguise a link. Links on the allow-list become `[label](url)`. The agent answers in Slack mrkdwn, so `*bold*` and
 * `~strike~` are rewritten as Markdown's `**bold**` and `~~strike~~`; code spans are left as they are.
 */
export function neutraliseModelMarkdown(text: string, links: AllowedLinks = NO_LINKS): string {
  return stripControl(text)
    .split('\n')
    .map((line) => neutraliseLine(line, links))
    .join('\n');
}

/** Code spans, `<…>` sequences, Markdown links and bare http(s) URLs (the same tokens as the mrkdwn rule). */
const TOKEN = /`[^`\n]*`|<([^<>\n]*)>|\[([^\]\n]{1,300})\]\(([^()\s]{1,2000})\)|\bhttps?:\/\/[^\s<>|`]+/gi;
const TRAILING = /[.,;:!?)'"’”]+$/;

/** Shown as code: Slack renders nothing inside it (no mention, no link). */
const inert = (raw: string) => `\`${raw.replace(/`/g, "'")}\``;
const label = (raw: string) => raw.replace(/[[\]`]/g, '').trim();

function allowed(raw: string, links: AllowedLinks): URL | undefined {
  if (!/^https?:\/\//i.test(raw)) return undefined;
  const url = httpUrl(raw);
  return url && links.has(url) ? url : undefined;
}

function link(url: URL, text: string): string {
  return `[${label(text) || url.host}](${url.href.replace(/\)/g, '%29').replace(/\(/g, '%28')})`;
}

function neutraliseLine(line: string, links: AllowedLinks): string {
  let out = '';
  let last = 0;
  for (const m of line.matchAll(TOKEN)) {
    const index = m.index ?? 0;
    let whole = m[0];
    let replacement: string;
    if (whole.startsWith('`')) replacement = whole;
    else if (m[1] !== undefined) {
      const bar = m[1].indexOf('|');
      const url = allowed(bar >= 0 ? m[1].slice(0, bar) : m[1], links);
      replacement = url ? link(url, bar >= 0 ? m[1].slice(bar + 1) : url.host) : inert(whole);
    } else if (m[2] !== undefined && m[3] !== undefined) {
      const url = allowed(m[3], links);
      replacement = url ? link(url, m[2]) : `${label(m[2])} (${inert(m[3])})`;
    } else {
      whole = whole.replace(TRAILING, '');
      const url = allowed(whole, links);
      replacement = url ? link(url, url.host + (url.pathname === '/' ? '' : url.pathname)) : inert(whole);
    }
    out += emphasis(line.slice(last, index)) + replacement;
    last = index + whole.length;
  }
  return out + emphasis(line.slice(last));
}

/** mrkdwn emphasis as Markdown: `*bold*` → `**bold**`, `~strike~` → `~~strike~~` (a leading `* ` bullet stays). */
function emphasis(text: string): string {
  return text
    .replace(/(^|[^*\w])\*(?![\s*])([^*\n]*?[^\s*])\*(?![*\w])/g, '$1**$2**')
    .replace(/(^|[^~\w])~(?![\s~])([^~\n]*?[^\s~])~(?![~\w])/g, '$1~~$2~~');
}

/**
 * Neutralises model text as it streams in: `push` takes the raw text as it arrives and returns what is safe to show
 * now, `end` the rest. Text is released up to the last complete line, or up to a space after which no mention,
 * link, code span or emphasis is still open, so a `<@U…>` split across two chunks is never shown half-checked.
 */
export function createMarkdownStream(links: AllowedLinks = NO_LINKS): { push(raw: string): string; end(): string } {
  let pending = '';
  const release = (upTo: number) => {
    const ready = pending.slice(0, upTo);
    pending = pending.slice(upTo);
    return ready ? neutraliseModelMarkdown(ready, links) : '';
  };
  return {
    push(raw) {
      pending += stripControl(raw);
      const newline = pending.lastIndexOf('\n');
      let out = newline >= 0 ? release(newline + 1) : '';
      const cut = safeCut(pending);
      if (cut > 0) out += release(cut);
      return out;
    },
    end: () => release(pending.length),
  };
}

/** The longest prefix of one partial line that ends after a space with nothing left open. */
function safeCut(line: string): number {
  for (let i = line.length; i > 0; i--) {
    if (!/\s/.test(line[i - 1]!)) continue;
    if (closed(line.slice(0, i))) return i;
  }
  return 0;
}

function closed(prefix: string): boolean {
  const body = prefix.replace(/^\s*[*-]\s/, '');
  const count = (ch: string) => body.split(ch).length - 1;
  if (count('`') % 2 !== 0 || count('*') % 2 !== 0 || count('~') % 2 !== 0) return false;
  if (body.lastIndexOf('<') > body.lastIndexOf('>')) return false;
  return body.lastIndexOf('[') <= body.lastIndexOf(')');
}
