import { stripVTControlCharacters } from 'node:util';

/** C0 controls except tab and line feed, DEL, and C1 controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text from a file made safe to store and show: terminal escape sequences (colours, cursor moves, OSC hyperlinks and
 * titles) are removed whole, line breaks become `\n`, and every other control character is dropped. Tabs and line
 * breaks stay (a quoted CSV field may hold several lines).
 */
export function stripControlCharacters(text: string): string {
  return stripVTControlCharacters(text).replace(/\r\n?/g, '\n').replace(CONTROL, '');
}
