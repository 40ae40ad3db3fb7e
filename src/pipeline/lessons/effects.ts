import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { DirectiveStore } from '../directives/store.js';

/** The fenced block (```yaml provider-cooldowns) that applied provider lessons add entries to. */
export const COOLDOWN_BLOCK = 'provider-cooldowns';

export interface ProviderCooldown {
  provider: string;
  until: Date;
  reason: string | null;
  lesson: number | null;
  appliedBy: string | null;
}

const dateSchema = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const date = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `"${String(v)}" is not a date; use 2026-12-31 or an ISO time` });
    return z.NEVER;
  }
  return date;
});

const cooldownsSchema = z.array(
  z.object({
    provider: z.string().min(1),
    until: dateSchema,
    reason: z.string().nullish(),
    lesson: z.number().int().nullish(),
    appliedBy: z.string().nullish(),
  }),
);

/**
 * The providers a stage must leave out, from the `provider-cooldowns` block of its directive (default
 * `enrichment`): one entry per provider (the latest `until` wins), only those still cooling down at `now`.
 * No block means no cooldowns. Re-read whenever the directive file changes, so an applied lesson counts next run.
 * @throws AppError('invalid_config') when the block is malformed, naming the entry and field.
 */
export function readProviderCooldowns(
  store: DirectiveStore,
  options: { directive?: string; now?: Date } = {},
): ProviderCooldown[] {
  const directive = options.directive ?? 'enrichment';
  if (!(COOLDOWN_BLOCK in store.get(directive).blocks)) return [];
  const entries = store.block(directive, COOLDOWN_BLOCK, cooldownsSchema.nullable()) ?? [];
  const latest = new Map<string, ProviderCooldown>();
  for (const e of entries) {
    const provider = e.provider.trim().toLowerCase();
    const current = latest.get(provider);
    if (current && current.until >= e.until) continue;
    latest.set(provider, {
      provider,
      until: e.until,
      reason: e.reason ?? null,
      lesson: e.lesson ?? null,
      appliedBy: e.appliedBy ?? null,
    });
  }
  const now = options.now;
  return [...latest.values()]
    .filter((c) => !now || c.until.getTime() > now.getTime())
    .sort((a, b) => a.provider.localeCompare(b.provider));
}

/** The cooldown for `provider` among `cooldowns`, if any ("hunter", case-insensitive). */
export function cooldownFor(cooldowns: readonly ProviderCooldown[], provider: string): ProviderCooldown | undefined {
  return cooldowns.find((c) => c.provider === provider.trim().toLowerCase());
}

export { lessonsForPrompt } from '../directives/lessons.js';

const FENCE = (label: string) => new RegExp(`^\`\`\`ya?ml[ \\t]+${label}[ \\t]*$`);

/**
 * Returns `markdown` with `entry` added to its provider-cooldowns block; the block (in a "Provider cooldowns"
 * section before "Lessons learned") is created when missing.
 */
export function addCooldownToMarkdown(markdown: string, entry: ProviderCooldown): string {
  const item = {
    provider: entry.provider,
    until: entry.until.toISOString(),
    reason: entry.reason ?? undefined,
    lesson: entry.lesson ?? undefined,
    appliedBy: entry.appliedBy ?? undefined,
  };
  const lines = markdown.replace(/\r\n/g, '\n').replace(/\n*$/, '').split('\n');
  const open = lines.findIndex((l) => FENCE(COOLDOWN_BLOCK).test(l));
  if (open !== -1) {
    const close = lines.findIndex((l, i) => i > open && /^```[ \t]*$/.test(l));
    if (close === -1) throw new AppError('invalid_config', `The ${COOLDOWN_BLOCK} block is not closed`);
    const existing = (parseYaml(lines.slice(open + 1, close).join('\n')) as unknown[] | null) ?? [];
    const body = stringifyYaml([...(Array.isArray(existing) ? existing : []), item]).trimEnd();
    return `${[...lines.slice(0, open + 1), body, ...lines.slice(close)].join('\n')}\n`;
  }
  const section = [
    '## Provider cooldowns',
    '',
    'Providers left out of this stage until the date passes. Applied lessons add entries (see `leadbot lessons`);',
    'delete an entry to end its cooldown early.',
    '',
    `\`\`\`yaml ${COOLDOWN_BLOCK}`,
    stringifyYaml([item]).trimEnd(),
    '```',
    '',
  ];
  const lessons = lines.findIndex((l) => /^##\s+lessons( learned)?\s*$/i.test(l));
  const at = lessons === -1 ? lines.length : lessons;
  const before = lines.slice(0, at);
  if (lessons === -1) before.push('');
  return `${[...before, ...section, ...lines.slice(at)].join('\n').replace(/\n*$/, '')}\n`;
}

/** Replaces a directive file atomically (write then rename), so a crash never leaves half a directive. */
export function writeDirectiveFile(store: DirectiveStore, name: string, markdown: string): void {
  if (!/^[\w-]+$/.test(name)) throw new AppError('invalid_input', `Invalid directive name "${name}"`);
  const path = join(store.dir, `${name}.md`);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, markdown);
    renameSync(temp, path);
  } catch (cause) {
    throw new AppError('internal', `Could not write ${path}: ${(cause as Error).message}`, { cause });
  }
}
