import type { BudgetRefusal } from '../costs/ports.js';
import type { ProviderGuard } from '../guard/provider-guard.js';
import type { RunHandle } from '../runs/recorder.js';
import { checkCandidate, type DropReason } from './gates.js';
import { foundOffSite } from './off-site.js';
import { costNote, lookupOnce, pauseNote, type WaterfallSpend } from './paid.js';
import { ContactPool, type PooledContact } from './pool.js';
import type { EmailVerifier, EnrichmentProvider, EnrichmentTarget } from './ports.js';
import type { TitlePolicy } from './titles.js';
import { type VerifyState, verifyPool } from './verify.js';

export interface WaterfallDeps {
  providers: readonly EnrichmentProvider[];
  verifier?: EmailVerifier;
  guard: ProviderGuard;
  run: Pick<RunHandle, 'log'>;
  titles: TitlePolicy;
  isDisposable: (domain: string) => boolean;
  /** Verification calls allowed per company (each costs a credit). Default 6. */
  maxVerifications?: number;
  /** Budgets and records of lookups already bought; without it every provider is simply called. */
  spend?: WaterfallSpend;
}

export interface Attempt {
  provider: string;
  status: 'ok' | 'skipped' | 'error' | 'paused';
  found: number;
  kept: number;
  detail?: string;
}

export interface WaterfallResult {
  contacts: PooledContact[];
  attempts: Attempt[];
  dropped: Partial<Record<DropReason, number>>;
  verifications: number;
  /** The provider after which a verified contact of the best title seen was in hand. */
  stoppedAfter: string | null;
  /** What the paid lookups for this company cost, in USD. */
  costUsd: number;
  /** Set when a budget refused a paid lookup: the company is finished later, when the budget allows. */
  paused?: BudgetRefusal;
}

/**
 * Walks the providers in order for one company: gates every candidate, verifies the most promising addresses, and
 * stops at the first verified contact of the best title seen so far. A paid lookup already bought is answered from
 * leadbot's records; one the budget refuses is not made (the free providers still run). Never throws for a
 * provider's failure: a skipped or failing provider is recorded and the next one is tried.
 */
export async function runWaterfall(target: EnrichmentTarget, deps: WaterfallDeps): Promise<WaterfallResult> {
  const pool = new ContactPool(deps.titles);
  const aliases = new Set(target.aliases);
  const result: WaterfallResult = {
    contacts: [],
    attempts: [],
    dropped: {},
    verifications: 0,
    stoppedAfter: null,
    costUsd: 0,
  };
  const verify: VerifyState = { verifications: 0, costUsd: 0, catchAll: new Set() };
  const passes = (c: Parameters<typeof checkCandidate>[0], extra: readonly string[] = []) =>
    checkCandidate(c, { domain: target.domain, aliases: [...aliases, ...extra], isDisposable: deps.isDisposable });
  for (const provider of deps.providers) {
    const started = Date.now();
    const input = { company: target.companyName, domain: target.domain };
    const outcome = await deps.guard.call(
      provider.name,
      () =>
        lookupOnce(
          deps.spend,
          {
            provider: provider.name,
            key: `domain:${target.domain}`,
            step: `${provider.name}.find`,
            companyId: target.companyId,
            credits: (v) => v.credits,
            found: (v) => v.candidates.some((c) => passes(c, v.aliasDomains).ok),
          },
          // People found on another company's site are not this company's: no provider builds on them (no guesses).
          () =>
            provider.find(
              { ...target, aliases: [...aliases] },
              { known: pool.list().filter((c) => !foundOffSite(c, target.domain)) },
            ),
        ),
      provider.describeSkip?.bind(provider),
    );
    const durationMs = Date.now() - started;
    if (!outcome.ok) {
      const detail = outcome.skipped ? outcome.reason : outcome.error.message;
      const status = outcome.skipped ? 'skipped' : 'error';
      result.attempts.push({ provider: provider.name, status, found: 0, kept: 0, detail });
      await deps.run.log({ kind: 'provider', name: provider.name, status, input, durationMs, error: detail });
      continue;
    }
    const bought = outcome.value;
    if (bought.status === 'paused') {
      result.paused ??= bought.refusal;
      const detail = pauseNote(provider.name, bought.refusal);
      result.attempts.push({ provider: provider.name, status: 'paused', found: 0, kept: 0, detail });
      await deps.run.log({
        kind: 'provider',
        name: provider.name,
        status: 'skipped',
        input,
        durationMs,
        error: detail,
      });
      continue;
    }
    const findings = bought.value;
    result.costUsd += bought.costUsd;
    for (const alias of findings.aliasDomains ?? []) aliases.add(alias.toLowerCase());
    let kept = 0;
    for (const candidate of findings.candidates) {
      const gate = passes(candidate);
      if (gate.ok) {
        pool.add(gate.candidate);
        kept++;
      } else result.dropped[gate.reason] = (result.dropped[gate.reason] ?? 0) + 1;
    }
    const found = findings.candidates.length;
    const notes = findings.notes?.length ? ` (${findings.notes.join('; ')})` : '';
    result.attempts.push({ provider: provider.name, status: 'ok', found, kept });
    await deps.run.log({
      kind: 'provider',
      name: provider.name,
      status: 'ok',
      input,
      output: `${found} found, ${kept} kept${notes}${costNote(bought)}`,
      durationMs,
      costUsd: bought.costUsd,
    });
    await verifyPool(pool, target, deps, verify);
    if (pool.done()) {
      result.stoppedAfter = provider.name;
      break;
    }
  }
  pool.settleGuesses();
  result.contacts = pool.list();
  result.verifications = verify.verifications;
  result.costUsd += verify.costUsd;
  result.paused ??= verify.paused;
  return result;
}
