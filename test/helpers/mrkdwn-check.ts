import { parseMrkdwn } from '../../src/workspace/public/mrkdwn.js';

/**
 * Strings a stranger can put in a company name, a CSV cell, an OpenStreetMap tag, a web page, a reply or model
 * output, each trying to make Slack ping, mention, link or format on its behalf.
 */
export const HOSTILE = {
  name: '<!channel> Evil <https://evil.example|Click to approve>',
  pings: '<!here> <!everyone> <@U123> <#C123|general> <!subteam^S123|@sales>',
  escaped: '&lt;!channel&gt; already &amp;lt; escaped',
  bare: '@here @channel #general evil.example/login https://evil.example/login',
  markdown: '[Click to approve](https://evil.example) **urgent**',
  control: 'Acme\u0000\u0007\u001b[31m\u202eEvil\u2066',
  newline: 'Acme\n:white_check_mark: Approved by <@UBOSS>\n> quoted',
  long: `${'<!channel> '.repeat(500)}Evil`,
} as const;

/** Every hostile string in one value (as one field would hold them). */
export const HOSTILE_ALL = Object.values(HOSTILE).join(' ');

export interface Finding {
  at: string;
  problem: string;
  text: string;
}

export interface CheckOptions {
  /** Links leadbot itself produced (exact URLs as written in the `<url|label>`). */
  links?: string[];
  /** Mentions leadbot itself produced: user ids of approvers and deciders, channel ids it stores. */
  mentions?: string[];
}

type Node = { t: string; url?: string; id?: string; v?: string; c?: Node[] };

function activeNodes(nodes: Node[], out: Node[] = []): Node[] {
  for (const n of nodes) {
    if (n.t === 'link' || n.t === 'user' || n.t === 'channel' || n.t === 'special') out.push(n);
    if (n.c) activeNodes(n.c, out);
  }
  return out;
}

/** What Slack would make of mrkdwn text: every mention, ping, channel link or link it holds that leadbot did not make. */
function activeInMrkdwn(text: string, at: string, options: CheckOptions = {}): Finding[] {
  const findings: Finding[] = [];
  for (const n of activeNodes(parseMrkdwn(text) as Node[])) {
    if (n.t === 'link' && options.links?.includes(n.url ?? '')) continue;
    if ((n.t === 'user' || n.t === 'channel') && options.mentions?.includes(n.id ?? '')) continue;
    findings.push({ at, problem: `active ${n.t} ${n.url ?? n.id ?? n.v ?? ''}`, text: text.slice(0, 200) });
  }
  return findings;
}

/**
 * Walks a Block Kit payload (a message `{ text, blocks }`, a view, or a list of blocks). Flags mrkdwn text objects
 * without `verbatim: true` (Slack would auto-link bare URLs, `#channel` and `@here` in them) and any control
 * sequence leadbot did not produce, in text objects and in the top-level fallback `text`.
 */
export function findActiveMrkdwn(payload: unknown, options: CheckOptions = {}, at = '$'): Finding[] {
  const findings: Finding[] = [];
  if (Array.isArray(payload)) {
    payload.forEach((item, i) => {
      findings.push(...findActiveMrkdwn(item, options, `${at}[${i}]`));
    });
    return findings;
  }
  if (!payload || typeof payload !== 'object') return findings;
  const obj = payload as Record<string, unknown>;
  if (obj.type === 'mrkdwn' && typeof obj.text === 'string') {
    if (obj.verbatim !== true) findings.push({ at, problem: 'mrkdwn without verbatim: true', text: obj.text });
    findings.push(...activeInMrkdwn(obj.text, at, options));
    return findings;
  }
  if (obj.type === 'plain_text') return findings;
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'text' && typeof value === 'string') findings.push(...activeInMrkdwn(value, `${at}.text`, options));
    else if (value && typeof value === 'object') findings.push(...findActiveMrkdwn(value, options, `${at}.${key}`));
  }
  return findings;
}

/** The text a person would read (formatting removed, entities decoded), to check hostile text still shows. */
export function visibleText(payload: unknown): string {
  const parts: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') parts.push(flatten(parseMrkdwn(o.text) as Node[]));
      else if (o.type === 'plain_text' && typeof o.text === 'string') parts.push(o.text);
      else Object.values(o).forEach(walk);
    }
  };
  walk(payload);
  return parts.join('\n');
}

function flatten(nodes: Node[]): string {
  const one = (n: Node) =>
    n.t === 'br'
      ? '\n'
      : n.t === 'user'
        ? `@${n.id}`
        : n.t === 'channel'
          ? `#${n.id}`
          : n.c
            ? flatten(n.c)
            : (n.v ?? '');
  return nodes.map(one).join('');
}
