import { escapeMrkdwn, httpUrl, mrkdwnLink, stripControl } from './escape.js';

/** The links leadbot itself produced (stored company websites, run links): the only ones model text may keep. */
export interface AllowedLinks {
  has(url: URL): boolean;
}

/** An allow-list of exact URLs (normalised: scheme and host lower case, default port and empty path settled). */
export function allowLinks(urls: Iterable<string | null | undefined>): AllowedLinks {
  const keys = new Set<string>();
  for (const u of urls) {
    const url = httpUrl(u);
    if (url) keys.add(url.href);
  }
  return { has: (url) => keys.has(url.href) };
}

export const NO_LINKS: AllowedLinks = { has: () => false };

/** `<target|label>` control sequences, Markdown links `[label](url)`, and bare http(s) URLs. */
const TOKEN = /<([^<>\n]*)>|\[([^\]\n]{1,300})\]\(([^()\s]{1,2000})\)|\bhttps?:\/\/[^\s<>|]+/gi;
const TRAILING = /[.,;:!?)'"’”]+$/;

function allowed(raw: string, links: AllowedLinks): URL | undefined {
  if (!/^https?:\/\//i.test(raw)) return undefined;
  const url = httpUrl(raw);
  return url && links.has(url) ? url : undefined;
}

/**
 * Model output made safe to show as mrkdwn. Formatting (`*bold*`, `_italic_`, `~strike~`, code, emoji) stays;
 * mentions (`<@U…>`, `<!channel>`, `<#C…>`) and links show as the text they are, unless a link's URL is on the
 * allow-list of links leadbot produced, in which case it becomes an explicit `<url|label>`. Everything else is
 * escaped, so nothing the model writes can ping, mention or disguise a link. Show the result with `verbatim: true`.
 */
export function neutraliseModelText(text: string, links: AllowedLinks = NO_LINKS): string {
  const source = stripControl(text);
  let out = '';
  let last = 0;
  for (const m of source.matchAll(TOKEN)) {
    const index = m.index ?? 0;
    let whole = m[0];
    let replacement: string | undefined;
    if (m[1] !== undefined) {
      const bar = m[1].indexOf('|');
      const target = bar >= 0 ? m[1].slice(0, bar) : m[1];
      const url = allowed(target, links);
      if (url) replacement = mrkdwnLink(url, bar >= 0 ? m[1].slice(bar + 1) : url.host);
    } else if (m[2] !== undefined && m[3] !== undefined) {
      const url = allowed(m[3], links);
      if (url) replacement = mrkdwnLink(url, m[2]);
    } else {
      whole = whole.replace(TRAILING, '');
      const url = allowed(whole, links);
      if (url) replacement = mrkdwnLink(url, url.host + (url.pathname === '/' ? '' : url.pathname));
    }
    out += escapeMrkdwn(source.slice(last, index)) + (replacement ?? escapeMrkdwn(whole));
    last = index + whole.length;
  }
  return out + escapeMrkdwn(source.slice(last));
}
