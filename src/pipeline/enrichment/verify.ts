import type { BudgetRefusal } from '../costs/ports.js';
import type { ProviderGuard } from '../guard/provider-guard.js';
import type { RunHandle } from '../runs/recorder.js';
import { costNote, lookupOnce, pauseNote, type WaterfallSpend } from './paid.js';
import type { ContactPool } from './pool.js';
import type { EmailVerifier, EnrichmentTarget } from './ports.js';

export interface VerifyDeps {
  verifier?: EmailVerifier;
  guard: ProviderGuard;
  run: Pick<RunHandle, 'log'>;
  spend?: WaterfallSpend;
  /** Verification calls allowed per company (each costs a credit). Default 6. */
  maxVerifications?: number;
}

export interface VerifyState {
  verifications: number;
  costUsd: number;
  catchAll: Set<string>;
  /** Set when the budget refused a verification: the company waits for it. */
  paused?: BudgetRefusal;
}

/** Verifies addresses best title first until one of the best verified title is in hand or the budget is spent. */
export async function verifyPool(
  pool: ContactPool,
  target: EnrichmentTarget,
  deps: VerifyDeps,
  state: VerifyState,
): Promise<void> {
  const verifier = deps.verifier;
  if (!verifier || state.paused) return;
  const budget = deps.maxVerifications ?? 6;
  for (const contact of pool.unverified()) {
    const verified = pool.bestVerifiedRank();
    if (verified !== null && (contact.titleRank ?? 999) >= verified) break;
    const email = contact.email!;
    const domain = email.split('@')[1]!;
    if (contact.emailKind === 'guessed' && state.catchAll.has(domain)) {
      contact.verification = 'catch_all';
      continue;
    }
    if (state.verifications >= budget || (await deps.guard.isSkipped(verifier.name))) return;
    state.verifications++;
    const started = Date.now();
    const outcome = await deps.guard.call(
      verifier.name,
      () =>
        lookupOnce(
          deps.spend,
          {
            provider: verifier.name,
            key: `email:${email.toLowerCase()}`,
            step: `${verifier.name}.verify`,
            companyId: target.companyId,
            credits: (v) => v.credits,
            found: (v) => v.status !== 'unknown',
          },
          () => verifier.verify(email),
        ),
      verifier.describeSkip?.bind(verifier),
    );
    const durationMs = Date.now() - started;
    const input = { company: target.companyName, email };
    if (!outcome.ok) {
      const error = outcome.skipped ? outcome.reason : outcome.error.message;
      await deps.run.log({
        kind: 'provider',
        name: verifier.name,
        status: outcome.skipped ? 'skipped' : 'error',
        input,
        durationMs,
        error,
      });
      if (outcome.skipped) return;
      continue;
    }
    const done = outcome.value;
    if (done.status === 'paused') {
      state.paused = done.refusal;
      const reason = pauseNote(verifier.name, done.refusal);
      await deps.run.log({
        kind: 'provider',
        name: verifier.name,
        status: 'skipped',
        input,
        durationMs,
        error: reason,
      });
      return;
    }
    state.costUsd += done.costUsd;
    contact.verification = done.value.status;
    if (done.value.status === 'catch_all') state.catchAll.add(domain);
    const detail = done.value.detail ? ` (${done.value.detail})` : '';
    await deps.run.log({
      kind: 'provider',
      name: verifier.name,
      status: 'ok',
      input,
      output: `${done.value.status}${detail}${costNote(done)}`,
      durationMs,
      costUsd: done.costUsd,
    });
  }
}
