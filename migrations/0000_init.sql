CREATE TABLE `agent_run_logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`input_summary` text,
	`output_summary` text,
	`duration_ms` integer DEFAULT 0 NOT NULL,
	`tokens_in` integer,
	`tokens_out` integer,
	`error` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `agent_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `agent_run_logs_run_idx` ON `agent_run_logs` (`run_id`,`id`);--> statement-breakpoint
CREATE TABLE `agent_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`trigger` text NOT NULL,
	`requested_by` text,
	`status` text NOT NULL,
	`current_stage` text,
	`counters` text DEFAULT '{}' NOT NULL,
	`input` text DEFAULT '{}' NOT NULL,
	`checkpoint` text DEFAULT '{}' NOT NULL,
	`summary` text,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`parent_run_id` text,
	`slack_channel` text,
	`slack_thread_ts` text,
	`slack_status_ts` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `agent_runs_status_idx` ON `agent_runs` (`status`);--> statement-breakpoint
CREATE INDEX `agent_runs_started_idx` ON `agent_runs` (`created_at`);--> statement-breakpoint
CREATE TABLE `app_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `approval_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`run_id` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`requested_by` text,
	`payload` text DEFAULT '{}' NOT NULL,
	`decided_by` text,
	`decided_by_name` text,
	`decided_at` integer,
	`decision_source` text,
	`reason` text,
	`slack_channel` text,
	`slack_ts` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `agent_runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `approval_requests_subject_uq` ON `approval_requests` (`kind`,`subject_id`);--> statement-breakpoint
CREATE INDEX `approval_requests_status_idx` ON `approval_requests` (`status`);--> statement-breakpoint
CREATE TABLE `companies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`normalized_name` text NOT NULL,
	`domain` text,
	`website` text,
	`industry` text NOT NULL,
	`address` text,
	`city` text,
	`state` text,
	`postal_code` text,
	`country` text,
	`phone` text,
	`employee_count` integer,
	`site_count` integer,
	`building_sqft` integer,
	`latitude` real,
	`longitude` real,
	`sources` text DEFAULT '[]' NOT NULL,
	`source_refs` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`found_by_run_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`found_by_run_id`) REFERENCES `agent_runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `companies_domain_uq` ON `companies` (`domain`) WHERE "companies"."domain" is not null;--> statement-breakpoint
CREATE INDEX `companies_name_city_idx` ON `companies` (`normalized_name`,`city`);--> statement-breakpoint
CREATE INDEX `companies_status_idx` ON `companies` (`status`);--> statement-breakpoint
CREATE INDEX `companies_industry_city_idx` ON `companies` (`industry`,`city`);--> statement-breakpoint
CREATE TABLE `company_features` (
	`company_id` integer PRIMARY KEY NOT NULL,
	`annual_spend_estimate` real,
	`savings_low` real,
	`savings_mid` real,
	`savings_high` real,
	`deregulated` integer,
	`energy_intensity` real,
	`state_rate` real,
	`data_gaps` text DEFAULT '[]' NOT NULL,
	`reenrich_attempts` integer DEFAULT 0 NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`full_name` text,
	`first_name` text,
	`last_name` text,
	`title` text,
	`title_rank` integer,
	`email` text,
	`email_kind` text DEFAULT 'found' NOT NULL,
	`verification` text DEFAULT 'unverified' NOT NULL,
	`source` text NOT NULL,
	`evidence_url` text,
	`confidence` real,
	`phone` text,
	`linkedin_url` text,
	`is_primary` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`run_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `agent_runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_company_email_uq` ON `contacts` (`company_id`,`email`);--> statement-breakpoint
