import type { ProviderGuard } from '../guard/provider-guard.js';
import type { RunHandle } from '../runs/recorder.js';
import { checkCandidate, type DropReason } from './gates.js';
import { foundOffSite } from './off-site.js';
import { ContactPool, type PooledContact } from './pool.js';
import type { EmailVerifier, EnrichmentProvider, EnrichmentTarget } from './ports.js';
import type { TitlePolicy } from './titles.js';

export interface WaterfallDeps {
  providers: readonly EnrichmentProvider[];
  verifier?: EmailVerifier;
  guard: ProviderGuard;
  run: Pick<RunHandle, 'log'>;
  titles: TitlePolicy;
  isDisposable: (domain: string) => boolean;
  /** Verification calls allowed per company (each costs a credit). Default 6. */
  maxVerifications?: number;
}

export interface Attempt {
  provider: string;
  status: 'ok' | 'skipped' | 'error';
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
}

/**
 * Walks the providers in order for one company: gates every candidate, verifies the most promising addresses, and
 * stops at the first verified contact of the best title seen so far. Never throws for a provider's failure: a
 * skipped or failing provider is recorded and the next one is tried.
 */
export async function runWaterfall(target: EnrichmentTarget, deps: WaterfallDeps): Promise<WaterfallResult> {
  const pool = new ContactPool(deps.titles);
  const aliases = new Set(target.aliases);
  const result: WaterfallResult = { contacts: [], attempts: [], dropped: {}, verifications: 0, stoppedAfter: null };
  const catchAll = new Set<string>();
  for (const provider of deps.providers) {
    const started = Date.now();
    const input = { company: target.companyName, domain: target.domain };
    const outcome = await deps.guard.call(
      provider.name,
      // People found on another company's site are not this company's: no provider builds on them (no guesses).
      () =>
        provider.find(
          { ...target, aliases: [...aliases] },
          { known: pool.list().filter((c) => !foundOffSite(c, target.domain)) },
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
    for (const alias of outcome.value.aliasDomains ?? []) aliases.add(alias.toLowerCase());
    let kept = 0;
    for (const candidate of outcome.value.candidates) {
      const gate = checkCandidate(candidate, {
        domain: target.domain,
        aliases: [...aliases],
        isDisposable: deps.isDisposable,
      });
      if (gate.ok) {
        pool.add(gate.candidate);
        kept++;
      } else result.dropped[gate.reason] = (result.dropped[gate.reason] ?? 0) + 1;
    }
    const found = outcome.value.candidates.length;
    const notes = outcome.value.notes?.length ? ` (${outcome.value.notes.join('; ')})` : '';
    result.attempts.push({ provider: provider.name, status: 'ok', found, kept });
    await deps.run.log({
      kind: 'provider',
      name: provider.name,
      status: 'ok',
      input,
      output: `${found} found, ${kept} kept${notes}`,
      durationMs,
    });
    await verifyPool(pool, target, deps, result, catchAll);
    if (pool.done()) {
      result.stoppedAfter = provider.name;
      break;
    }
  }
  pool.settleGuesses();
  result.contacts = pool.list();
  return result;
}

/** Verifies addresses best title first until one of the best verified title is in hand or the budget is spent. */
async function verifyPool(
  pool: ContactPool,
  target: EnrichmentTarget,
  deps: WaterfallDeps,
  result: WaterfallResult,
  catchAll: Set<string>,
): Promise<void> {
  const verifier = deps.verifier;
  if (!verifier) return;
  const budget = deps.maxVerifications ?? 6;
  for (const contact of pool.unverified()) {
    const verified = pool.bestVerifiedRank();
    if (verified !== null && (contact.titleRank ?? 999) >= verified) break;
    const domain = contact.email!.split('@')[1]!;
    if (contact.emailKind === 'guessed' && catchAll.has(domain)) {
      contact.verification = 'catch_all';
      continue;
    }
    if (result.verifications >= budget || (await deps.guard.isSkipped(verifier.name))) return;
    result.verifications++;
    const started = Date.now();
    const outcome = await deps.guard.call(
      verifier.name,
      () => verifier.verify(contact.email!),
      verifier.describeSkip?.bind(verifier),
    );
    const durationMs = Date.now() - started;
    const input = { company: target.companyName, email: contact.email };
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
    contact.verification = outcome.value.status;
    if (outcome.value.status === 'catch_all') catchAll.add(domain);
    const detail = outcome.value.detail ? ` (${outcome.value.detail})` : '';
    await deps.run.log({
      kind: 'provider',
      name: verifier.name,
      status: 'ok',
      input,
      output: `${outcome.value.status}${detail}`,
      durationMs,
    });
  }
}
