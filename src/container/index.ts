import { resolve } from 'node:path';
import type { ConversationMemoryPort } from '../agent/conversation/memory.js';
import { createInstance, type Instance } from '../app/cluster/instance.js';
import { type ClusterStatus, clusterStatus } from '../app/cluster/status.js';
import { createNotifier, type Notifier } from '../app/notifier.js';
import type { Config } from '../config.js';
import type { DbHandle } from '../db/client.js';
import { openJobQueue } from '../db/jobs/open.js';
import { openPostgresStorage } from '../db/pg/storage.js';
import { openSqliteStorage, type Storage } from '../db/storage.js';
import { bindRunToLogs, type Logger } from '../logger.js';
import { createMetrics, type Metrics } from '../metrics/registry.js';
import { analyzeCompanies } from '../pipeline/analyst/analyze.js';
import type { ApprovalRepo, Transaction } from '../pipeline/approvals/ports.js';
import type { InstanceRepo, InstanceRole, LeaseRepo } from '../pipeline/cluster/ports.js';
import type { CompanyRepo } from '../pipeline/companies/ports.js';
import type { ContactRepo } from '../pipeline/contacts/ports.js';
import type { CostReadRepo } from '../pipeline/costs/ports.js';
import { checkCompanies } from '../pipeline/crm/check.js';
import type { CrmPort, CrmRepo } from '../pipeline/crm/ports.js';
import { createDirectiveStore, type DirectiveStore } from '../pipeline/directives/store.js';
import { createDraftGate, type DraftGate } from '../pipeline/drafts/gate.js';
import type { DraftRepo, WinRateRepo } from '../pipeline/drafts/ports.js';
import type { EnrichmentSet } from '../pipeline/enrichment/ports.js';
import type { ProcessedEventRepo } from '../pipeline/events/ports.js';
import type { FeedbackRepo } from '../pipeline/feedback/ports.js';
import type { ProviderStateRepo } from '../pipeline/guard/provider-guard.js';
import { continueImport } from '../pipeline/import/continue-import.js';
import { importCompanies } from '../pipeline/import/import-companies.js';
import type { ImportDeps, ImportRepo, ImportRequest, ImportResult } from '../pipeline/import/ports.js';
import type { JobQueue } from '../pipeline/jobs/ports.js';
import type { LessonRepo, LessonSignals } from '../pipeline/lessons/ports.js';
import type { RateLimitRepo } from '../pipeline/limits/ports.js';
import type { LlmPort } from '../pipeline/llm/ports.js';
import type { RunRepo } from '../pipeline/runs/ports.js';
import { createRunRecorder, type RunHandle, type RunRecorder } from '../pipeline/runs/recorder.js';
import type { CompanySource, SourceStatsRepo } from '../pipeline/scout/ports.js';
import {
  resumeSearch,
  type SearchDeps,
  type SearchRequest,
  type SearchResult,
  searchCompanies,
} from '../pipeline/search/search-companies.js';
import type { KeyValueStore } from '../pipeline/state/ports.js';
import type { WriteDraftsDeps } from '../pipeline/writer/write-drafts.js';
import { createHubspotCrm } from '../providers/crm/hubspot/index.js';
import { createEnrichmentSet } from '../providers/enrichment/index.js';
import { createLlmService, type LlmService } from '../providers/llm/service.js';
import { createScoutSources, type ScoutSourceOptions } from '../providers/scout/index.js';
import { VERSION } from '../version.js';
import { type CostWiring, wireCosts } from './costs.js';
import { type OutreachWiring, wireOutreach } from './outreach.js';

export interface AppRepos {
  runs: RunRepo;
  companies: CompanyRepo;
  contacts: ContactRepo;
  approvals: ApprovalRepo;
  providerState: ProviderStateRepo;
  drafts: DraftRepo;
  winRates: WinRateRepo;
  sourceStats: SourceStatsRepo;
  lessons: LessonRepo;
  lessonSignals: LessonSignals;
  /** `app_state`: watermarks, last digest time, generated secrets. */
  state: KeyValueStore;
  /** Slack event ids already handled. */
  processedEvents: ProcessedEventRepo;
  /** Per-conversation context (Slack thread, DM, CLI chat). */
  conversationMemory: ConversationMemoryPort;
  /** CRM lookups, the CRM ids of leadbot's records, and the outbox of CRM writes. */
  crm: CrmRepo;
  /** Vendor rate limits as counters per window, shared by every instance. */
  rateLimits: RateLimitRepo;
  /** CSV imports: the file kept until the import ends, the per-row report, batch writes. */
  imports: ImportRepo;
  /** What money bought, and the counts the digest's trends compare. */
  costRead: CostReadRepo;
  /** Named leases across processes (`run:<id>`, `outreach`). */
  leases: LeaseRepo;
  /** The leadbot processes and their heartbeats. */
  instances: InstanceRepo;
  /** What people thought of the agent's answers. */
  feedback: FeedbackRepo;
}

