import { resolve } from 'node:path';
import type { Config } from './config.js';
import { type DbHandle, openMigratedDatabase } from './db/client.js';
import { createApprovalRepo } from './db/repos/approval-repo.js';
import { createCompanyRepo } from './db/repos/company-repo.js';
import { createContactReader, createDraftRepo } from './db/repos/draft-repo.js';
import { createProviderStateRepo } from './db/repos/provider-state-repo.js';
import { createRunRepo } from './db/repos/run-repo.js';
import { createWinRateRepo } from './db/repos/win-rate-repo.js';
import type { Logger } from './logger.js';
import type { ApprovalRepo, Transaction } from './pipeline/approvals/ports.js';
import type { CompanyRepo } from './pipeline/companies/ports.js';
import { createDirectiveStore, type DirectiveStore } from './pipeline/directives/store.js';
import { createDraftGate, type DraftGate } from './pipeline/drafts/gate.js';
import type { DraftRepo, WinRateRepo } from './pipeline/drafts/ports.js';
import { createNoLlm } from './pipeline/llm/none.js';
import type { LlmPort } from './pipeline/llm/ports.js';
import type { ProviderStateRepo } from './pipeline/providers/guard.js';
import type { RunRepo } from './pipeline/runs/ports.js';
import { createRunTracker, type RunTracker } from './pipeline/runs/tracker.js';
import type { WriteDraftsDeps } from './pipeline/writer/write-drafts.js';
import type { WriterContacts } from './pipeline/writer/write-queue.js';

export interface AppRepos {
  runs: RunRepo;
  companies: CompanyRepo;
  approvals: ApprovalRepo;
  providerState: ProviderStateRepo;
  /** Read-only until the enrichment branch's ContactRepo replaces it (same key, wider type). */
  contacts: WriterContacts;
  drafts: DraftRepo;
  winRates: WinRateRepo;
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
  /** What the write stage and Gate 2 need (writeDrafts(input, app.writer)). */
  writer: WriteDraftsDeps;
  /** Gate 2: approve, reject, edit + approve, regenerate a draft. */
  draftGate: DraftGate;
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
    contacts: createContactReader(database.db),
    drafts: createDraftRepo(database.db),
    winRates: createWinRateRepo(database.db),
  };
  const tx: Transaction = (fn) => database.sqlite.transaction(fn)();
  const llm = createNoLlm();
  const directives = createDirectiveStore(resolve(config.storage.directivesDir));
  const tracker = createRunTracker({ runs: repos.runs, now });
  const writer: WriteDraftsDeps = {
    ...repos,
    llm,
    directives,
    tracker,
    tx,
    now,
    random: Math.random,
    senderName: senderNameOf(config.mail.from),
  };
  const closers: (() => Promise<void> | void)[] = [];
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
    writer,
    draftGate: createDraftGate(writer),
    async close() {
      for (const close of closers.reverse()) await close();
      database.close();
    },
  };
}

/** The display name of a From address ("Ana Ruiz <ana@x.example>" → "Ana Ruiz"), else its local part. */
export function senderNameOf(from: string): string {
  const display = /^\s*"?([^"<]+?)"?\s*</.exec(from)?.[1]?.trim();
  return display || from.replace(/@.*$/, '').replace(/[<>"]/g, '').trim() || 'The team';
}
