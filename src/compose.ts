import { resolve } from 'node:path';
import type { Config } from './config.js';
import { type DbHandle, openMigratedDatabase } from './db/client.js';
import { createApprovalRepo } from './db/repos/approval-repo.js';
import { createCompanyRepo } from './db/repos/company-repo.js';
import { createProviderStateRepo } from './db/repos/provider-state-repo.js';
import { createRunRepo } from './db/repos/run-repo.js';
import { createSourceStatsRepo } from './db/repos/source-stats-repo.js';
import type { Logger } from './logger.js';
import { analyzeCompanies } from './pipeline/analyst/analyze.js';
import type { ApprovalRepo, Transaction } from './pipeline/approvals/ports.js';
import type { CompanyRepo } from './pipeline/companies/ports.js';
import { createDirectiveStore, type DirectiveStore } from './pipeline/directives/store.js';
import { createNoLlm } from './pipeline/llm/none.js';
import type { LlmPort } from './pipeline/llm/ports.js';
import type { ProviderStateRepo } from './pipeline/providers/guard.js';
import type { RunRepo } from './pipeline/runs/ports.js';
import { createRunTracker, type RunTracker } from './pipeline/runs/tracker.js';
import type { CompanySource, SourceStatsRepo } from './pipeline/scout/ports.js';
import { type ImportRequest, type ImportResult, importCompanies } from './pipeline/search/import-companies.js';
import {
  type SearchDeps,
  type SearchRequest,
  type SearchResult,
  searchCompanies,
} from './pipeline/search/search-companies.js';
import { createScoutSources, type ScoutSourceOptions } from './providers/scout/index.js';

export interface AppRepos {
  runs: RunRepo;
  companies: CompanyRepo;
  approvals: ApprovalRepo;
  providerState: ProviderStateRepo;
  sourceStats: SourceStatsRepo;
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
  tx: Transaction;
  now: () => Date;
  /** Scout sources from SCOUT_SOURCES, in order. */
  scoutSources: CompanySource[];
  /** A tracked Scout → Analyst run that stops at Gate 1 (see pipeline/search/search-companies.ts). */
  searchCompanies(request: SearchRequest): Promise<SearchResult>;
  /** A CSV import run: bad rows reported, duplicates left out, new companies scored (Gate 1). */
  importCompanies(request: ImportRequest): Promise<ImportResult>;
  close(): Promise<void>;
}

export interface BuildAppOptions {
  /** Overrides the configured database path (tests use ':memory:'). */
  databasePath?: string;
  now?: () => Date;
  /** Overrides for the Scout sources' HTTP clients and sandbox directory (tests). */
  scout?: ScoutSourceOptions;
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
    sourceStats: createSourceStatsRepo(database.db),
  };
  const tx: Transaction = (fn) => database.sqlite.transaction(fn)();
  const llm = createNoLlm();
  const directives = createDirectiveStore(resolve(config.storage.directivesDir));
  const tracker = createRunTracker({ runs: repos.runs, now });
  const closers: (() => Promise<void> | void)[] = [];
  const scoutSources = createScoutSources(config, directives, options.scout);
  const searchDeps: SearchDeps = {
    companies: repos.companies,
    tracker,
    providerState: repos.providerState,
    sourceStats: repos.sourceStats,
    sources: scoutSources,
    directives,
    llm,
    now,
    analyze: (input, reenrich) =>
      analyzeCompanies(input, { companies: repos.companies, directives, llm, now, reenrich }),
  };
  return {
    config,
    logger,
    database,
    repos,
    directives,
    tracker,
    llm,
    tx,
    now,
    scoutSources,
    searchCompanies: (request) => searchCompanies(request, searchDeps),
    importCompanies: (request) => importCompanies(request, searchDeps),
    async close() {
      for (const close of closers.reverse()) await close();
      database.close();
    },
  };
}
