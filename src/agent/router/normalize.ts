import { numberWordsToDigits } from './numbers.js';

/** A message after Slack markup and typography are settled; `text` keeps the user's casing. */
export interface NormalizedMessage {
  raw: string;
  text: string;
  /** Slack user ids mentioned (`<@U123>`), in order, without duplicates. */
  mentions: string[];
  /** Channels referenced (`<#C123|leads>`), as ids. */
  channels: string[];
  /** Link targets as written (labels are what `text` shows). */
  links: string[];
  /** Emoji shortcodes and unicode emoji that were removed. */
  emojis: string[];
  /** The message asked a question (a "?" anywhere). */
  question: boolean;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
  '&nbsp;': ' ',
};
const EMOJI_RE = /(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u{1F3FB}-\u{1F3FF}]|\uFE0F|\u200D|\u20E3)+/gu;
/** Slack shortcodes: names start with a letter, except thumbs up and down (":+1:", ":-1:"). */
const SHORTCODE_RE = /:(?:[a-z][a-z0-9_+-]*|[+-]1):(?::skin-tone-\d:)?/gi;

/** Replaces Slack's `<…>` markup; returns the text and what it referenced. */
function unwrapSlackMarkup(text: string, out: Pick<NormalizedMessage, 'mentions' | 'channels' | 'links'>): string {
  return text.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const [target = '', label] = inner.split('|', 2);
    if (target.startsWith('@')) {
      const id = target.slice(1);
      if (!out.mentions.includes(id)) out.mentions.push(id);
      return ' ';
    }
    if (target.startsWith('#')) {
      out.channels.push(target.slice(1));
      return ' ';
    }
    if (target.startsWith('!')) return ' ';
    if (/^mailto:/i.test(target)) return label ?? target.replace(/^mailto:/i, '');
    if (/^tel:/i.test(target)) return label ?? target.replace(/^tel:/i, '');
    out.links.push(target);
    return label ?? target;
  });
}

/** Strips Slack mrkdwn emphasis and code markers around words. */
function stripFormatting(text: string): string {
  return text
    .replace(/`{1,3}/g, ' ')
    .replace(/(^|[\s(])[*~_]+(?=\S)/g, '$1')
    .replace(/(?<=\S)[*~_]+(?=$|[\s).,!?:;])/g, '')
    .replace(/^\s*>+\s?/gm, '');
}

/**
 * Normalises a Slack (or terminal) message before parsing: `<@U123>` mentions removed (ids remembered),
 * `<mailto:a@b.com|a@b.com>` → the address, `<http://x.io|x.io>` → x.io, channel links removed, HTML entities
 * decoded, emoji removed, smart quotes straightened, emphasis markers dropped, number words turned into digits,
 * repeated and trailing punctuation trimmed, whitespace collapsed. Never throws.
 */
export function normalizeMessage(raw: string): NormalizedMessage {
  const refs = { mentions: [] as string[], channels: [] as string[], links: [] as string[] };
  const emojis: string[] = [];
  let text = unwrapSlackMarkup(String(raw ?? ''), refs);
  text = text.replace(/&(?:amp|lt|gt|quot|#39|apos|nbsp);/g, (e) => ENTITIES[e] ?? e);
  text = text.replace(SHORTCODE_RE, (code) => {
    emojis.push(code);
    return ' ';
  });
  text = text.replace(EMOJI_RE, (e) => {
    emojis.push(e);
    return ' ';
  });
  text = text
    .replace(/`{1,3}/g, ' ')
    .replace(/[‘’‚‛′´]/g, "'")
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/[–—―]/g, ' - ')
    .replace(/…/g, '...')
    .replace(/[\u00A0\u2000-\u200B\u202F\u205F\u3000]/g, ' ');
  text = stripFormatting(text);
  // A channel typed without a link ("#sales") still names a channel.
  text = text.replace(/(^|\s)#(\p{L}[\p{L}\p{N}_-]*)/gu, '$1channel $2');
  text = text.replace(/\s*\n+\s*/g, (_m, offset: number, all: string) => {
    const before = all.slice(0, offset).trimEnd();
    return /[.!?;,:]$/.test(before) || before === '' ? ' ' : '. ';
  });
  const question = text.includes('?');
  text = numberWordsToDigits(text);
  text = text
    .replace(/([!?.,;:])(?:\s*[!?.,;:])+/g, (m, first: string) => (m.includes('?') ? '?' : first))
    .replace(/\s+([,;:!?])/g, '$1')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,.;:!?"'-]+/, '')
    .replace(/[\s,.;:!?"'-]+$/, '')
    .trim();
  return { raw: String(raw ?? ''), text, ...refs, emojis, question };
}
