/**
 * Text from outside (company names, website text, CSV cells, reply bodies, model output) placed into Slack mrkdwn.
 * Slack's documented escaping is `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`: with those escaped, data cannot form a
 * control sequence (`<!channel>`, `<@U123>`, `<#C123>`, `<url|label>`). Bare `@here`, `#general` and URLs are only
 * inert when the text object also has `verbatim: true` (the Block Kit builders set it).
 */

/** C0/C1 control characters (tab and line feed kept) and Unicode bidirectional overrides, marks and isolates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Removes control characters that would garble or disguise text (terminal escapes, right-to-left overrides). */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

/** Escapes data for mrkdwn: control characters removed, `&`, `<`, `>` as entities. Line breaks are kept. */
export function escapeMrkdwn(text: string): string {
  return stripControl(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes one line of data: line breaks and runs of white space become one space, so a name cannot start a line
 * of its own (a fake "Approved by …" line, a quote) under the template's text.
 */
export function escapeLine(text: string): string {
  return escapeMrkdwn(stripControl(text).replace(/\s+/g, ' ').trim());
}

/** An http(s) URL from a stored value ("acme.example" is read as https://acme.example/); undefined otherwise. */
export function httpUrl(value: string | null | undefined): URL | undefined {
  const raw = stripControl(value ?? '').trim();
  if (!raw || /\s/.test(raw)) return undefined;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (!url.hostname || url.username || url.password) return undefined;
    return url;
  } catch {
    return undefined;
  }
}

/** A URL as it may stand inside `<…>`: the characters that end or split a control sequence percent-encoded. */
function linkTarget(url: URL): string {
  return url.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/&/g, '&amp;');
}

/**
 * An explicit mrkdwn link built by a template from a trusted value (a stored website, a run link): the URL must be
 * http(s), the label is escaped as one line. Returns the escaped label alone when the URL is not usable.
 */
export function mrkdwnLink(url: string | URL | null | undefined, label: string): string {
  const parsed = url instanceof URL ? url : httpUrl(url);
  const text = escapeLine(label) || (parsed ? escapeLine(parsed.host) : '');
  return parsed ? `<${linkTarget(parsed)}|${text}>` : text;
}

/** Decodes the three entities (for surfaces that show mrkdwn as plain text, such as the terminal). */
export function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
