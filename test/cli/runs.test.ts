import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildContainer } from '../../src/container/index.js';
import { silentLogger } from '../../src/logger.js';
import { cli, tempEnv } from '../helpers/cli.js';

describe('leadbot runs / run ID', () => {
  it('lists runs and shows a timeline with durations, tokens, errors and skipped providers', async () => {
    const env = tempEnv();
    const app = await buildContainer(loadConfig(env), silentLogger());
    const run = await app.recorder.start({ kind: 'enrich', trigger: 'cli', requestedBy: 'ana' });
    await run.step('hunter.domain_search', async () => ({ emails: 1 }), { kind: 'provider' });
    await run.log({ kind: 'llm', name: 'writer.draft', status: 'ok', durationMs: 812, tokensIn: 900, tokensOut: 210 });
    await run.log({
      kind: 'provider',
      name: 'apollo.people_search',
      status: 'error',
      error: '403 plan has no API access',
    });
    await app.repos.providerState.setSkip({
      provider: 'apollo',
      scope: run.id,
      reason: '403 plan has no API access',
      httpStatus: 403,
      at: new Date(),
    });
    await run.count({ contactsFound: 1 });
    await run.complete('1 contact found; Apollo skipped: 403 plan has no API access');
    await app.close();

    const list = await cli(['runs', '--json'], env);
    expect(list.code).toBe(0);
    expect(list.json<{ runs: { id: string; status: string }[] }>().runs).toEqual([
      expect.objectContaining({ id: run.id, status: 'completed' }),
    ]);

    const detail = await cli(['run', run.id, '--json'], env);
    const body = detail.json<{
      timeline: { name: string; status: string; tokensIn: number | null }[];
      skippedProviders: unknown[];
    }>();
    expect(body.timeline.map((t) => [t.name, t.status])).toEqual([
      ['hunter.domain_search', 'ok'],
      ['writer.draft', 'ok'],
      ['apollo.people_search', 'error'],
    ]);
    expect(body.timeline[1]!.tokensIn).toBe(900);
    expect(body.skippedProviders).toEqual([
      { provider: 'apollo', reason: '403 plan has no API access', httpStatus: 403 },
    ]);

    const text = await cli(['run', run.id], env);
    expect(text.stdout).toMatch(/skipped: apollo — 403 plan has no API access/);
    expect(text.stdout).toMatch(/900\/210/);
  });

  it('says how to find a run when the id is wrong, and validates options', async () => {
    const env = tempEnv();
    const missing = await cli(['run', 'run_nope'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No run with id "run_nope"; list them with: leadbot runs/);
    const bad = await cli(['runs', '--limit', 'lots'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--limit must be a whole number from 1 to 200/);
  });
});
