// Slack mrkdwn → a small node tree. Pure functions (no DOM): the page renders the tree with textContent only,
// so nothing in a message can become markup. Also importable from Node tests.

/** Common emoji shortcodes; unknown ones stay as ":name:" text. */
export const EMOJI = {
  '+1': '👍',
  '-1': '👎',
  thumbsup: '👍',
  thumbsdown: '👎',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  warning: '⚠️',
  fire: '🔥',
  rocket: '🚀',
  tada: '🎉',
  wave: '👋',
  eyes: '👀',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  mag: '🔍',
  mag_right: '🔎',
  email: '📧',
  envelope: '✉️',
  incoming_envelope: '📨',
  outbox_tray: '📤',
  inbox_tray: '📥',
  bar_chart: '📊',
  chart_with_upwards_trend: '📈',
  chart_with_downwards_trend: '📉',
  star: '⭐',
  star2: '🌟',
  sparkles: '✨',
  bulb: '💡',
  memo: '📝',
  pencil: '📝',
  pencil2: '✏️',
  clipboard: '📋',
  calendar: '📅',
  date: '📅',
  office: '🏢',
  hospital: '🏥',
  factory: '🏭',
  house: '🏠',
  round_pushpin: '📍',
  pushpin: '📌',
  link: '🔗',
  robot_face: '🤖',
  wrench: '🔧',
  gear: '⚙️',
  lock: '🔒',
  key: '🔑',
  bell: '🔔',
  moneybag: '💰',
  dollar: '💵',
  heavy_dollar_sign: '💲',
  chart: '💹',
  trophy: '🏆',
  medal: '🏅',
  dart: '🎯',
  handshake: '🤝',
  raised_hands: '🙌',
  clap: '👏',
  pray: '🙏',
  thinking_face: '🤔',
  smile: '😄',
  slightly_smiling_face: '🙂',
  information_source: 'ℹ️',
  question: '❓',
  exclamation: '❗',
  raised_hand: '✋',
  recycle: '♻️',
  rotating_light: '🚨',
  red_circle: '🔴',
  large_orange_circle: '🟠',
  large_yellow_circle: '🟡',
  large_green_circle: '🟢',
  large_blue_circle: '🔵',
  white_circle: '⚪',
  black_circle: '⚫',
  arrows_counterclockwise: '🔄',
  repeat: '🔁',
  arrow_right: '➡️',
  arrow_forward: '▶️',
  stopwatch: '⏱️',
  alarm_clock: '⏰',
  hammer_and_wrench: '🛠️',
  busts_in_silhouette: '👥',
  bust_in_silhouette: '👤',
  speech_balloon: '💬',
  zap: '⚡',
  sunrise: '🌅',
  new: '🆕',
  construction: '🚧',
  skull: '💀',
  snail: '🐌',
  checkered_flag: '🏁',
  seedling: '🌱',
  package: '📦',
  mailbox_with_mail: '📬',
  page_facing_up: '📄',
  file_folder: '📁',
  heavy_plus_sign: '➕',
  heavy_minus_sign: '➖',
  large_blue_diamond: '🔷',
  small_orange_diamond: '🔸',
  small_blue_diamond: '🔹',
};

/** The emoji for a shortcode (skin-tone suffixes ignored), or undefined. */
export function emojiFor(name) {
  const base = String(name).replace(/::skin-tone-\d$/, '');
  return Object.hasOwn(EMOJI, base) ? EMOJI[base] : undefined;
}

