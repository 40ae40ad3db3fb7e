import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideLesson } from '../../../src/pipeline/lessons/decide.js';
import {
  addCooldownToMarkdown,
  cooldownFor,
  lessonsForPrompt,
  readProviderCooldowns,
} from '../../../src/pipeline/lessons/effects.js';
import { approvalPayload } from '../../../src/pipeline/lessons/proposal.js';
import { providerLesson, setup } from './helpers.js';

const ANA = { id: 'cli:ana', name: 'ana', source: 'cli' as const };

async function applyQuotaLesson(env: ReturnType<typeof setup>) {
  const { deps, clock } = env;
  const inserted = await deps.lessons.insert(providerLesson(), clock());
  const lesson = await deps.lessons.update(
    inserted.id,
    {
      status: 'proposed',
      amendment: 'Skip Hunter for 7 days: its quota ran out.',
      rationale: 'r',
      amendmentSource: 'rules',
    },
    clock(),
  );
  await deps.approvals.request({
    kind: 'lesson',
    subjectId: String(lesson.id),
    payload: approvalPayload(lesson),
    at: clock(),
  });
  return decideLesson({ lessonId: lesson.id, decision: 'apply', actor: ANA }, { ...deps, approverUserIds: [] });
}

describe('provider cooldowns (the behavioural effect of an applied provider lesson)', () => {
  it('an applied quota lesson makes readProviderCooldowns leave the provider out until the cooldown ends', async () => {
    const env = setup();
    const store = env.deps.directives;
    expect(readProviderCooldowns(store, { now: env.clock() })).toEqual([]);

    const result = await applyQuotaLesson(env);
    expect(result.outcome).toBe('applied');
    expect(result.message).toMatch(/; Hunter is left out until 2026-12-02\.$/);

    const cooldowns = readProviderCooldowns(store, { now: env.clock() });
    expect(cooldowns).toEqual([
      {
        provider: 'hunter',
        until: new Date('2026-12-02T09:00:00.000Z'),
        reason: 'Hunter: 429 quota exhausted in 4 enrichment runs since 2026-11-01',
        lesson: result.lesson.id,
        appliedBy: 'cli:ana',
      },
    ]);
    expect(cooldownFor(cooldowns, 'Hunter')?.lesson).toBe(result.lesson.id);
    expect(cooldownFor(cooldowns, 'apollo')).toBeUndefined();
    // The bullet went in too, and the block sits in its own section before "Lessons learned".
    const text = readFileSync(join(store.dir, 'enrichment.md'), 'utf8');
    expect(text.indexOf('## Provider cooldowns')).toBeLessThan(text.indexOf('## Lessons learned'));
    expect(store.get('enrichment').lessons).toEqual([
      `Skip Hunter for 7 days: its quota ran out. (lesson #${result.lesson.id})`,
    ]);
    expect(store.get('enrichment').blocks['target-titles']).toBeDefined();

    expect(readProviderCooldowns(store, { now: new Date('2026-12-02T09:00:01.000Z') })).toEqual([]);
    expect(readProviderCooldowns(store)).toHaveLength(1);
  });

  it('a hand-edited block is read (latest date wins) and a broken one is reported clearly', () => {
    const env = setup();
    const store = env.deps.directives;
    const path = join(store.dir, 'enrichment.md');
    const base = readFileSync(path, 'utf8');
    let text = addCooldownToMarkdown(base, {
      provider: 'apollo',
      until: new Date('2026-12-01T00:00:00Z'),
      reason: null,
      lesson: null,
      appliedBy: null,
    });
    text = addCooldownToMarkdown(text, {
      provider: 'Apollo',
      until: new Date('2026-12-20T00:00:00Z'),
      reason: 'by hand',
      lesson: null,
      appliedBy: null,
    });
    writeFileSync(path, text);
    expect(readProviderCooldowns(store, { now: env.clock() }).map((c) => [c.provider, c.until.toISOString()])).toEqual([
      ['apollo', '2026-12-20T00:00:00.000Z'],
    ]);
    writeFileSync(path, text.replace('until: 2026-12-20T00:00:00.000Z', 'until: next tuesday'));
    expect(() => readProviderCooldowns(store)).toThrow(
      /provider-cooldowns" is invalid: 1\.until: "next tuesday" is not a date/,
    );
  });

  it('lessonsForPrompt gives a stage its applied lessons as prompt text', () => {
    const env = setup();
    expect(lessonsForPrompt(env.deps.directives, 'writer')).toBe('');
    env.deps.directives.appendLesson('writer', 'Quote one dollar figure.');
    expect(lessonsForPrompt(env.deps.directives, 'writer')).toBe('Lessons learned:\n- Quote one dollar figure.');
  });
});
