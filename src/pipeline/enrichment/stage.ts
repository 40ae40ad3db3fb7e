import type { CompanyRepo } from '../companies/ports.js';
import type { ContactRepo } from '../contacts/ports.js';
import type { PaidLookupDeps } from '../costs/paid-lookup.js';
import type { DirectiveStore } from '../directives/store.js';
import { type ProviderStateRepo, providerLabel } from '../guard/provider-guard.js';
import { cooldownFor, readProviderCooldowns } from '../lessons/effects.js';
import type { RunRecorder } from '../runs/recorder.js';
import { type EnrichInput, type EnrichOutcome, enrichCompanies } from './enrich.js';
import type { EnrichmentSet } from './ports.js';
import { loadTitlePolicy } from './titles.js';

export interface EnrichStageDeps {
  companies: CompanyRepo;
  contacts: ContactRepo;
  recorder: RunRecorder;
  providerState: ProviderStateRepo;
  directives: DirectiveStore;
  /** Built once per process (compose.ts), so each vendor's rate limit holds across runs. */
  enrichment: EnrichmentSet;
  requireVerifiedGuesses: boolean;
  concurrency?: number;
  /** Budgets and records of lookups already bought. */
  spend?: PaidLookupDeps;
  now: () => Date;
}

/** Same shape as the agent's StageOutcome: what `run-stage enrich`, the router and the bot show. */
export interface EnrichStageOutcome {
  runId: string;
  summary: string;
  data: EnrichOutcome & { mode: EnrichmentSet['mode']; disabled: EnrichmentSet['disabled'] };
}

/**
 * `run_stage enrich`: reads the target titles from directives/enrichment.md and enriches approved companies
 * (all without a primary contact, or the given ids).
 * @throws AppError('invalid_config') when the directive's title blocks are wrong; ('not_found') for unknown ids.
 */
export async function runEnrichStage(input: EnrichInput, deps: EnrichStageDeps): Promise<EnrichStageOutcome> {
  const titles = loadTitlePolicy(deps.directives);
  // Providers an applied lesson put on cooldown (directives/enrichment.md, provider-cooldowns) sit this run out.
  const cooldowns = readProviderCooldowns(deps.directives, { now: deps.now() });
  const resting = deps.enrichment.providers.filter((p) => cooldownFor(cooldowns, p.name));
  const enrichment = { ...deps.enrichment, providers: deps.enrichment.providers.filter((p) => !resting.includes(p)) };
  const outcome = await enrichCompanies(input, { ...deps, enrichment, titles });
  const notes = resting.map((p) => {
    const c = cooldownFor(cooldowns, p.name)!;
    return `${providerLabel(p.name)} left out until ${c.until.toISOString().slice(0, 10)}${c.lesson ? ` (lesson #${c.lesson})` : ''}`;
  });
  const summary = [outcome.summary, ...notes].join(' · ');
  return {
    runId: outcome.runId,
    summary,
    data: { ...outcome, mode: deps.enrichment.mode, disabled: deps.enrichment.disabled },
  };
}

export interface EnrichmentTrigger {
  /** Call after a lead is approved at Gate 1; approvals close together are enriched in one run. */
  approved(companyId: number): void;
  /** Resolves when every queued and running enrichment has finished (for shutdown and tests). */
  idle(): Promise<void>;
}

/**
 * Runs enrichment automatically after Gate 1 approvals: collects approved company ids for `delayMs` (so a burst of
 * clicks is one run), never runs two batches at once, and reports failures to `onError` instead of throwing into
 * the Slack listener that called it.
 */
export function createEnrichmentTrigger(options: {
  run: (companyIds: number[]) => Promise<unknown>;
  delayMs?: number;
  onError?: (err: unknown, companyIds: number[]) => void;
}): EnrichmentTrigger {
  const waiting = new Set<number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<void> = Promise.resolve();
  let pending: Promise<void> = Promise.resolve();

  const flush = () => {
    timer = undefined;
    const ids = [...waiting];
    waiting.clear();
    if (ids.length === 0) return;
    chain = chain.then(async () => {
      try {
        await options.run(ids);
      } catch (err) {
        options.onError?.(err, ids);
      }
    });
  };

  return {
    approved(companyId) {
      waiting.add(companyId);
      if (timer) return;
      let resolveBatch!: () => void;
      pending = new Promise<void>((r) => {
        resolveBatch = r;
      });
      timer = setTimeout(() => {
        flush();
        resolveBatch();
      }, options.delayMs ?? 2000);
    },
    async idle() {
      await pending;
      await chain;
    },
  };
}
