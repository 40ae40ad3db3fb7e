import { resolve } from 'node:path';
import type { Config } from './config.js';
import { type DbHandle, openMigratedDatabase } from './db/client.js';
import { createApprovalRepo } from './db/repos/approval-repo.js';
import { createCompanyRepo } from './db/repos/company-repo.js';
import { createProviderStateRepo } from './db/repos/provider-state-repo.js';
import { createRunRepo } from './db/repos/run-repo.js';
import type { Logger } from './logger.js';
import type { ApprovalRepo, Transaction } from './pipeline/approvals/ports.js';
import type { CompanyRepo } from './pipeline/companies/ports.js';
import { createDirectiveStore, type DirectiveStore } from './pipeline/directives/store.js';
import type { LlmPort } from './pipeline/llm/ports.js';
import type { ProviderStateRepo } from './pipeline/providers/guard.js';
import type { RunRepo } from './pipeline/runs/ports.js';
import { createRunTracker, type RunTracker } from './pipeline/runs/tracker.js';
import { createLlmService, type LlmService } from './providers/llm/service.js';

export interface AppRepos {
  runs: RunRepo;
  companies: CompanyRepo;
  approvals: ApprovalRepo;
  providerState: ProviderStateRepo;
}

/** Everything leadbot's surfaces (Slack, workspace, CLI) need, wired once. */
export interface App {
  config: Config;
  logger: Logger;
  database: DbHandle;
  repos: AppRepos;
  directives: DirectiveStore;
  tracker: RunTracker;
  llm: LlmPort;
  /** The LLM connector: `start()` probes (main.ts calls it), `chatModel()` feeds the agent. */
  llmService: LlmService;
  tx: Transaction;
  now: () => Date;
  close(): Promise<void>;
}

export interface BuildAppOptions {
  /** Overrides the configured database path (tests use ':memory:'). */
  databasePath?: string;
  now?: () => Date;
}

/**
 * The composition root: opens and migrates the database and wires every adapter into the stages.
 * @throws AppError('db_failed') when the database cannot be opened or migrated.
 */
export function buildApp(config: Config, logger: Logger, options: BuildAppOptions = {}): App {
  const now = options.now ?? (() => new Date());
  const database = openMigratedDatabase(options.databasePath ?? config.storage.databasePath);
  const repos: AppRepos = {
    runs: createRunRepo(database.db),
    companies: createCompanyRepo(database.db),
    approvals: createApprovalRepo(database.db),
    providerState: createProviderStateRepo(database.db),
  };
  const tx: Transaction = (fn) => database.sqlite.transaction(fn)();
  const llmService = createLlmService(config.llm, logger);
  const llm = llmService.port;
  const directives = createDirectiveStore(resolve(config.storage.directivesDir));
  const tracker = createRunTracker({ runs: repos.runs, now });
  const closers: (() => Promise<void> | void)[] = [() => llmService.stop()];
  return {
    config,
    logger,
    database,
    repos,
    directives,
    tracker,
    llm,
    llmService,
    tx,
    now,
    async close() {
      for (const close of closers.reverse()) await close();
      database.close();
    },
  };
}