/** Decodes the three entities Slack escapes in message text. */
export function decodeEntities(text) {
  return String(text).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** True for URLs a link may point to (http, https, mailto); anything else renders as plain text. */
export function safeUrl(url) {
  return /^(https?:\/\/|mailto:)/i.test(String(url).trim());
}

function controlSequence(inner) {
  const bar = inner.indexOf('|');
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? inner.slice(bar + 1) : undefined;
  if (target.startsWith('@')) return { t: 'user', id: target.slice(1), label: label && decodeEntities(label) };
  if (target.startsWith('#')) return { t: 'channel', id: target.slice(1), label: label && decodeEntities(label) };
  if (target.startsWith('!')) {
    const name = target.slice(1);
    if (name.startsWith('date^')) return { t: 'text', v: decodeEntities(label ?? name) };
    if (name.startsWith('subteam^')) return { t: 'special', v: label ? decodeEntities(label) : '@group' };
    return { t: 'special', v: `@${name}` };
  }
  const url = decodeEntities(target);
  const text = label !== undefined ? decodeEntities(label) : url.replace(/^mailto:/i, '');
  return { t: 'link', url, c: parseInline(text, { links: false }) };
}

const WORD = /[\p{L}\p{N}]/u;

// Finds the closing marker for *bold*, _italic_ or ~strike~ starting at `open`.
function closing(text, open, marker) {
  if (open > 0 && WORD.test(text[open - 1])) return -1;
  const first = text[open + 1];
  if (first === undefined || first === ' ' || first === marker) return -1;
  for (let i = open + 2; i < text.length; i++) {
    if (text[i] === '\n') return -1;
    if (text[i] === marker && text[i - 1] !== ' ' && (i + 1 >= text.length || !WORD.test(text[i + 1]))) return i;
  }
  return -1;
}

const STYLES = { '*': 'b', _: 'i', '~': 's' };

/** Inline mrkdwn: control sequences, `code`, *bold*, _italic_, ~strike~, :emoji:, line breaks. */
export function parseInline(text, options = { links: true }) {
  const nodes = [];
  let buffer = '';
  const flush = () => {
    if (buffer) nodes.push({ t: 'text', v: decodeEntities(buffer) });
    buffer = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '<' && options.links !== false) {
      const end = text.indexOf('>', i + 1);
      if (end > i + 1) {
        flush();
        nodes.push(controlSequence(text.slice(i + 1, end)));
        i = end;
        continue;
      }
    }
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        nodes.push({ t: 'code', v: decodeEntities(text.slice(i + 1, end)) });
        i = end;
        continue;
      }
    }
    if (ch in STYLES) {
      const end = closing(text, i, ch);
      if (end > 0) {
        flush();
        nodes.push({ t: STYLES[ch], c: parseInline(text.slice(i + 1, end), options) });
        i = end;
        continue;
      }
    }
    if (ch === ':') {
      const m = /^:([a-z0-9_+'-]+(?:::skin-tone-\d)?):/.exec(text.slice(i));
      if (m && emojiFor(m[1])) {
        flush();
        nodes.push({ t: 'emoji', name: m[1], v: emojiFor(m[1]) });
        i += m[0].length - 1;
        continue;
      }
    }
    if (ch === '\n') {
      flush();
      nodes.push({ t: 'br' });
      continue;
    }
    buffer += ch;
  }
  flush();
  return nodes;
}

/** Full mrkdwn: ``` code blocks ```, "> " quotes, then inline formatting. */
export function parseMrkdwn(text) {
  const source = String(text ?? '');
  const nodes = [];
  const parts = source.split('```');
  parts.forEach((part, index) => {
    const isCode = index % 2 === 1 && index < parts.length - 1;
    if (isCode) {
      nodes.push({ t: 'pre', v: decodeEntities(part.replace(/^\n/, '')) });
      return;
    }
    const text = index % 2 === 1 ? `\`\`\`${part}` : part;
    const lines = text.split('\n');
    let quote = [];
    let plain = [];
    const flushPlain = () => {
      if (plain.length) nodes.push(...parseInline(plain.join('\n')));
      plain = [];
    };
    const flushQuote = () => {
      if (quote.length) nodes.push({ t: 'quote', c: parseInline(quote.join('\n')) });
      quote = [];
    };
    for (const line of lines) {
      const m = /^(?:&gt;|>) ?(.*)$/.exec(line);
      if (m) {
        if (plain.length) {
          flushPlain();
          nodes.push({ t: 'br' });
        }
        quote.push(m[1]);
      } else {
        flushQuote();
        plain.push(line);
      }
    }
    flushQuote();
    flushPlain();
  });
  return nodes;
}

/** Plain text with emoji shortcodes turned into emoji (plain_text objects with `emoji: true`). */
export function parsePlain(text, emoji = true) {
  if (!emoji) return [{ t: 'text', v: String(text ?? '') }];
  const nodes = [];
  let last = 0;
  const source = String(text ?? '');
  for (const m of source.matchAll(/:([a-z0-9_+'-]+):/g)) {
    const char = emojiFor(m[1]);
    if (!char) continue;
    if (m.index > last) nodes.push({ t: 'text', v: source.slice(last, m.index) });
    nodes.push({ t: 'emoji', name: m[1], v: char });
    last = m.index + m[0].length;
  }
  if (last < source.length) nodes.push({ t: 'text', v: source.slice(last) });
  return nodes;
}

/** Standard Markdown (the `markdown` block, streamed text): **bold**, [text](url), headings, then mrkdwn rules. */
export function parseMarkdown(text) {
  const converted = String(text ?? '')
    .replace(/^#{1,6}\s+(.+)$/gm, '*$1*')
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/__(.+?)__/g, '*$1*')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label, url) => `<${url}|${label}>`)
    .replace(/^\s*[-*]\s+/gm, '• ');
  return parseMrkdwn(converted);
}