CREATE INDEX `contacts_email_idx` ON `contacts` (`email`);--> statement-breakpoint
CREATE INDEX `contacts_company_idx` ON `contacts` (`company_id`);--> statement-breakpoint
CREATE TABLE `conversation_memory` (
	`conversation_key` text PRIMARY KEY NOT NULL,
	`state` text DEFAULT '{}' NOT NULL,
	`expires_at` integer NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `conversation_memory_expires_idx` ON `conversation_memory` (`expires_at`);--> statement-breakpoint
CREATE TABLE `directive_lessons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`directive` text NOT NULL,
	`kind` text NOT NULL,
	`fingerprint` text NOT NULL,
	`summary` text NOT NULL,
	`evidence` text DEFAULT '{}' NOT NULL,
	`amendment` text,
	`rationale` text,
	`amendment_source` text,
	`status` text DEFAULT 'open' NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`slack_channel` text,
	`slack_ts` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `directive_lessons_fingerprint_uq` ON `directive_lessons` (`fingerprint`);--> statement-breakpoint
CREATE INDEX `directive_lessons_status_idx` ON `directive_lessons` (`status`);--> statement-breakpoint
CREATE TABLE `email_drafts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`contact_id` integer,
	`run_id` text,
	`replaces_draft_id` integer,
	`angle` text NOT NULL,
	`angle_mode` text DEFAULT 'explore' NOT NULL,
	`reasoning` text,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`generated_by` text NOT NULL,
	`critic_score` integer,
	`critic_breakdown` text,
	`critic_feedback` text DEFAULT '[]' NOT NULL,
	`attempts` integer DEFAULT 1 NOT NULL,
	`low_confidence` integer DEFAULT false NOT NULL,
	`low_confidence_reasons` text DEFAULT '[]' NOT NULL,
	`instructions` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`slack_channel` text,
	`slack_ts` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`run_id`) REFERENCES `agent_runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `email_drafts_status_idx` ON `email_drafts` (`status`);--> statement-breakpoint
CREATE INDEX `email_drafts_company_idx` ON `email_drafts` (`company_id`);--> statement-breakpoint
CREATE TABLE `email_win_rate` (
	`industry` text NOT NULL,
	`angle` text NOT NULL,
	`sent` integer DEFAULT 0 NOT NULL,
	`replies` integer DEFAULT 0 NOT NULL,
	`positive_replies` integer DEFAULT 0 NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`industry`, `angle`)
);
--> statement-breakpoint
CREATE TABLE `lead_scores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`run_id` text,
	`profile` text NOT NULL,
	`score` integer NOT NULL,
	`tier` text NOT NULL,
	`breakdown` text NOT NULL,
	`score_reason` text NOT NULL,
	`reason_source` text DEFAULT 'template' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `agent_runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lead_scores_company_uq` ON `lead_scores` (`company_id`);--> statement-breakpoint
CREATE INDEX `lead_scores_score_idx` ON `lead_scores` (`score`);--> statement-breakpoint
CREATE TABLE `outreach_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sequence_id` integer,
	`draft_id` integer,
	`contact_id` integer,
	`company_id` integer,
	`kind` text NOT NULL,
	`touch` integer,
	`idempotency_key` text,
	`status` text NOT NULL,
	`scheduled_for` integer,
	`mailbox` text,
	`recipient` text,
	`message_id` text,
	`in_reply_to` text,
	`references` text,
	`subject` text,
	`body` text,
	`transport` text,
	`transport_response` text,
	`classification` text,
	`classification_source` text,
	`detail` text,
	`error` text,
	`occurred_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`sequence_id`) REFERENCES `outreach_sequences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`draft_id`) REFERENCES `email_drafts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outreach_events_idem_uq` ON `outreach_events` (`idempotency_key`) WHERE "outreach_events"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX `outreach_events_message_id_idx` ON `outreach_events` (`message_id`);--> statement-breakpoint
CREATE INDEX `outreach_events_due_idx` ON `outreach_events` (`status`,`scheduled_for`);--> statement-breakpoint
CREATE INDEX `outreach_events_contact_idx` ON `outreach_events` (`contact_id`,`kind`);--> statement-breakpoint
CREATE INDEX `outreach_events_mailbox_day_idx` ON `outreach_events` (`mailbox`,`kind`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `outreach_sequences` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`draft_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`company_id` integer NOT NULL,
	`industry` text NOT NULL,
	`angle` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`stop_reason` text,
	`paused_until` integer,
	`approved_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`draft_id`) REFERENCES `email_drafts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outreach_sequences_draft_uq` ON `outreach_sequences` (`draft_id`);--> statement-breakpoint
CREATE INDEX `outreach_sequences_status_idx` ON `outreach_sequences` (`status`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`run_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `provider_state` (
	`provider` text NOT NULL,
	`scope` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`http_status` integer,
	`skipped_until` integer,
	`failures` integer DEFAULT 0 NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`provider`, `scope`)
);
--> statement-breakpoint
CREATE TABLE `source_stats` (
	`source` text NOT NULL,
	`industry` text NOT NULL,
	`queries` integer DEFAULT 0 NOT NULL,
	`returned` integer DEFAULT 0 NOT NULL,
	`kept` integer DEFAULT 0 NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`source`, `industry`)
);
--> statement-breakpoint
CREATE TABLE `suppression_list` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`reason` text NOT NULL,
	`source` text NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `suppression_list_value_uq` ON `suppression_list` (`kind`,`value`);