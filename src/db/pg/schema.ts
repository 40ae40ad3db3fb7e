/**
 * The PostgreSQL twin of ../schema.ts (drizzle tables are per dialect). Same tables, columns and indexes;
 * test/db/schema-contract.test.ts keeps the two in step.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  APPROVAL_STATUSES,
  CONTACT_STATUSES,
  CRM_WRITE_STATUSES,
  DRAFT_STATUSES,
  LEAD_STATUSES,
  LESSON_STATUSES,
  OUTREACH_EVENT_STATUSES,
  RUN_STATUSES,
  SEQUENCE_STATUSES,
} from '../../pipeline/statuses.js';

const at = (name: string) => timestamp(name, { mode: 'date', withTimezone: true, precision: 3 });
const createdAt = () => at('created_at').notNull().defaultNow();
const updatedAt = () => at('updated_at').notNull().defaultNow();
const json = <T>(name: string) => jsonb(name).$type<T>();
/** Bytes (SQLite's blob); drizzle's pg-core has no bytea column of its own. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** Runs: one row per pipeline run, chat turn or scheduled job. */
export const agentRuns = pgTable(
  'agent_runs',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    trigger: text('trigger').notNull(),
    requestedBy: text('requested_by'),
    status: text('status', {
      enum: RUN_STATUSES,
    }).notNull(),
    currentStage: text('current_stage'),
    counters: json<Record<string, number>>('counters').notNull().default({}),
    input: json<Record<string, unknown>>('input').notNull().default({}),
    checkpoint: json<Record<string, unknown>>('checkpoint').notNull().default({}),
    summary: text('summary'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    parentRunId: text('parent_run_id'),
    slackChannel: text('slack_channel'),
    slackThreadTs: text('slack_thread_ts'),
    slackStatusTs: text('slack_status_ts'),
    startedAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: at('finished_at'),
  },
  (t) => [index('agent_runs_status_idx').on(t.status), index('agent_runs_started_idx').on(t.startedAt)],
);

/** Every stage, tool call, LLM call and provider attempt within a run. */
export const agentRunLogs = pgTable(
  'agent_run_logs',
  {
    id: serial('id').primaryKey(),
    runId: text('run_id')
      .notNull()
      .references(() => agentRuns.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['stage', 'tool', 'llm', 'provider', 'event'] }).notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: ['ok', 'error', 'skipped'] }).notNull(),
    inputSummary: text('input_summary'),
    outputSummary: text('output_summary'),
    durationMs: integer('duration_ms').notNull().default(0),
    tokensIn: integer('tokens_in'),
    tokensOut: integer('tokens_out'),
    /** What the call cost in USD (tokens × price, credits × price; 0 for sandbox and local models). */
    costUsd: doublePrecision('cost_usd'),
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [index('agent_run_logs_run_idx').on(t.runId, t.id)],
);

