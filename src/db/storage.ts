import type { ConversationMemoryPort } from '../agent/conversation/memory.js';
import type { MetricsReadPort } from '../metrics/ports.js';
import type { ApprovalRepo, Transaction } from '../pipeline/approvals/ports.js';
import type { InstanceRepo, LeaseRepo } from '../pipeline/cluster/ports.js';
import type { CompanyRepo } from '../pipeline/companies/ports.js';
import type { ContactRepo } from '../pipeline/contacts/ports.js';
import type { CostReadRepo, LookupRepo, SpendRepo } from '../pipeline/costs/ports.js';
import type { CrmRepo } from '../pipeline/crm/ports.js';
import type { DraftRepo, WinRateRepo } from '../pipeline/drafts/ports.js';
import type { ProcessedEventRepo } from '../pipeline/events/ports.js';
import type { FeedbackRepo } from '../pipeline/feedback/ports.js';
import type { ProviderStateRepo } from '../pipeline/guard/provider-guard.js';
import type { ImportRepo } from '../pipeline/import/ports.js';
import type { LessonRepo, LessonSignals } from '../pipeline/lessons/ports.js';
import type { RateLimitRepo } from '../pipeline/limits/ports.js';
import type { SenderRepo } from '../pipeline/outreach/pool/ports.js';
import type { OutreachRepo, SuppressionRepo } from '../pipeline/outreach/ports.js';
import type { RunRepo } from '../pipeline/runs/ports.js';
import type { SourceStatsRepo } from '../pipeline/scout/ports.js';
import type { KeyValueStore } from '../pipeline/state/ports.js';
import type { InboundIssueRepo } from '../pipeline/tracker/ports.js';
import { type DbHandle, openMigratedDatabase } from './client.js';
import type { PgHandle } from './pg/client.js';
import { createAppStateRepo } from './repos/app-state-repo.js';
import { createApprovalRepo } from './repos/approval-repo.js';
import { createInstanceRepo, createLeaseRepo } from './repos/cluster-repos.js';
import { createCompanyRepo } from './repos/company-repo.js';
import { createContactRepo } from './repos/contact-repo.js';
import { createConversationMemoryRepo } from './repos/conversation-memory-repo.js';
import { createCostReadRepo } from './repos/cost-read-repo.js';
import { createCrmRepo } from './repos/crm-repo.js';
import { createDraftRepo } from './repos/draft-repo.js';
import { createFeedbackRepo } from './repos/feedback-repo.js';
import { createImportRepo } from './repos/import-repo.js';
import { createInboundIssueRepo } from './repos/inbound-issue-repo.js';
import { createLessonRepo } from './repos/lesson-repo.js';
import { createLessonSignals } from './repos/lesson-signals-repo.js';
import { createLookupRepo } from './repos/lookup-repo.js';
import { createMetricsRepo } from './repos/metrics-repo.js';
import { createOutreachRepo, createSuppressionRepo } from './repos/outreach-repo.js';
import { createProcessedEventRepo } from './repos/processed-event-repo.js';
import { createProviderStateRepo } from './repos/provider-state-repo.js';
import { createRateLimitRepo } from './repos/rate-limit-repo.js';
import { createRunRepo } from './repos/run-repo.js';
import { createSenderRepo } from './repos/sender-repo.js';
import { createSourceStatsRepo } from './repos/source-stats-repo.js';
import { createSpendRepo } from './repos/spend-repo.js';
import { createWinRateRepo } from './repos/win-rate-repo.js';

/** Every repository leadbot has, one implementation per database. */
export interface StorageRepos {
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
  /** Per-conversation context (Slack thread, DM, CLI chat); expired rows are purged. */
  conversationMemory: ConversationMemoryPort & { purgeExpired(now: Date): Promise<number> };
  outreach: OutreachRepo;
  suppressions: SuppressionRepo;
  inboundIssues: InboundIssueRepo;
  /** CRM lookups, the CRM ids of leadbot's records, and the outbox of CRM writes. */
  crm: CrmRepo;
  /** Vendor rate limits as counters per window, shared by every instance. */
  rateLimits: RateLimitRepo;
  /** The sender pool's durable state: paused or active, warm-up, daily send reservations. */
  senders: SenderRepo;
  /** Named leases across processes (`run:<id>`, `outreach`). */
  leases: LeaseRepo;
  /** The leadbot processes and their heartbeats. */
  instances: InstanceRepo;
  /** CSV imports: the file kept until the import ends, the per-row report, batch writes. */
  imports: ImportRepo;
  /** What people thought of the agent's answers (`answer_feedback`). */
  feedback: FeedbackRepo;
  /** The spend ledger and its budgets (reservations hold across instances). */
  spend: SpendRepo;
  /** Paid lookups already bought, answered from here within the reuse window. */
  lookups: LookupRepo;
  /** What money bought, and the counts the digest's trends compare. */
  costRead: CostReadRepo;
  /** The business figures /metrics reads at scrape time. */
  metricsRead: MetricsReadPort;
}

/** An open database with its repositories: SQLite (the default) or PostgreSQL (DATABASE_URL). */
export interface Storage {
  dialect: 'sqlite' | 'postgres';
  /** Where the data lives, for the banner and doctor (never a password). */
  where: string;
  repos: StorageRepos;
  tx: Transaction;
  /** The SQLite handle (tests and maintenance); undefined on PostgreSQL. */
  sqlite?: DbHandle;
  /** The PostgreSQL handle; undefined on SQLite. */
  pg?: PgHandle;
  close(): Promise<void>;
}

/**
 * Opens and migrates the SQLite file at `path` (':memory:' in tests).
 * @throws AppError('db_failed') when it cannot be opened or migrated.
 */
export function openSqliteStorage(path: string): Storage {
  const handle = openMigratedDatabase(path);
  const { db } = handle;
  return {
    dialect: 'sqlite',
    where: path,
    repos: {
      runs: createRunRepo(db),
      companies: createCompanyRepo(db),
      contacts: createContactRepo(db),
      approvals: createApprovalRepo(db),
      providerState: createProviderStateRepo(db),
      drafts: createDraftRepo(db),
      winRates: createWinRateRepo(db),
      sourceStats: createSourceStatsRepo(db),
      lessons: createLessonRepo(db),
      lessonSignals: createLessonSignals(db),
      state: createAppStateRepo(db),
      processedEvents: createProcessedEventRepo(db),
      conversationMemory: createConversationMemoryRepo(db),
      outreach: createOutreachRepo(db),
      suppressions: createSuppressionRepo(db),
      inboundIssues: createInboundIssueRepo(db),
      crm: createCrmRepo(db),
      rateLimits: createRateLimitRepo(db),
      senders: createSenderRepo(db),
      leases: createLeaseRepo(db),
      instances: createInstanceRepo(db),
      imports: createImportRepo(db),
      feedback: createFeedbackRepo(db),
      spend: createSpendRepo(db),
      lookups: createLookupRepo(db),
      costRead: createCostReadRepo(db),
      metricsRead: createMetricsRepo(db),
    },
    tx: (fn) => handle.session.transaction(fn),
    sqlite: handle,
    async close() {
      handle.close();
    },
  };
}
