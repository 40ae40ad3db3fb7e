import { stripControl, unescapeMrkdwn } from '../mrkdwn/escape.js';

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  align?: 'left' | 'right';
  max?: number;
}

/** Renders rows as a plain-text table with a header line; '—' for missing values. */
export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) =>
    columns.map((c) => {
      const v = c.value(row);
      const text = v === null || v === undefined || v === '' ? '—' : String(v).replace(/\s+/g, ' ');
      return c.max && text.length > c.max ? `${text.slice(0, c.max - 1)}…` : text;
    }),
  );
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]!.align === 'right' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n');
}

/** Slack mrkdwn → terminal text (bold, italics and code marks removed, links as "label (url)", entities decoded). */
export function plainText(text: string): string {
  const marks = text
    .replace(/\*([^*\n]+)\*/g, '$1')
    .replace(/(^|\s)_([^_\n]+)_/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/<(https?:[^|<>\s]+)\|([^<>]*)>/g, (_m, url: string, label: string) => `${label} (${url})`);
  return stripControl(unescapeMrkdwn(marks));
}
