/** Control characters (but tab), DEL, C1 controls and bidirectional overrides: never sent to a terminal raw. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from outside (file contents, company names) made safe to print: every control character, escape sequence
 * introducer and bidirectional override shows as a visible escape (`\x1b`, `\u202e`) instead of acting on the
 * terminal. Line feeds are escaped too (one message, one line) unless `lines` is set.
 */
export function terminalText(text: string, options: { lines?: boolean } = {}): string {
  return text.replace(UNSAFE, (c) => {
    if (c === '\n') return options.lines ? c : '\\n';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
