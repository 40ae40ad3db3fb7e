import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
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
} from '../pipeline/statuses.js';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' }).notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);
const updatedAt = () =>
  integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);
const json = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();

/** Runs: one row per pipeline run, chat turn or scheduled job. */
export const agentRuns = sqliteTable(
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
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('agent_runs_status_idx').on(t.status), index('agent_runs_started_idx').on(t.startedAt)],
);

/** Every stage, tool call, LLM call and provider attempt within a run. */
export const agentRunLogs = sqliteTable(
  'agent_run_logs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    costUsd: real('cost_usd'),
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [index('agent_run_logs_run_idx').on(t.runId, t.id)],
);

/** Companies found by Scout; `status` is the lead's place at Gate 1. */
export const companies = sqliteTable(
  'companies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    latitude: real('latitude'),
    longitude: real('longitude'),
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
export const companyFeatures = sqliteTable('company_features', {
  companyId: integer('company_id')
    .primaryKey()
    .references(() => companies.id, { onDelete: 'cascade' }),
  annualSpendEstimate: real('annual_spend_estimate'),
  savingsLow: real('savings_low'),
  savingsMid: real('savings_mid'),
  savingsHigh: real('savings_high'),
  deregulated: integer('deregulated', { mode: 'boolean' }),
  energyIntensity: real('energy_intensity'),
  stateRate: real('state_rate'),
  dataGaps: json<string[]>('data_gaps').notNull().default([]),
  reenrichAttempts: integer('reenrich_attempts').notNull().default(0),
  updatedAt: updatedAt(),
});

/** The Analyst's deterministic score for a company (latest wins). */
export const leadScores = sqliteTable(
  'lead_scores',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
export const contacts = sqliteTable(
  'contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    confidence: real('confidence'),
    phone: text('phone'),
    linkedinUrl: text('linkedin_url'),
    isPrimary: integer('is_primary', { mode: 'boolean' }).notNull().default(false),
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
export const emailDrafts = sqliteTable(
  'email_drafts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    lowConfidence: integer('low_confidence', { mode: 'boolean' }).notNull().default(false),
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
export const outreachSequences = sqliteTable(
  'outreach_sequences',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    pausedUntil: integer('paused_until', { mode: 'timestamp_ms' }),
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
export const outreachEvents = sqliteTable(
  'outreach_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    scheduledFor: integer('scheduled_for', { mode: 'timestamp_ms' }),
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
    occurredAt: integer('occurred_at', { mode: 'timestamp_ms' }),
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
export const emailWinRate = sqliteTable(
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
export const approvalRequests = sqliteTable(
  'approval_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['lead', 'draft', 'lesson', 'suppress', 'action'] }).notNull(),
    subjectId: text('subject_id').notNull(),
    runId: text('run_id').references(() => agentRuns.id, { onDelete: 'set null' }),
    status: text('status', { enum: APPROVAL_STATUSES }).notNull().default('pending'),
    requestedBy: text('requested_by'),
    payload: json<Record<string, unknown>>('payload').notNull().default({}),
    decidedBy: text('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
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
export const suppressionList = sqliteTable(
  'suppression_list',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
export const conversationMemory = sqliteTable(
  'conversation_memory',
  {
    conversationKey: text('conversation_key').primaryKey(),
    state: json<Record<string, unknown>>('state').notNull().default({}),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [index('conversation_memory_expires_idx').on(t.expiresAt)],
);

/** Slack event ids already handled, so retries never run twice. */
export const processedEvents = sqliteTable('processed_events', {
  eventId: text('event_id').primaryKey(),
  kind: text('kind').notNull(),
  runId: text('run_id'),
  receivedAt: createdAt(),
});

/** Provider health: skip flags and their reasons, per run or global. */
export const providerState = sqliteTable(
  'provider_state',
  {
    provider: text('provider').notNull(),
    scope: text('scope').notNull(),
    status: text('status', { enum: ['ok', 'skipped'] }).notNull(),
    reason: text('reason'),
    httpStatus: integer('http_status'),
    skippedUntil: integer('skipped_until', { mode: 'timestamp_ms' }),
    failures: integer('failures').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.scope] })],
);

/** Which Scout source produced kept companies, per industry, to prefer better sources. */
export const sourceStats = sqliteTable(
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
export const directiveLessons = sqliteTable(
  'directive_lessons',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
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
export const appState = sqliteTable('app_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: updatedAt(),
});

/** Inbound messages leadbot could not read or could not match to a send: kept with the reason, shown to people. */
export const inboundIssues = sqliteTable(
  'inbound_issues',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('inbound_issues_key_uq').on(t.key), index('inbound_issues_created_idx').on(t.createdAt)],
);

/** What the CRM said about a company before Gate 1 (the latest lookup wins); read by lead cards and searches. */
export const crmChecks = sqliteTable(
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
    customer: integer('customer', { mode: 'boolean' }).notNull().default(false),
    customerSince: integer('customer_since', { mode: 'timestamp_ms' }),
    lifecycleStage: text('lifecycle_stage'),
    ownerId: text('owner_id'),
    ownerName: text('owner_name'),
    openDeals: integer('open_deals').notNull().default(0),
    lastTouchAt: integer('last_touch_at', { mode: 'timestamp_ms' }),
    error: text('error'),
    checkedAt: integer('checked_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('crm_checks_outcome_idx').on(t.outcome)],
);

/** leadbot records and the CRM objects they are: a retried or resumed write updates them, never duplicates. */
export const crmLinks = sqliteTable(
  'crm_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    provider: text('provider').notNull(),
    /** company, contact, email, deal, task. */
    kind: text('kind').notNull(),
    /** The leadbot record: "company:12", "contact:34", "event:56", "sequence:7". */
    localKey: text('local_key').notNull(),
    crmId: text('crm_id').notNull(),
    url: text('url'),
    /** True when leadbot created the CRM object (a duplicate found later may be merged into the older one). */
    createdByLeadbot: integer('created_by_leadbot', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('crm_links_local_uq').on(t.provider, t.kind, t.localKey),
    index('crm_links_crm_idx').on(t.provider, t.kind, t.crmId),
  ],
);

/** The durable outbox of CRM writes: each once per key, retried with backoff, never in the way of sending. */
export const crmWrites = sqliteTable(
  'crm_writes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    provider: text('provider').notNull(),
    /** company, contact, email, reply, deal, unsubscribe, bounce, dedupe. */
    kind: text('kind').notNull(),
    /** Idempotency key ("email:event:56"): enqueuing the same write twice keeps one row. */
    key: text('key').notNull(),
    payload: json<Record<string, unknown>>('payload').notNull().default({}),
    status: text('status', { enum: CRM_WRITE_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    /** While running: when another instance may take the write over (the one running it is presumed gone). */
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
    lastError: text('last_error'),
    /** What the write did: the CRM ids it created or updated, or why it had nothing to do. */
    result: json<Record<string, unknown>>('result'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    doneAt: integer('done_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('crm_writes_key_uq').on(t.provider, t.key),
    index('crm_writes_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

/** Requests counted per vendor window ("hubspot:burst"), claimed atomically: limits hold across instances. */
export const rateWindows = sqliteTable(
  'rate_windows',
  {
    bucket: text('bucket').notNull(),
    windowStart: integer('window_start', { mode: 'timestamp_ms' }).notNull(),
    used: integer('used').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] })],
);

/** The mailboxes leadbot sends from (MAIL_SENDERS): paused or active, warm-up start, failures in a row. */
export const mailSenders = sqliteTable('mail_senders', {
  name: text('name').primaryKey(),
  address: text('address').notNull(),
  status: text('status', { enum: ['active', 'paused'] })
    .notNull()
    .default('active'),
  pauseReason: text('pause_reason'),
  pausedAt: integer('paused_at', { mode: 'timestamp_ms' }),
  pausedBy: text('paused_by'),
  /** The day of its first send: the warm-up ramp counts from here. */
  warmupStartedAt: integer('warmup_started_at', { mode: 'timestamp_ms' }),
  /** Sends in a row that could not be made ("try again" outcomes); 0 after a success. */
  failureStreak: integer('failure_streak').notNull().default(0),
  lastFailure: text('last_failure'),
  /** When its last send was reserved: the least gap between two sends holds across instances. */
  lastSendAt: integer('last_send_at', { mode: 'timestamp_ms' }),
  /** Set when the team was told this sender keeps failing (once per streak). */
  failureAlertedAt: integer('failure_alerted_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Daily send caps as reservations: one row per sender per day (in TZ), reserved before each send. */
export const senderDailySends = sqliteTable(
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
export const spendLedger = sqliteTable(
  'spend_ledger',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['vendor', 'model'] }).notNull(),
    /** The vendor ("hunter") or the model ("openai:gpt-4o-mini"). */
    provider: text('provider').notNull(),
    /** What was paid for ("hunter.find", "writer.draft"). */
    step: text('step').notNull(),
    runId: text('run_id').references(() => agentRuns.id, { onDelete: 'set null' }),
    companyId: integer('company_id').references(() => companies.id, { onDelete: 'set null' }),
    /** The day (YYYY-MM-DD in TZ) whose budget the call counts against. */
    day: text('day').notNull(),
    reservedUsd: real('reserved_usd').notNull(),
    /** The real cost once settled; null while only reserved. */
    costUsd: real('cost_usd'),
    credits: real('credits'),
    tokensIn: integer('tokens_in'),
    tokensOut: integer('tokens_out'),
    /** found: the call gave something usable; empty: paid and nothing came of it; error: it failed. */
    result: text('result', { enum: ['found', 'empty', 'error'] }),
    status: text('status', { enum: ['reserved', 'settled'] })
      .notNull()
      .default('reserved'),
    createdAt: createdAt(),
    settledAt: integer('settled_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('spend_ledger_day_idx').on(t.day, t.kind),
    index('spend_ledger_run_idx').on(t.runId),
    index('spend_ledger_created_idx').on(t.createdAt),
  ],
);

/** Spend per budget (a day, or one run) and kind, against its limit: reservations add to it in one statement. */
export const spendBudgets = sqliteTable(
  'spend_budgets',
  {
    /** "day:2026-12-07" or "run:<run id>". */
    scope: text('scope').notNull(),
    kind: text('kind', { enum: ['vendor', 'model'] }).notNull(),
    committedUsd: real('committed_usd').notNull().default(0),
    /** A limit raised by an approver; null means the configured one. */
    limitUsd: real('limit_usd'),
    /** The limit the team was last told had been reached (told once per limit). */
    notifiedLimitUsd: real('notified_limit_usd'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.kind] })],
);

/** Paid lookups already bought (per provider and domain or address), answered from here within the reuse window. */
export const vendorLookups = sqliteTable(
  'vendor_lookups',
  {
    provider: text('provider').notNull(),
    /** "domain:acme.example" or "email:dana@acme.example". */
    lookupKey: text('lookup_key').notNull(),
    answer: json<unknown>('answer').notNull(),
    costUsd: real('cost_usd').notNull().default(0),
    runId: text('run_id'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.lookupKey] })],
);

/**
 * Named leases that hold across processes: `run:<id>` while an instance works on a run, `outreach` while one sends.
 * A lease whose holder stopped renewing it (killed, host gone) expires at `expiresAt` and may be taken over.
 */
export const leases = sqliteTable(
  'leases',
  {
    name: text('name').primaryKey(),
    owner: text('owner').notNull(),
    acquiredAt: integer('acquired_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('leases_owner_idx').on(t.owner)],
);

/** Every leadbot process (server, worker or CLI) while it runs: what it is and when it was last heard from. */
export const instances = sqliteTable(
  'instances',
  {
    id: text('id').primaryKey(),
    host: text('host').notNull(),
    pid: integer('pid').notNull(),
    role: text('role').notNull(),
    version: text('version').notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    heartbeatAt: integer('heartbeat_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('instances_heartbeat_idx').on(t.heartbeatAt)],
);

/**
 * The job queue on SQLite (on PostgreSQL pg-boss keeps its own tables): work to do once, now or later, retried
 * with backoff, at most one waiting job per (name, key).
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    key: text('key'),
    data: json<Record<string, unknown>>('data').notNull().default({}),
    state: text('state', { enum: ['created', 'active', 'completed', 'failed'] }).notNull(),
    runAfter: integer('run_after', { mode: 'timestamp_ms' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    retryLimit: integer('retry_limit').notNull(),
    retryDelaySeconds: integer('retry_delay_seconds').notNull(),
    owner: text('owner'),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
    lastError: text('last_error'),
    createdAt: createdAt(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('jobs_waiting_key_uq').on(t.name, t.key).where(sql`${t.state} = 'created' and ${t.key} is not null`),
    index('jobs_next_idx').on(t.state, t.name, t.runAfter),
  ],
);

/** A CSV file being imported, in numbered pieces, kept until its import run ends (so a restart can finish it). */
export const importFiles = sqliteTable(
  'import_files',
  {
    runId: text('run_id')
      .notNull()
      .references(() => agentRuns.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    data: blob('data', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/** An import's per-row report: rows left out as unreadable or invalid, and rows that are companies already known. */
export const importIssues = sqliteTable(
  'import_issues',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
export const answerFeedback = sqliteTable(
  'answer_feedback',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
