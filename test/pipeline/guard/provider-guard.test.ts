import { describe, expect, it } from 'vitest';
import { createProviderStateRepo } from '../../../src/db/repos/provider-state-repo.js';
import { AppError } from '../../../src/errors.js';
import { createProviderGuard } from '../../../src/pipeline/guard/provider-guard.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';

describe('provider guard (skip flags)', () => {
  it('skips a provider for the rest of the run after 403 or a spent quota, and says why', async () => {
    const handle = memoryDb();
    handle.sqlite
      .prepare("insert into agent_runs (id, kind, trigger, status) values ('run_1','search','test','running')")
      .run();
    const state = createProviderStateRepo(handle.db);
    const guard = createProviderGuard({ state, scope: 'run_1', now: fixedClock() });
    let apolloCalls = 0;
    const apollo = () => {
      apolloCalls++;
      return Promise.reject(new AppError('forbidden', 'apollo: 403 forbidden', { details: { status: 403 } }));
    };
    const first = await guard.call('apollo', apollo, () => '403 plan has no API access');
    const second = await guard.call('apollo', apollo);
    expect(first).toEqual({ ok: false, skipped: true, reason: '403 plan has no API access' });
    expect(second).toEqual({ ok: false, skipped: true, reason: '403 plan has no API access' });
    expect(apolloCalls).toBe(1);

    await guard.call('hunter', () =>
      Promise.reject(new AppError('quota_exhausted', 'hunter: 429 quota exhausted', { details: { status: 429 } })),
    );
    const transient = await guard.call('serper', () =>
      Promise.reject(new AppError('rate_limited', 'serper: 429 too many requests')),
    );
    expect(transient).toMatchObject({ ok: false, skipped: false });
    expect(await guard.isSkipped('serper')).toBeUndefined();
    expect(await guard.call('serper', async () => 'ok')).toEqual({ ok: true, value: 'ok' });

    expect(await guard.summary()).toBe(
      'Apollo skipped: 403 plan has no API access; Hunter skipped: 429 quota exhausted',
    );
    const other = createProviderGuard({ state, scope: 'run_2', now: fixedClock() });
    expect(await other.isSkipped('apollo')).toBeUndefined();
    handle.close();
  });
});
