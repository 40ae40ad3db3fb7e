import { parse as parseYaml } from 'yaml';
import { AppError } from '../../errors.js';

export interface Directive {
  name: string;
  title: string;
  /** Level-2 sections by lower-cased heading, text without the heading line. */
  sections: Record<string, string>;
  /** Fenced blocks labelled with a name (```yaml icp-profile), parsed (yaml/json) or raw (text). */
  blocks: Record<string, unknown>;
  /** Bullet items under "Lessons learned". */
  lessons: string[];
  raw: string;
}

const FENCE = /^```([\w-]+)[ \t]+([\w.-]+)[ \t]*\n([\s\S]*?)^```[ \t]*$/gm;

/**
 * Parses a directive's markdown.
 * @throws AppError('invalid_config') when a labelled yaml/json block does not parse.
 */
export function parseDirective(name: string, markdown: string): Directive {
  const text = markdown.replace(/\r\n/g, '\n');
  const title = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? name;
  const sections: Record<string, string> = {};
  const lines = text.split('\n');
  let current: string | undefined;
  let buffer: string[] = [];
  let inFence = false;
  const flush = () => {
    if (current !== undefined) sections[current] = buffer.join('\n').trim();
  };
  for (const line of lines) {
    if (/^```/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading && !line.startsWith('###')) {
      flush();
      current = heading[1]!.toLowerCase();
      buffer = [];
    } else if (current !== undefined) buffer.push(line);
  }
  flush();

  const blocks: Record<string, unknown> = {};
  for (const match of text.matchAll(FENCE)) {
    const [, lang, label, body] = match;
    blocks[label!] = parseBlock(name, lang!, label!, body!);
  }

  const lessonText = sections['lessons learned'] ?? sections.lessons ?? '';
  const lessons = lessonText
    .split('\n')
    .filter((l) => /^\s*[-*]\s+/.test(l))
    .map((l) => l.replace(/^\s*[-*]\s+/, '').trim())
    .filter((l) => l.length > 0 && !/^_?\(?none yet/i.test(l));

  return { name, title, sections, blocks, lessons, raw: text };
}

function parseBlock(directive: string, lang: string, label: string, body: string): unknown {
  try {
    if (lang === 'yaml' || lang === 'yml') return parseYaml(body);
    if (lang === 'json') return JSON.parse(body);
  } catch (cause) {
    throw new AppError(
      'invalid_config',
      `directives/${directive}.md: the ${lang} block "${label}" does not parse: ${(cause as Error).message}`,
      { cause },
    );
  }
  return body.replace(/\n$/, '');
}

/** Fills `{name}` placeholders; unknown placeholders are left visible so a bad template is obvious. */
export function renderTemplate(template: string, values: Record<string, string | number | undefined | null>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = values[key];
    return value === undefined || value === null ? whole : String(value);
  });
}

/** Returns `markdown` with `text` appended as a bullet under "## Lessons learned" (created if missing). */
export function appendLessonToMarkdown(markdown: string, text: string): string {
  const bullet = `- ${text.trim().replace(/\n+/g, ' ')}`;
  const lines = markdown.replace(/\r\n/g, '\n').replace(/\n*$/, '').split('\n');
  const start = lines.findIndex((l) => /^##\s+lessons( learned)?\s*$/i.test(l));
  if (start === -1) return `${lines.join('\n')}\n\n## Lessons learned\n\n${bullet}\n`;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    if (/^##\s/.test(lines[i]!)) {
      end = i;
      break;
    }
  }
  const body = lines.slice(start + 1, end).filter((l) => !/^\s*[-*]?\s*_?\(?none yet/i.test(l));
  while (body.length > 0 && body[body.length - 1]!.trim() === '') body.pop();
  if (body.length === 0) body.push('');
  const next = [
    ...lines.slice(0, start + 1),
    ...body,
    bullet,
    ...(end < lines.length ? ['', ...lines.slice(end)] : []),
  ];
  return `${next.join('\n')}\n`;
}