/** Everything leadbot's surfaces (Slack, workspace, CLI) need, wired once. */
export interface Container {
  config: Config;
  logger: Logger;
  /** The open database (SQLite by default, PostgreSQL with DATABASE_URL). */
  storage: Storage;
  /** The SQLite handle, when on SQLite (tests and maintenance). */
  database?: DbHandle;
  repos: AppRepos;
  directives: DirectiveStore;
  recorder: RunRecorder;
  /** Enrichment providers, one HTTP client per vendor for the whole process. */
  enrichment: EnrichmentSet;
  llm: LlmPort;
  /** The LLM connector: `start()` probes (main.ts calls it), `chatModel()` feeds the agent. */
  llmService: LlmService;
  tx: Transaction;
  now: () => Date;
  /** When this process opened the database. */
  startedAt: Date;
  /** This process among the instances on the database: its id, heartbeat and leases. */
  instance: Instance;
  /** Durable work (stage runs, sends, polls, the digest): done once across instances. */
  jobs: JobQueue;
  /** The database, the queue and the instances seen in the last minute (doctor, App Home). */
  clusterStatus(): Promise<ClusterStatus>;
  /** What the write stage and Gate 2 need (writeDrafts(input, app.writer)). */
  writer: WriteDraftsDeps;
  /** Gate 2: approve, reject, edit + approve, regenerate a draft. */
  draftGate: DraftGate;
  /** Scout sources from SCOUT_SOURCES, in order. */
  scoutSources: CompanySource[];
  /** Outreach and the Tracker: repos, the mail transport, send and reply dependencies. */
  outreach: OutreachWiring;
  /** What the pipeline tells the surfaces (hot leads, drafts ready, lessons proposed). */
  notifier: Notifier;
  /** The CRM (HubSpot with HUBSPOT_TOKEN); undefined when none is configured. */
  crm?: CrmPort;
  /** Prices, budgets, the spend ledger and the records of paid lookups. */
  costs: CostWiring;
  /** Prometheus metrics of this instance, and the business figures read at scrape time. */
  metrics: Metrics;
  /** A tracked Scout → Analyst run that stops at Gate 1 (see pipeline/search/search-companies.ts). */
  searchCompanies(request: SearchRequest): Promise<SearchResult>;
  /** A streaming CSV import run: bad rows reported, duplicates left out, new companies scored (Gate 1). */
  importCompanies(request: ImportRequest): Promise<ImportResult>;
  /** Continues a search run interrupted by a restart, under its id (src/wiring/resume.ts). */
  resumeSearch(run: RunHandle): Promise<SearchResult>;
  /** Continues an import run interrupted by a restart, under its id, from its checkpoint to the end of the file. */
  resumeImport(run: RunHandle): Promise<ImportResult>;
  close(): Promise<void>;
}

export interface BuildContainerOptions {
  /** Overrides the configured database path (tests use ':memory:'). */
  databasePath?: string;
  now?: () => Date;
  /** Overrides for the Scout sources' HTTP clients and sandbox directory (tests). */
  scout?: ScoutSourceOptions;
  /** The writer's source of randomness (angle exploration); tests pass a seeded one. */
  random?: () => number;
  /** What this process is among the instances (default 'server'; the CLI says 'cli'). */
  role?: InstanceRole;
  /** How long leases and heartbeats count without renewal (default 45 s). */
  leaseMs?: number;
  /** How often the job queue looks for work when nothing woke it (default 1 s on SQLite, 2 s on pg-boss). */
  jobPollMs?: number;
}

/**
 * The composition root: opens and migrates the database and wires every adapter into the stages.
 * @throws AppError('db_failed') when the database cannot be opened or migrated.
 */
