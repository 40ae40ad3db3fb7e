import { afterEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client.js';
import { createProviderStateRepo } from '../../../src/db/repos/provider-state-repo.js';
import { createRunRepo } from '../../../src/db/repos/run-repo.js';
import { AppError } from '../../../src/errors.js';
import type {
  CandidateContact,
  EmailVerifier,
  EnrichmentProvider,
  VerificationStatus,
} from '../../../src/pipeline/enrichment/ports.js';
import { runWaterfall } from '../../../src/pipeline/enrichment/waterfall.js';
import { createProviderGuard } from '../../../src/pipeline/guard/provider-guard.js';
import { createRunRecorder } from '../../../src/pipeline/runs/recorder.js';
import { createPermutationProvider } from '../../../src/providers/enrichment/permutation.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';
import { candidate, sampleTarget, TITLES } from './fixtures.js';

let handle: DbHandle | undefined;
afterEach(() => handle?.close());

async function setup() {
  handle = memoryDb();
  const now = fixedClock();
  const runs = createRunRepo(handle.db);
  const run = await createRunRecorder({ runs, now }).start({ kind: 'enrich', trigger: 'test' });
  const guard = createProviderGuard({ state: createProviderStateRepo(handle.db), scope: run.id, now });
  return { run, guard, logs: () => runs.logs(run.id) };
}

/** A provider answering from a script, counting its calls. */
function fake(name: string, answer: CandidateContact[] | (() => Promise<CandidateContact[]>)) {
  const provider = {
    name,
    calls: 0,
    async find() {
      provider.calls++;
      return { candidates: typeof answer === 'function' ? await answer() : answer };
    },
  };
  return provider satisfies EnrichmentProvider;
}

function verifier(statuses: Record<string, VerificationStatus>, fallback: VerificationStatus = 'invalid') {
  const v = {
    name: 'checker',
    checked: [] as string[],
    async verify(email: string) {
      v.checked.push(email);
      return { status: statuses[email] ?? fallback };
    },
  };
  return v satisfies EmailVerifier;
}

const deps = (ctx: Awaited<ReturnType<typeof setup>>, providers: EnrichmentProvider[], v?: EmailVerifier) => ({
  providers,
  verifier: v,
  guard: ctx.guard,
  run: ctx.run,
  titles: TITLES,
  isDisposable: () => false,
});

const owner = candidate({
  fullName: 'Sam Ortiz',
  firstName: 'Sam',
  lastName: 'Ortiz',
  title: 'Owner',
  email: 'sam@acme.example',
  verification: 'valid',
});

describe('enrichment waterfall', () => {
  it('stops at the first verified contact of the best title seen, and records every attempt', async () => {
    const ctx = await setup();
    const alpha = fake('alpha', [candidate({ email: 'dana@acme.example' }), owner]);
    const beta = fake('beta', [
      candidate({ email: 'dana.whitfield@acme.example', source: 'beta', verification: 'valid' }),
    ]);
    const gamma = fake('gamma', [candidate({ fullName: 'Lee Park', title: 'CFO', email: 'lee@acme.example' })]);
    const check = verifier({ 'dana@acme.example': 'unknown' });
    const result = await runWaterfall(sampleTarget(), deps(ctx, [alpha, beta, gamma], check));
    expect(result.stoppedAfter).toBe('beta');
    expect(gamma.calls).toBe(0);
    expect(result.contacts[0]).toMatchObject({
      email: 'dana.whitfield@acme.example',
      titleRank: 0,
      verification: 'valid',
    });
    expect(check.checked).toEqual(['dana@acme.example']);
    const logs = (await ctx.logs()).filter((l) => l.kind === 'provider');
    expect(logs.map((l) => `${l.name}:${l.status}`)).toEqual(['alpha:ok', 'checker:ok', 'beta:ok']);
    expect(logs[0]!.outputSummary).toBe('2 found, 2 kept');
  });

  it('stops after the first provider when it already gives a verified contact of the top title', async () => {
    const ctx = await setup();
    const alpha = fake('alpha', [candidate({ verification: 'valid' })]);
    const beta = fake('beta', [owner]);
    const result = await runWaterfall(sampleTarget(), deps(ctx, [alpha, beta]));
    expect(result.stoppedAfter).toBe('alpha');
    expect(beta.calls).toBe(0);
  });

  it('walks every provider when nothing can be verified, and keeps the best', async () => {
    const ctx = await setup();
    const alpha = fake('alpha', [{ ...owner, verification: undefined }]);
    const beta = fake('beta', [candidate({ source: 'beta' })]);
    const result = await runWaterfall(sampleTarget(), deps(ctx, [alpha, beta]));
    expect(result.stoppedAfter).toBeNull();
    expect(beta.calls).toBe(1);
    expect(result.contacts.map((c) => c.email)).toEqual(['dana.whitfield@acme.example', 'sam@acme.example']);
  });

  it('degrades gracefully: a failing provider is recorded and the next one answers; a 403 skips it for the run', async () => {
    const ctx = await setup();
    const broken = fake('broken', () => Promise.reject(new AppError('provider_failed', 'broken: 500 oops')));
    const blocked = fake('blocked', () =>
      Promise.reject(new AppError('forbidden', 'blocked: 403 forbidden', { details: { status: 403 } })),
    );
    const good = fake('good', [candidate({ source: 'good' })]);
    const first = await runWaterfall(sampleTarget(), deps(ctx, [broken, blocked, good]));
    const second = await runWaterfall(sampleTarget({ companyId: 2 }), deps(ctx, [broken, blocked, good]));
    expect(first.attempts.map((a) => a.status)).toEqual(['error', 'skipped', 'ok']);
    expect(first.contacts).toHaveLength(1);
    expect(blocked.calls).toBe(1);
    expect(broken.calls).toBe(2);
    expect(second.attempts[1]).toMatchObject({ provider: 'blocked', status: 'skipped', detail: '403 forbidden' });
    expect(await ctx.guard.summary()).toBe('Blocked skipped: 403 forbidden');
  });

  it('drops what fails the gates and counts why', async () => {
    const ctx = await setup();
    const alpha = fake('alpha', [
      candidate({ email: 'info@acme.example', fullName: null }),
      candidate({ email: 'dana@elsewhere.example' }),
      candidate({ email: 'email_not_unlocked@domain.com' }),
      owner,
    ]);
    const result = await runWaterfall(sampleTarget(), deps(ctx, [alpha]));
    expect(result.dropped).toEqual({ role_address: 1, foreign_domain: 1, placeholder: 1 });
    expect(result.contacts.map((c) => c.email)).toEqual(['sam@acme.example']);
  });

  it('guesses from a sourced name, keeps only the guess verification confirms', async () => {
    const ctx = await setup();
    const serp = fake('serper', [
      candidate({ email: null, source: 'serper', evidenceUrl: 'https://acme.example/about' }),
    ]);
    const check = verifier({ 'dwhitfield@acme.example': 'valid' });
    const result = await runWaterfall(sampleTarget(), deps(ctx, [serp, createPermutationProvider()], check));
    expect(check.checked).toEqual(['dana.whitfield@acme.example', 'dwhitfield@acme.example']);
    expect(result.contacts).toEqual([
      expect.objectContaining({
        email: 'dwhitfield@acme.example',
        emailKind: 'guessed',
        source: 'permutation',
        verification: 'valid',
        evidenceUrl: 'https://acme.example/about',
      }),
    ]);
  });

  it('without a verifier keeps only the likeliest guess, unverified; on a catch-all domain stops checking guesses', async () => {
    const ctx = await setup();
    const serp = fake('serper', [candidate({ email: null, source: 'serper' })]);
    const plain = await runWaterfall(sampleTarget(), deps(ctx, [serp, createPermutationProvider()]));
    expect(plain.contacts.map((c) => [c.email, c.verification])).toEqual([
      ['dana.whitfield@acme.example', 'unverified'],
    ]);

    const catchAll = verifier({}, 'catch_all');
    const result = await runWaterfall(sampleTarget(), deps(ctx, [serp, createPermutationProvider()], catchAll));
    expect(catchAll.checked).toHaveLength(1);
    expect(result.contacts.map((c) => [c.email, c.verification])).toEqual([
      ['dana.whitfield@acme.example', 'catch_all'],
    ]);
  });
});
