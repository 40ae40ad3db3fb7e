import type { Storage } from '../storage.js';
import { migratePostgres, openPostgres } from './client.js';
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

/** `postgres://user:***@host/db`, for the banner and doctor. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/**
 * Connects to PostgreSQL and migrates it (under an advisory lock: instances starting together migrate once).
 * @throws AppError('db_failed') when the server cannot be reached or a migration fails.
 */
export async function openPostgresStorage(url: string): Promise<Storage> {
  const handle = await openPostgres(url);
  try {
    await migratePostgres(handle);
  } catch (err) {
    await handle.close();
    throw err;
  }
  const { db } = handle;
  return {
    dialect: 'postgres',
    where: redactUrl(url),
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
    pg: handle,
    close: () => handle.close(),
  };
}