export async function buildContainer(
  config: Config,
  logger: Logger,
  options: BuildContainerOptions = {},
): Promise<Container> {
  const now = options.now ?? (() => new Date());
  const storage = config.storage.databaseUrl
    ? await openPostgresStorage(config.storage.databaseUrl)
    : openSqliteStorage(options.databasePath ?? config.storage.databasePath);
  const { outreach: outreachRepo, suppressions, inboundIssues, spend, lookups, metricsRead, ...repos } = storage.repos;
  const { tx } = storage;
  const directives = createDirectiveStore(resolve(config.storage.directivesDir));
  const notifier = createNotifier(logger);
  const costs = wireCosts({ config, spend, lookups, directives, notifier, now });
  const metrics = createMetrics({
    read: metricsRead,
    now,
    today: () => costs.spending.today(),
    dailyLimits: { vendor: config.costs.budgets.vendor.dailyUsd, model: config.costs.budgets.model.dailyUsd },
    jobs: () => jobs.counts(),
  });
  const llmService = createLlmService(config.llm, logger, {
    meter: costs.meter,
    onCall: (call) => metrics.observeLlm(call),
  });
  const llm = llmService.port;
  const instance = createInstance({
    leases: repos.leases,
    instances: repos.instances,
    now,
    role: options.role ?? 'server',
    version: VERSION,
    leaseMs: options.leaseMs,
    onError: (err) => logger.warn({ err }, 'instance heartbeat failed'),
  });
  await instance.start();
  const jobs = openJobQueue(storage, {
    owner: instance.id,
    isLive: instance.isLive,
    now,
    pollMs: options.jobPollMs,
    onError: (err, job) => logger.error({ err, job }, 'job failed'),
  });
  const recorder = createRunRecorder({ runs: repos.runs, now, onActive: bindRunToLogs, leases: instance });
  const writer: WriteDraftsDeps = {
    ...repos,
    llm,
    directives,
    recorder,
    tx,
    now,
    random: options.random ?? Math.random,
    senderName: senderNameOf(config.mail.from),
  };
  const observe = (call: Parameters<Metrics['observeVendor']>[0]) => metrics.observeVendor(call);
  const enrichment = createEnrichmentSet(config, { observe });
  const scoutSources = createScoutSources(config, directives, {
    ...options.scout,
    http: { observe, ...options.scout?.http },
  });
  const crm = config.crm.hubspot ? createHubspotCrm(config.crm.hubspot, { rateLimits: repos.rateLimits }) : undefined;
  const searchDeps: SearchDeps = {
    crm: crm && {
      label: crm.label,
      includeKnown: config.crm.includeKnown,
      check: (companies) => checkCompanies(companies, { crm, repo: repos.crm, now, recentDays: config.crm.recentDays }),
    },
    companies: repos.companies,
    recorder,
    providerState: repos.providerState,
    sourceStats: repos.sourceStats,
    sources: scoutSources,
    directives,
    llm,
    now,
    spend: costs.paid,
    analyze: (input, reenrich) =>
      analyzeCompanies(input, { companies: repos.companies, directives, llm, now, reenrich, tx }),
  };
  const importDeps: ImportDeps = {
    imports: repos.imports,
    companies: repos.companies,
    recorder,
    directives,
    tx,
    now,
  };
  const outreach = await wireOutreach({
    config,
    ...repos,
    outreach: outreachRepo,
    suppressions,
    issues: inboundIssues,
    senderState: repos.senders,
    directives,
    llm,
    tx,
    now,
    logger,
    alerts: {
      senderPaused: (alert) => notifier.emit('senderPaused', alert),
      senderFailing: (alert) => notifier.emit('senderFailing', alert),
      sendNeedsReview: (alert) => notifier.emit('sendNeedsReview', alert),
    },
  });
  const closers: (() => Promise<void> | void)[] = [() => instance.stop(), () => jobs.stop(), () => llmService.stop()];
  return {
    config,
    logger,
    storage,
    database: storage.sqlite,
    repos,
    directives,
    recorder,
    enrichment,
    llm,
    llmService,
    tx,
    now,
    startedAt: now(),
    instance,
    jobs,
    clusterStatus: () =>
      clusterStatus({
        database: { dialect: storage.dialect, where: storage.where },
        jobs,
        instances: repos.instances,
        now,
      }),
    writer,
    draftGate: createDraftGate(writer),
    scoutSources,
    outreach,
    notifier,
    crm,
    costs,
    metrics,
    searchCompanies: (request) => searchCompanies(request, searchDeps),
    importCompanies: (request) => importCompanies(request, importDeps),
    resumeSearch: (run) => resumeSearch({ run }, searchDeps),
    resumeImport: (run) => continueImport(run, importDeps, true),
    async close() {
      for (const close of closers.reverse()) await close();
      await storage.close();
    },
  };
}

/** The display name of a From address ("Ana Ruiz <ana@x.example>" → "Ana Ruiz"), else its local part. */
function senderNameOf(from: string): string {
  const display = /^\s*"?([^"<]+?)"?\s*</.exec(from)?.[1]?.trim();
  return display || from.replace(/@.*$/, '').replace(/[<>"]/g, '').trim() || 'The team';
}
