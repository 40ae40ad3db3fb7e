import { load } from 'cheerio';
import { ROLE_LOCAL_PARTS } from '../../pipeline/enrichment/gates.js';
import { type NamedPerson, peopleInLines } from './people-text.js';
import { mailboxName } from './permutation.js';

export interface PageFindings {
  /** Addresses on the page: from mailto: links, plain text and de-obfuscated text, lower case. */
  emails: { email: string; line: number; mailto: boolean }[];
  people: (NamedPerson & { email: string | null })[];
  /** Same-site links worth reading next (contact, about, team pages), absolute. */
  links: string[];
}

const BLOCKS = 'p,div,li,h1,h2,h3,h4,h5,h6,td,th,tr,dt,dd,section,article,header,footer,address,blockquote,figcaption';
const PLAIN = /[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi;
const AT_BRACKET = String.raw`\s*(?:\[\s*(?:at|@)\s*\]|\(\s*(?:at|@)\s*\)|\{\s*(?:at|@)\s*\}|<\s*(?:at|@)\s*>)\s*`;
const DOT_TOKEN = String.raw`\s*(?:\[\s*(?:dot|\.)\s*\]|\(\s*(?:dot|\.)\s*\)|\{\s*(?:dot|\.)\s*\})\s*|\s+dot\s+`;
/** "name [at] acme [dot] com", "name(at)acme.com", "name {at} acme.com". */
const BRACKETED = new RegExp(
  String.raw`([a-z0-9][a-z0-9._%+-]*)${AT_BRACKET}([a-z0-9-]+(?:(?:${DOT_TOKEN}|\.)[a-z0-9-]+)+)`,
  'gi',
);
/** "name at acme dot com": a bare "at" only counts when the domain is written with "dot" too. */
const SPOKEN = new RegExp(
  String.raw`([a-z0-9][a-z0-9._%+-]*)\s+at\s+([a-z0-9-]+(?:(?:${DOT_TOKEN})[a-z0-9-]+)+)`,
  'gi',
);
const INTERESTING = /contact|about|team|staff|leadership|people|management|our-?story|who-?we-?are/i;

const cleanDomain = (d: string) => d.replace(new RegExp(DOT_TOKEN, 'gi'), '.').replace(/\s+/g, '').toLowerCase();

/** Addresses in a line of text, including the usual obfuscations. */
export function addressesInText(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(PLAIN)) out.add(m[0].toLowerCase().replace(/\.$/, ''));
  for (const re of [BRACKETED, SPOKEN])
    for (const m of text.matchAll(re)) out.add(`${m[1]!.toLowerCase()}@${cleanDomain(m[2]!)}`);
  return [...out];
}

/** Whether an address's mailbox is made from this person's name (dana.whitfield@, dwhitfield@, dana@). */
function addressFitsName(email: string, name: string): boolean {
  const parts = mailboxName({ fullName: name, firstName: null, lastName: null });
  if (!parts) return false;
  const local = email.split('@')[0]!.replace(/[^a-z]/g, '');
  return local.includes(parts.last) || local === parts.first || local === `${parts.first}${parts.last[0]}`;
}

/** Reads one HTML page: addresses, people with target titles (paired with their address), and links to follow. */
export function extractPage(
  html: string,
  pageUrl: string,
  rank: (t: string | null | undefined) => number | null,
): PageFindings {
  const $ = load(html);
  $('script,style,noscript,svg,template,iframe').remove();
  const mailtos = new Set<string>();
  $('a[href^="mailto:" i]').each((_, el) => {
    const href = $(el).attr('href') ?? '';
    let target = href.replace(/^mailto:/i, '').split('?')[0] ?? '';
    try {
      target = decodeURIComponent(target);
    } catch {
      // keep as written
    }
    for (const a of target.split(/[,;]/)) if (a.includes('@')) mailtos.add(a.trim().toLowerCase());
    $(el).append(` ${target} `);
  });
  const links = new Set<string>();
  const origin = new URL(pageUrl);
  $('a[href]').each((_, el) => {
    const href = $(el).attr('href') ?? '';
    const text = $(el).text();
    if (!INTERESTING.test(`${href} ${text}`) || /^(mailto|tel|javascript):/i.test(href)) return;
    try {
      const url = new URL(href, pageUrl);
      url.hash = '';
      if (url.hostname === origin.hostname && /^https?:$/.test(url.protocol)) links.add(url.toString());
    } catch {
      // not a URL
    }
  });
  $('br').replaceWith('\n');
  $(BLOCKS).append('\n');
  const lines = $('body')
    .text()
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const emails: PageFindings['emails'] = [];
  lines.forEach((line, i) => {
    for (const email of addressesInText(line))
      if (!emails.some((e) => e.email === email)) emails.push({ email, line: i, mailto: mailtos.has(email) });
  });
  for (const email of mailtos)
    if (!emails.some((e) => e.email === email)) emails.push({ email, line: -1, mailto: true });
  const people = peopleInLines(lines, rank).map((p) => {
    const near = emails.filter((e) => e.line === -1 || Math.abs(e.line - p.line) <= 4);
    const own = near.find((e) => !ROLE_LOCAL_PARTS.has(e.email.split('@')[0]!) && addressFitsName(e.email, p.name));
    return { ...p, email: own?.email ?? null };
  });
  return { emails, people, links: [...links] };
}
