/** A rendered-text node: the page draws each with textContent, never as HTML. */
export type MrkdwnNode =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'pre'; v: string }
  | { t: 'br' }
  | { t: 'b' | 'i' | 's' | 'quote'; c: MrkdwnNode[] }
  | { t: 'link'; url: string; c: MrkdwnNode[] }
  | { t: 'user' | 'channel'; id: string; label?: string }
  | { t: 'special'; v: string }
  | { t: 'emoji'; name: string; v: string };

export const EMOJI: Record<string, string>;
export function emojiFor(name: string): string | undefined;
export function decodeEntities(text: string): string;
export function safeUrl(url: string): boolean;
export function parseInline(text: string, options?: { links?: boolean }): MrkdwnNode[];
export function parseMrkdwn(text: string): MrkdwnNode[];
export function parsePlain(text: string, emoji?: boolean): MrkdwnNode[];
export function parseMarkdown(text: string): MrkdwnNode[];
