import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentPrompt } from '../../../src/agent/react/prompt.js';
import { loadNarrationPrompts } from '../../../src/pipeline/analyst/narrate.js';
import { loadCriticSettings } from '../../../src/pipeline/critic/settings.js';
import { appendLessonToMarkdown } from '../../../src/pipeline/directives/parse.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { loadWriterDirective } from '../../../src/pipeline/writer/directive.js';

/** A copy of the real directives, with one applied lesson appended to each named directive. */
function storeWithLessons(names: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'leadbot-lessons-'));
  cpSync('directives', dir, { recursive: true });
  for (const name of names) {
    const file = join(dir, `${name}.md`);
    writeFileSync(
      file,
      appendLessonToMarkdown(readFileSync(file, 'utf8'), `Lesson for ${name}: keep it under 90 words.`),
    );
  }
  return createDirectiveStore(dir);
}

describe('applied lessons reach the next model call', () => {
  it('appends each directive’s lessons to its stage’s system prompt, and nothing when there are none', () => {
    const plain = storeWithLessons([]);
    expect(loadWriterDirective(plain).system).not.toContain('Lessons learned');
    const store = storeWithLessons(['writer', 'critic', 'analyst', 'agent']);
    expect(loadWriterDirective(store).system).toMatch(
      /Lessons learned:\n- Lesson for writer: keep it under 90 words\.$/,
    );
    expect(loadCriticSettings(store).system).toContain('- Lesson for critic: keep it under 90 words.');
    expect(loadNarrationPrompts(store).system).toContain('- Lesson for analyst: keep it under 90 words.');
    expect(loadAgentPrompt(store, { today: '2026-12-06', maxModelCalls: 8 }).system).toContain('Lesson for agent');
    expect(loadWriterDirective(store).system).not.toContain('Lesson for critic');
  });
});