/** Companies found by Scout; `status` is the lead's place at Gate 1. */
export const companies = pgTable(
  'companies',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    normalizedName: text('normalized_name').notNull(),
    domain: text('domain'),
    website: text('website'),
    industry: text('industry').notNull(),
    address: text('address'),
    city: text('city'),
    state: text('state'),
    postalCode: text('postal_code'),
    country: text('country'),
    phone: text('phone'),
    employeeCount: integer('employee_count'),
    siteCount: integer('site_count'),
    buildingSqft: integer('building_sqft'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    sources: json<string[]>('sources').notNull().default([]),
    sourceRefs: json<Record<string, string>>('source_refs').notNull().default({}),
    status: text('status', { enum: LEAD_STATUSES }).notNull().default('new'),
    foundByRunId: text('found_by_run_id').references(() => agentRuns.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('companies_domain_uq').on(t.domain).where(sql`${t.domain} is not null`),
    index('companies_name_city_idx').on(t.normalizedName, t.city),
    index('companies_status_idx').on(t.status),
    index('companies_industry_city_idx').on(t.industry, t.city),
  ],
);

/** Derived facts the Analyst uses: spend and savings estimates, data gaps. */
export const companyFeatures = pgTable('company_features', {
  companyId: integer('company_id')
    .primaryKey()
    .references(() => companies.id, { onDelete: 'cascade' }),
  annualSpendEstimate: doublePrecision('annual_spend_estimate'),
  savingsLow: doublePrecision('savings_low'),
  savingsMid: doublePrecision('savings_mid'),
  savingsHigh: doublePrecision('savings_high'),
  deregulated: boolean('deregulated'),
  energyIntensity: doublePrecision('energy_intensity'),
  stateRate: doublePrecision('state_rate'),
  dataGaps: json<string[]>('data_gaps').notNull().default([]),
  reenrichAttempts: integer('reenrich_attempts').notNull().default(0),
  updatedAt: updatedAt(),
});

/** The Analyst's deterministic score for a company (latest wins). */
export const leadScores = pgTable(
  'lead_scores',
  {
    id: serial('id').primaryKey(),
    companyId: integer('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    runId: text('run_id').references(() => agentRuns.id, { onDelete: 'set null' }),
    profile: text('profile').notNull(),
    score: integer('score').notNull(),
    tier: text('tier', { enum: ['high', 'medium', 'low'] }).notNull(),
    breakdown: json<Record<string, unknown>>('breakdown').notNull(),
    scoreReason: text('score_reason').notNull(),
    reasonSource: text('reason_source', { enum: ['llm', 'template'] })
      .notNull()
      .default('template'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('lead_scores_company_uq').on(t.companyId), index('lead_scores_score_idx').on(t.score)],
);

/** People at a company, each with a source and verification status; nothing invented. */
export const contacts = pgTable(
  'contacts',
  {
    id: serial('id').primaryKey(),
    companyId: integer('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    fullName: text('full_name'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    title: text('title'),
    titleRank: integer('title_rank'),
    email: text('email'),
    emailKind: text('email_kind', { enum: ['found', 'guessed'] })
      .notNull()
      .default('found'),
    verification: text('verification', { enum: ['valid', 'catch_all', 'invalid', 'unknown', 'unverified'] })
      .notNull()
      .default('unverified'),
    source: text('source').notNull(),
    evidenceUrl: text('evidence_url'),
    confidence: doublePrecision('confidence'),
    phone: text('phone'),
    linkedinUrl: text('linkedin_url'),
    isPrimary: boolean('is_primary').notNull().default(false),
    status: text('status', { enum: CONTACT_STATUSES }).notNull().default('active'),
    runId: text('run_id').references(() => agentRuns.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('contacts_company_email_uq').on(t.companyId, t.email),
    index('contacts_email_idx').on(t.email),
    index('contacts_company_idx').on(t.companyId),
  ],
);

/** Writer output, Critic verdict and Gate 2 state. */
export const emailDrafts = pgTable(
  'email_drafts',
  {
    id: serial('id').primaryKey(),
    companyId: integer('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    contactId: integer('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    runId: text('run_id').references(() => agentRuns.id, { onDelete: 'set null' }),
    replacesDraftId: integer('replaces_draft_id'),
    angle: text('angle').notNull(),
    angleMode: text('angle_mode', { enum: ['exploit', 'explore', 'fixed'] })
      .notNull()
      .default('explore'),
    reasoning: text('reasoning'),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    generatedBy: text('generated_by', { enum: ['llm', 'template', 'human'] }).notNull(),
    criticScore: integer('critic_score'),
    criticBreakdown: json<Record<string, unknown>>('critic_breakdown'),
    criticFeedback: json<string[]>('critic_feedback').notNull().default([]),
    attempts: integer('attempts').notNull().default(1),
    lowConfidence: boolean('low_confidence').notNull().default(false),
    lowConfidenceReasons: json<string[]>('low_confidence_reasons').notNull().default([]),
    instructions: text('instructions'),
    status: text('status', { enum: DRAFT_STATUSES }).notNull().default('pending'),
    slackChannel: text('slack_channel'),
    slackTs: text('slack_ts'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('email_drafts_status_idx').on(t.status),
    index('email_drafts_company_idx').on(t.companyId),
    // One current draft per company, even when two instances write for it at once.
    uniqueIndex('email_drafts_current_uq').on(t.companyId).where(sql`${t.status} in ('pending', 'approved')`),
  ],
);

/** A contact's outreach sequence: first email plus follow-up touches. */
export const outreachSequences = pgTable(
  'outreach_sequences',
  {
    id: serial('id').primaryKey(),
    draftId: integer('draft_id')
      .notNull()
      .references(() => emailDrafts.id, { onDelete: 'cascade' }),
    contactId: integer('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    companyId: integer('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    industry: text('industry').notNull(),
    angle: text('angle').notNull(),
    status: text('status', { enum: SEQUENCE_STATUSES }).notNull().default('active'),
    stopReason: text('stop_reason'),
    pausedUntil: at('paused_until'),
    approvedBy: text('approved_by'),
    /** The sender (MAIL_SENDERS name) the sequence stays on from its first email; null until then. */
    sender: text('sender'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('outreach_sequences_draft_uq').on(t.draftId),
    index('outreach_sequences_status_idx').on(t.status),
  ],
);

/** Sends, scheduled touches, replies, bounces and unsubscribes. */
export const outreachEvents = pgTable(
  'outreach_events',
  {
    id: serial('id').primaryKey(),
    sequenceId: integer('sequence_id').references(() => outreachSequences.id, { onDelete: 'cascade' }),
    draftId: integer('draft_id').references(() => emailDrafts.id, { onDelete: 'set null' }),
    contactId: integer('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    companyId: integer('company_id').references(() => companies.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['send', 'reply', 'bounce', 'unsubscribe', 'auto_reply'] }).notNull(),
    touch: integer('touch'),
    idempotencyKey: text('idempotency_key'),
    status: text('status', {
      enum: OUTREACH_EVENT_STATUSES,
    }).notNull(),
    scheduledFor: at('scheduled_for'),
    mailbox: text('mailbox'),
    recipient: text('recipient'),
    messageId: text('message_id'),
    inReplyTo: text('in_reply_to'),
    references: text('references'),
    subject: text('subject'),
    body: text('body'),
    transport: text('transport'),
    transportResponse: text('transport_response'),
    classification: text('classification'),
    classificationSource: text('classification_source', { enum: ['rules', 'llm', 'fallback'] }),
    detail: json<Record<string, unknown>>('detail'),
    error: text('error'),
    /** For sends: the sender (MAIL_SENDERS name) and how many transport attempts were made. */
    sender: text('sender'),
    attempts: integer('attempts').notNull().default(0),
    occurredAt: at('occurred_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('outreach_events_sender_idx').on(t.sender, t.kind, t.occurredAt),
    uniqueIndex('outreach_events_idem_uq').on(t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
    index('outreach_events_message_id_idx').on(t.messageId),
    index('outreach_events_due_idx').on(t.status, t.scheduledFor),
    index('outreach_events_contact_idx').on(t.contactId, t.kind),
    index('outreach_events_mailbox_day_idx').on(t.mailbox, t.kind, t.occurredAt),
  ],
);

/** The learning table: per industry × angle, what was sent and what came back. */
export const emailWinRate = pgTable(
  'email_win_rate',
  {
    industry: text('industry').notNull(),
    angle: text('angle').notNull(),
    sent: integer('sent').notNull().default(0),
    replies: integer('replies').notNull().default(0),
    positiveReplies: integer('positive_replies').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.industry, t.angle] })],
);

/** Human decisions and requests for them: Gate 1, Gate 2, directive amendments, agent requests. */
export const approvalRequests = pgTable(
  'approval_requests',
  {
    id: serial('id').primaryKey(),
    kind: text('kind', { enum: ['lead', 'draft', 'lesson', 'suppress', 'action'] }).notNull(),
    subjectId: text('subject_id').notNull(),
    runId: text('run_id').references(() => agentRuns.id, { onDelete: 'set null' }),
    status: text('status', { enum: APPROVAL_STATUSES }).notNull().default('pending'),
    requestedBy: text('requested_by'),
    payload: json<Record<string, unknown>>('payload').notNull().default({}),
    decidedBy: text('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: at('decided_at'),
    decisionSource: text('decision_source', { enum: ['slack', 'cli', 'workspace'] }),
    reason: text('reason'),
    slackChannel: text('slack_channel'),
    slackTs: text('slack_ts'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('approval_requests_subject_uq').on(t.kind, t.subjectId),
    index('approval_requests_status_idx').on(t.status),
  ],
);

/** Addresses and domains that must never be emailed. */
export const suppressionList = pgTable(
  'suppression_list',
  {
    id: serial('id').primaryKey(),
    kind: text('kind', { enum: ['email', 'domain'] }).notNull(),
    value: text('value').notNull(),
    reason: text('reason').notNull(),
    source: text('source').notNull(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('suppression_list_value_uq').on(t.kind, t.value)],
);

/** Per-conversation context (Slack thread, DM, CLI chat) with an expiry. */
export const conversationMemory = pgTable(
  'conversation_memory',
  {
    conversationKey: text('conversation_key').primaryKey(),
    state: json<Record<string, unknown>>('state').notNull().default({}),
    expiresAt: at('expires_at').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [index('conversation_memory_expires_idx').on(t.expiresAt)],
);

/** Slack event ids already handled, so retries never run twice. */
export const processedEvents = pgTable('processed_events', {
  eventId: text('event_id').primaryKey(),
  kind: text('kind').notNull(),
  runId: text('run_id'),
  receivedAt: createdAt(),
});

/** Provider health: skip flags and their reasons, per run or global. */
export const providerState = pgTable(
  'provider_state',
  {
    provider: text('provider').notNull(),
    scope: text('scope').notNull(),
    status: text('status', { enum: ['ok', 'skipped'] }).notNull(),
    reason: text('reason'),
    httpStatus: integer('http_status'),
    skippedUntil: at('skipped_until'),
    failures: integer('failures').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.scope] })],
);

/** Which Scout source produced kept companies, per industry, to prefer better sources. */
export const sourceStats = pgTable(
  'source_stats',
  {
    source: text('source').notNull(),
    industry: text('industry').notNull(),
    queries: integer('queries').notNull().default(0),
    returned: integer('returned').notNull().default(0),
    kept: integer('kept').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.source, t.industry] })],
);

/** Patterns of failure and the directive amendments proposed from them. */
export const directiveLessons = pgTable(
  'directive_lessons',
  {
    id: serial('id').primaryKey(),
    directive: text('directive').notNull(),
    kind: text('kind').notNull(),
    fingerprint: text('fingerprint').notNull(),
    summary: text('summary').notNull(),
    evidence: json<Record<string, unknown>>('evidence').notNull().default({}),
    amendment: text('amendment'),
    rationale: text('rationale'),
    amendmentSource: text('amendment_source', { enum: ['llm', 'rules'] }),
    status: text('status', { enum: LESSON_STATUSES }).notNull().default('open'),
    decidedBy: text('decided_by'),
    decidedAt: at('decided_at'),
    slackChannel: text('slack_channel'),
    slackTs: text('slack_ts'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('directive_lessons_fingerprint_uq').on(t.fingerprint),
    index('directive_lessons_status_idx').on(t.status),
  ],
);

/** Small durable key/value state: last digest time, IMAP watermark, secrets generated on first run. */
export const appState = pgTable('app_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: updatedAt(),
});

/** Inbound messages leadbot could not read or could not match to a send: kept with the reason, shown to people. */
export const inboundIssues = pgTable(
  'inbound_issues',
  {
    id: serial('id').primaryKey(),
    /** The Message-ID, or a digest of the bytes when there is none: a message is kept once. */
    key: text('key').notNull(),
    reason: text('reason', { enum: ['unreadable', 'unmatched'] }).notNull(),
    detail: text('detail').notNull(),
    source: text('source').notNull(),
    messageId: text('message_id'),
    sender: text('sender'),
    subject: text('subject'),
    classification: text('classification'),
    eventId: integer('event_id').references(() => outreachEvents.id, { onDelete: 'set null' }),
    raw: text('raw'),
    receivedAt: at('received_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('inbound_issues_key_uq').on(t.key), index('inbound_issues_created_idx').on(t.createdAt)],
);

/** What the CRM said about a company before Gate 1 (the latest lookup wins); read by lead cards and searches. */
export const crmChecks = pgTable(
  'crm_checks',
  {
    companyId: integer('company_id')
      .primaryKey()
      .references(() => companies.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    /** clear: not in the CRM or nothing that stops outreach; known: customer, open deal, owner or recent touch. */
    outcome: text('outcome', { enum: ['clear', 'known', 'failed'] }).notNull(),
    crmCompanyId: text('crm_company_id'),
    url: text('url'),
    matchedBy: text('matched_by'),
    matches: integer('matches').notNull().default(0),
    customer: boolean('customer').notNull().default(false),
    customerSince: at('customer_since'),
    lifecycleStage: text('lifecycle_stage'),
    ownerId: text('owner_id'),
    ownerName: text('owner_name'),
    openDeals: integer('open_deals').notNull().default(0),
    lastTouchAt: at('last_touch_at'),
    error: text('error'),
    checkedAt: at('checked_at').notNull(),
  },
  (t) => [index('crm_checks_outcome_idx').on(t.outcome)],
);

/** leadbot records and the CRM objects they are: a retried or resumed write updates them, never duplicates. */
export const crmLinks = pgTable(
  'crm_links',
  {
    id: serial('id').primaryKey(),
    provider: text('provider').notNull(),
    /** company, contact, email, deal, task. */
    kind: text('kind').notNull(),
    /** The leadbot record: "company:12", "contact:34", "event:56", "sequence:7". */
    localKey: text('local_key').notNull(),
    crmId: text('crm_id').notNull(),
    url: text('url'),
    /** True when leadbot created the CRM object (a duplicate found later may be merged into the older one). */
    createdByLeadbot: boolean('created_by_leadbot').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('crm_links_local_uq').on(t.provider, t.kind, t.localKey),
    index('crm_links_crm_idx').on(t.provider, t.kind, t.crmId),
  ],
);

/** The durable outbox of CRM writes: each once per key, retried with backoff, never in the way of sending. */
export const crmWrites = pgTable(
  'crm_writes',
  {
    id: serial('id').primaryKey(),
    provider: text('provider').notNull(),
    /** company, contact, email, reply, deal, unsubscribe, bounce, dedupe. */
    kind: text('kind').notNull(),
    /** Idempotency key ("email:event:56"): enqueuing the same write twice keeps one row. */
    key: text('key').notNull(),
    payload: json<Record<string, unknown>>('payload').notNull().default({}),
    status: text('status', { enum: CRM_WRITE_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull(),
    /** While running: when another instance may take the write over (the one running it is presumed gone). */
    leaseUntil: at('lease_until'),
    lastError: text('last_error'),
    /** What the write did: the CRM ids it created or updated, or why it had nothing to do. */
    result: json<Record<string, unknown>>('result'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    doneAt: at('done_at'),
  },
  (t) => [
    uniqueIndex('crm_writes_key_uq').on(t.provider, t.key),
    index('crm_writes_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

/** Requests counted per vendor window ("hubspot:burst"), claimed atomically: limits hold across instances. */
export const rateWindows = pgTable(
  'rate_windows',
  {
    bucket: text('bucket').notNull(),
    windowStart: at('window_start').notNull(),
    used: integer('used').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] })],
);

/** The mailboxes leadbot sends from (MAIL_SENDERS): paused or active, warm-up start, failures in a row. */
export const mailSenders = pgTable('mail_senders', {
  name: text('name').primaryKey(),
  address: text('address').notNull(),
  status: text('status', { enum: ['active', 'paused'] })
    .notNull()
    .default('active'),
  pauseReason: text('pause_reason'),
  pausedAt: at('paused_at'),
  pausedBy: text('paused_by'),
  /** The day of its first send: the warm-up ramp counts from here. */
  warmupStartedAt: at('warmup_started_at'),
  /** Sends in a row that could not be made ("try again" outcomes); 0 after a success. */
  failureStreak: integer('failure_streak').notNull().default(0),
  lastFailure: text('last_failure'),
  /** When its last send was reserved: the least gap between two sends holds across instances. */
  lastSendAt: at('last_send_at'),
  /** Set when the team was told this sender keeps failing (once per streak). */
  failureAlertedAt: at('failure_alerted_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Daily send caps as reservations: one row per sender per day (in TZ), reserved before each send. */
export const senderDailySends = pgTable(
  'sender_daily_sends',
  {
    sender: text('sender').notNull(),
    day: text('day').notNull(),
    reserved: integer('reserved').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sender, t.day] })],
);

/** Money spent on paid vendors and the model: one row per paid call, reserved before it and settled after it. */
export const spendLedger = pgTable(
  'spend_ledger',
  {
    id: serial('id').primaryKey(),
    kind: text('kind', { enum: ['vendor', 'model'] }).notNull(),
    /** The vendor ("hunter") or the model ("openai:gpt-4o-mini"). */
    provider: text('provider').notNull(),
    /** What was paid for ("hunter.find", "writer.draft"). */
    step: text('step').notNull(),
    runId: text('run_id').references(() => agentRuns.id, { onDelete: 'set null' }),
    companyId: integer('company_id').references(() => companies.id, { onDelete: 'set null' }),
    /** The day (YYYY-MM-DD in TZ) whose budget the call counts against. */
    day: text('day').notNull(),
    reservedUsd: doublePrecision('reserved_usd').notNull(),
    /** The real cost once settled; null while only reserved. */
    costUsd: doublePrecision('cost_usd'),
    credits: doublePrecision('credits'),
    tokensIn: integer('tokens_in'),
    tokensOut: integer('tokens_out'),
    /** found: the call gave something usable; empty: paid and nothing came of it; error: it failed. */
    result: text('result', { enum: ['found', 'empty', 'error'] }),
    status: text('status', { enum: ['reserved', 'settled'] })
      .notNull()
      .default('reserved'),
    createdAt: createdAt(),
    settledAt: at('settled_at'),
  },
  (t) => [
    index('spend_ledger_day_idx').on(t.day, t.kind),
    index('spend_ledger_run_idx').on(t.runId),
    index('spend_ledger_created_idx').on(t.createdAt),
  ],
);

/** Spend per budget (a day, or one run) and kind, against its limit: reservations add to it in one statement. */
export const spendBudgets = pgTable(
  'spend_budgets',
  {
    /** "day:2026-12-07" or "run:<run id>". */
    scope: text('scope').notNull(),
    kind: text('kind', { enum: ['vendor', 'model'] }).notNull(),
    committedUsd: doublePrecision('committed_usd').notNull().default(0),
    /** A limit raised by an approver; null means the configured one. */
    limitUsd: doublePrecision('limit_usd'),
    /** The limit the team was last told had been reached (told once per limit). */
    notifiedLimitUsd: doublePrecision('notified_limit_usd'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.kind] })],
);

/** Paid lookups already bought (per provider and domain or address), answered from here within the reuse window. */
export const vendorLookups = pgTable(
  'vendor_lookups',
  {
    provider: text('provider').notNull(),
    /** "domain:acme.example" or "email:dana@acme.example". */
    lookupKey: text('lookup_key').notNull(),
    answer: json<unknown>('answer').notNull(),
    costUsd: doublePrecision('cost_usd').notNull().default(0),
    runId: text('run_id'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.lookupKey] })],
);

/**
 * Named leases that hold across processes: `run:<id>` while an instance works on a run, `outreach` while one sends.
 * A lease whose holder stopped renewing it (killed, host gone) expires at `expiresAt` and may be taken over.
 */
export const leases = pgTable(
  'leases',
  {
    name: text('name').primaryKey(),
    owner: text('owner').notNull(),
    acquiredAt: at('acquired_at').notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [index('leases_owner_idx').on(t.owner)],
);

/** Every leadbot process (server, worker or CLI) while it runs: what it is and when it was last heard from. */
export const instances = pgTable(
  'instances',
  {
    id: text('id').primaryKey(),
    host: text('host').notNull(),
    pid: integer('pid').notNull(),
    role: text('role').notNull(),
    version: text('version').notNull(),
    startedAt: at('started_at').notNull(),
    heartbeatAt: at('heartbeat_at').notNull(),
  },
  (t) => [index('instances_heartbeat_idx').on(t.heartbeatAt)],
);

/**
 * The job queue on SQLite (on PostgreSQL pg-boss keeps its own tables): work to do once, now or later, retried
 * with backoff, at most one waiting job per (name, key).
 */
export const jobs = pgTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    key: text('key'),
    data: json<Record<string, unknown>>('data').notNull().default({}),
    state: text('state', { enum: ['created', 'active', 'completed', 'failed'] }).notNull(),
    runAfter: at('run_after').notNull(),
    attempts: integer('attempts').notNull().default(0),
    retryLimit: integer('retry_limit').notNull(),
    retryDelaySeconds: integer('retry_delay_seconds').notNull(),
    owner: text('owner'),
    expiresAt: at('expires_at'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    finishedAt: at('finished_at'),
  },
  (t) => [
    uniqueIndex('jobs_waiting_key_uq').on(t.name, t.key).where(sql`${t.state} = 'created' and ${t.key} is not null`),
    index('jobs_next_idx').on(t.state, t.name, t.runAfter),
  ],
);

/** A CSV file being imported, in numbered pieces, kept until its import run ends (so a restart can finish it). */
export const importFiles = pgTable(
  'import_files',
  {
    runId: text('run_id')
      .notNull()
      .references(() => agentRuns.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/** An import's per-row report: rows left out as unreadable or invalid, and rows that are companies already known. */
export const importIssues = pgTable(
  'import_issues',
  {
    id: serial('id').primaryKey(),
    runId: text('run_id')
      .notNull()
      .references(() => agentRuns.id, { onDelete: 'cascade' }),
    line: integer('line').notNull(),
    kind: text('kind', { enum: ['bad', 'duplicate'] }).notNull(),
    name: text('name'),
    problem: text('problem'),
    accepted: text('accepted'),
    existingId: integer('existing_id'),
  },
  (t) => [index('import_issues_run_idx').on(t.runId, t.line)],
);

/** What people thought of the agent's answers: one verdict per person and run, with an optional reason. */
export const answerFeedback = pgTable(
  'answer_feedback',
  {
    id: serial('id').primaryKey(),
    runId: text('run_id')
      .notNull()
      .references(() => agentRuns.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    verdict: text('verdict', { enum: ['helpful', 'not_helpful'] }).notNull(),
    reason: text('reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('answer_feedback_run_user_uq').on(t.runId, t.userId),
    index('answer_feedback_updated_idx').on(t.updatedAt),
  ],
);
