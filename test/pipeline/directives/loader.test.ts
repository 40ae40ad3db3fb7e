import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appendLessonToMarkdown, parseDirective, renderTemplate } from '../../../src/pipeline/directives/parse.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';

const SAMPLE = `# Sample

## Goal
Do the thing.

## Process
1. First.
\`\`\`text not-a-heading
## inside a fence
\`\`\`

## Settings

\`\`\`yaml limits
max: 3
names: [a, b]
\`\`\`

## Lessons learned
- (none yet)
`;

describe('parseDirective', () => {
  it('splits sections, parses labelled blocks and ignores headings inside fences', () => {
    const d = parseDirective('sample', SAMPLE);
    expect(d.title).toBe('Sample');
    expect(d.sections.goal).toBe('Do the thing.');
    expect(Object.keys(d.sections)).toEqual(['goal', 'process', 'settings', 'lessons learned']);
    expect(d.blocks.limits).toEqual({ max: 3, names: ['a', 'b'] });
    expect(d.blocks['not-a-heading']).toBe('## inside a fence');
    expect(d.lessons).toEqual([]);
  });

  it('names the directive and block when yaml is broken', () => {
    expect(() => parseDirective('scout', '```yaml synonyms\nfoo: [unclosed\n```\n')).toThrow(
      /directives\/scout\.md: the yaml block "synonyms" does not parse/,
    );
  });
});

describe('appendLessonToMarkdown', () => {
  it('replaces the placeholder with the first lesson and appends later ones', () => {
    const once = appendLessonToMarkdown(SAMPLE, 'Hunter keeps answering 429 before 9am: start after 9.');
    expect(parseDirective('s', once).lessons).toEqual(['Hunter keeps answering 429 before 9am: start after 9.']);
    const twice = appendLessonToMarkdown(once, 'Second lesson');
    expect(parseDirective('s', twice).lessons).toHaveLength(2);
    expect(twice).not.toMatch(/none yet/);
  });

  it('adds the section when a directive has none, keeping later sections intact', () => {
    const md = '# X\n\n## Lessons learned\n- a\n\n## Appendix\ntext\n';
    const next = appendLessonToMarkdown(md, 'b');
    expect(parseDirective('x', next).lessons).toEqual(['a', 'b']);
    expect(parseDirective('x', next).sections.appendix).toBe('text');
    expect(parseDirective('y', appendLessonToMarkdown('# Y\n', 'c')).lessons).toEqual(['c']);
  });
});

describe('renderTemplate', () => {
  it('fills known placeholders and leaves unknown ones visible', () => {
    expect(renderTemplate('Hi {name}, {missing}', { name: 'Ana' })).toBe('Hi Ana, {missing}');
  });
});

describe('directive store', () => {
  it('loads the shipped directives, each with the standard sections', () => {
    const store = createDirectiveStore('directives');
    const names = store.list();
    for (const required of [
      'router',
      'scout',
      'analyst',
      'icp',
      'enrichment',
      'writer',
      'critic',
      'outreach',
      'tracker',
    ])
      expect(names).toContain(required);
    for (const name of names) {
      const d = store.get(name);
      for (const section of ['goal', 'inputs', 'process', 'outputs', 'edge cases', 'lessons learned'])
        expect(d.sections[section], `${name}.md ## ${section}`).toBeTruthy();
    }
  });

  it('validates blocks against a schema and reports what is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadbot-dir-'));
    writeFileSync(join(dir, 'sample.md'), SAMPLE);
    const store = createDirectiveStore(dir);
    expect(store.block('sample', 'limits', z.object({ max: z.number() }))).toEqual({ max: 3 });
    expect(() => store.block('sample', 'limits', z.object({ max: z.string() }))).toThrow(
      /block "limits" is invalid: max/,
    );
    expect(() => store.block('sample', 'nope', z.any())).toThrow(/no block labelled "nope"/);
    expect(() => store.get('missing')).toThrow(/not found/);
  });

  it('sees appended lessons and outside edits on the next read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadbot-dir-'));
    cpSync('directives/scout.md', join(dir, 'scout.md'));
    const store = createDirectiveStore(dir);
    expect(store.get('scout').lessons).toEqual([]);
    store.appendLesson('scout', 'Query "clinic" yields nothing in Buffalo; use "medical practice".');
    expect(store.get('scout').lessons).toHaveLength(1);
    expect(readFileSync(join(dir, 'scout.md'), 'utf8')).toMatch(/- Query "clinic"/);
    writeFileSync(join(dir, 'scout.md'), '# Scout\n\n## Goal\nchanged by hand, longer text\n');
    expect(store.get('scout').sections.goal).toBe('changed by hand, longer text');
  });
});
