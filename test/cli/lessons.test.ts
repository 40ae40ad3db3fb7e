import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildContainer } from '../../src/container/index.js';
import { agentRunLogs, agentRuns } from '../../src/db/schema.js';
import { silentLogger } from '../../src/logger.js';
import type { LessonView } from '../../src/pipeline/lessons/proposal.js';
import { cli, tempEnv } from '../helpers/cli.js';
import { tempDirectives } from '../pipeline/lessons/helpers.js';

/** Three recent enrichment runs in which Hunter was skipped for a spent quota, and two where Apollo said 403. */
async function seed(env: Record<string, string>) {
  const app = await buildContainer(loadConfig(env), silentLogger());
  const now = Date.now();
  const run = (id: string, daysAgo: number) => {
    const at = new Date(now - daysAgo * 86_400_000);
    app
      .database!.db.insert(agentRuns)
      .values({ id, kind: 'enrich', trigger: 'test', status: 'completed', startedAt: at, updatedAt: at })
      .run();
    return at;
  };
  for (const [i, d] of [9, 5, 1].entries()) {
    const at = run(`run_h${i}`, d);
    await app.repos.providerState.setSkip({
      provider: 'hunter',
      scope: `run_h${i}`,
      reason: '429 quota exhausted',
      httpStatus: 429,
      at,
    });
    await app.repos.providerState.setSkip({
      provider: 'apollo',
      scope: `run_h${i}`,
      reason: '403 plan has no API access',
      httpStatus: 403,
      at,
    });
    app
      .database!.db.insert(agentRunLogs)
      .values({
        runId: `run_h${i}`,
        kind: 'provider',
        name: 'apollo',
        status: 'skipped',
        error: '403 plan has no API access',
        createdAt: at,
      })
      .run();
  }
  return app.close();
}

describe('leadbot lessons', () => {
  it('scans, lists, applies and dismisses, with the operator recorded as the approver', async () => {
    const dir = tempDirectives();
    const env = tempEnv({ DIRECTIVES_DIR: dir, USER: 'ana' });
    await seed(env);

    const empty = await cli(['lessons'], env);
    expect(empty.stdout).toMatch(/No lessons yet\. Look for patterns with: leadbot lessons scan/);

    const scan = await cli(['lessons', 'scan', '--json'], env);
    expect(scan.code).toBe(0);
    const { proposals, runId } = scan.json<{ proposals: LessonView[]; runId: string }>();
    expect(proposals.map((p) => [p.directive, p.summary])).toEqual([
      ['enrichment', expect.stringMatching(/^Apollo: 403 plan has no API access in 3 enrichment runs since /)],
      ['enrichment', expect.stringMatching(/^Hunter: 429 quota exhausted in 3 enrichment runs since /)],
    ]);
    const [apollo, hunter] = proposals;

    const list = await cli(['lessons'], env);
    expect(list.stdout).toContain(`#${hunter!.lessonId} proposed · enrichment · provider_failing · 3 runs (rules)`);
    expect(list.stdout).toContain(`  amendment: ${hunter!.amendment}`);
    expect(list.stdout).toContain('  on apply: Hunter is left out of enrichment runs for 7 days');
    expect(list.stdout).toMatch(/Decide with: leadbot lessons apply ID/);

    const apply = await cli(['lessons', 'apply', String(hunter!.lessonId)], env);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(
      new RegExp(`^Applied lesson #${hunter!.lessonId} to directives/enrichment.md: “Skip Hunter`),
    );
    const file = readFileSync(join(dir, 'enrichment.md'), 'utf8');
    expect(file).toContain(`- ${hunter!.amendment} (lesson #${hunter!.lessonId})`);
    expect(file).toMatch(/```yaml provider-cooldowns\n- provider: hunter\n/);

    const again = await cli(['lessons', 'apply', String(hunter!.lessonId)], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      new RegExp(`Lesson #${hunter!.lessonId} was already applied by cli:ana on .* UTC; nothing changed\\.`),
    );
    expect(readFileSync(join(dir, 'enrichment.md'), 'utf8')).toBe(file);

    const dismiss = await cli(
      ['lessons', 'dismiss', String(apollo!.lessonId), '--reason', 'plan upgraded', '--json'],
      env,
    );
    expect(dismiss.code).toBe(0);
    expect(dismiss.json<{ outcome: string; lesson: LessonView }>()).toMatchObject({
      outcome: 'dismissed',
      lesson: { status: 'dismissed', decision: { status: 'dismissed', by: 'cli:ana' } },
    });
    const applyDismissed = await cli(['lessons', 'apply', String(apollo!.lessonId)], env);
    expect(applyDismissed.code).toBe(1);
    expect(applyDismissed.stdout).toMatch(/was already dismissed by cli:ana/);

    const applied = await cli(['lessons', '--status', 'applied', '--json'], env);
    expect(applied.json<{ lessons: LessonView[] }>().lessons).toEqual([
      expect.objectContaining({ lessonId: hunter!.lessonId, decision: expect.objectContaining({ by: 'cli:ana' }) }),
    ]);
    const runs = await cli(['runs', '--json'], env);
    expect(runs.json<{ runs: { id: string; kind: string }[] }>().runs).toContainEqual(
      expect.objectContaining({ id: runId, kind: 'lessons' }),
    );
  });

  it('explains bad ids and statuses', async () => {
    const env = tempEnv({ DIRECTIVES_DIR: tempDirectives() });
    const bad = await cli(['lessons', 'apply', 'first'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/"first" is not a lesson id; ids are whole numbers like 3/);
    const missing = await cli(['lessons', 'dismiss', '42'], env);
    expect(missing.stderr).toMatch(/No lesson with id 42; list them with: leadbot lessons/);
    const status = await cli(['lessons', '--status', 'done'], env);
    expect(status.stderr).toMatch(/--status must be one of open, proposed, applied, dismissed, got "done"/);
  });
});
