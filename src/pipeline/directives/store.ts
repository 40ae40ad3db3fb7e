import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { AppError } from '../../errors.js';
import { appendLessonToMarkdown, type Directive, parseDirective } from './parse.js';

/** Read access to `directives/*.md`, re-read whenever a file changes on disk. */
export interface DirectiveStore {
  readonly dir: string;
  list(): string[];
  get(name: string): Directive;
  /** A named fenced block validated with `schema`; throws invalid_config naming the problem. */
  block<T>(name: string, label: string, schema: z.ZodType<T>): T;
  /** A section's text by heading (case-insensitive); '' when absent. */
  section(name: string, heading: string): string;
  /** Appends a bullet under "Lessons learned"; the next `get` sees it. */
  appendLesson(name: string, text: string): void;
}

/**
 * Loads directives from a folder at runtime.
 * @throws AppError('not_found') for a missing directive, ('invalid_config') for a bad block.
 */
export function createDirectiveStore(dir: string): DirectiveStore {
  const cache = new Map<string, { mtimeMs: number; size: number; directive: Directive }>();
  const pathOf = (name: string) => {
    if (!/^[\w-]+$/.test(name)) throw new AppError('invalid_input', `Invalid directive name "${name}"`);
    return join(dir, `${name}.md`);
  };
  const get = (name: string): Directive => {
    const path = pathOf(name);
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch (cause) {
      throw new AppError('not_found', `Directive ${name} not found at ${path}`, { cause });
    }
    const cached = cache.get(name);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.directive;
    const directive = parseDirective(name, readFileSync(path, 'utf8'));
    cache.set(name, { mtimeMs: stat.mtimeMs, size: stat.size, directive });
    return directive;
  };
  return {
    dir,
    list() {
      try {
        return readdirSync(dir)
          .filter((f) => f.endsWith('.md'))
          .map((f) => f.slice(0, -3))
          .sort();
      } catch {
        return [];
      }
    },
    get,
    block(name, label, schema) {
      const directive = get(name);
      if (!(label in directive.blocks)) {
        throw new AppError('invalid_config', `directives/${name}.md has no block labelled "${label}"`);
      }
      const parsed = schema.safeParse(directive.blocks[label]);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
        throw new AppError('invalid_config', `directives/${name}.md block "${label}" is invalid: ${problems}`);
      }
      return parsed.data;
    },
    section(name, heading) {
      return get(name).sections[heading.toLowerCase()] ?? '';
    },
    appendLesson(name, text) {
      const path = pathOf(name);
      const current = get(name).raw;
      writeFileSync(path, appendLessonToMarkdown(current, text));
      cache.delete(name);
    },
  };
}
