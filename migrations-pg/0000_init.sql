CREATE TABLE "agent_run_logs" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"input_summary" text,
	"output_summary" text,
	"duration_ms" integer DEFAULT 0 NOT NULL,
	"tokens_in" integer,
	"tokens_out" integer,
	"error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agent_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"trigger" text NOT NULL,
	"requested_by" text,
	"status" text NOT NULL,
	"current_stage" text,
	"counters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"input" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"checkpoint" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"summary" text,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"parent_run_id" text,
	"slack_channel" text,
	"slack_thread_ts" text,
	"slack_status_ts" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "app_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"run_id" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"decided_by" text,
	"decided_by_name" text,
	"decided_at" timestamp (3) with time zone,
	"decision_source" text,
	"reason" text,
	"slack_channel" text,
	"slack_ts" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "companies" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"normalized_name" text NOT NULL,
	"domain" text,
	"website" text,
	"industry" text NOT NULL,
	"address" text,
	"city" text,
	"state" text,
	"postal_code" text,
	"country" text,
	"phone" text,
	"employee_count" integer,
	"site_count" integer,
	"building_sqft" integer,
	"latitude" double precision,
	"longitude" double precision,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source_refs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"found_by_run_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "company_features" (
	"company_id" integer PRIMARY KEY NOT NULL,
	"annual_spend_estimate" double precision,
	"savings_low" double precision,
	"savings_mid" double precision,
	"savings_high" double precision,
	"deregulated" boolean,
	"energy_intensity" double precision,
	"state_rate" double precision,
	"data_gaps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reenrich_attempts" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" serial PRIMARY KEY NOT NULL,
	"company_id" integer NOT NULL,
	"full_name" text,
	"first_name" text,
	"last_name" text,
	"title" text,
	"title_rank" integer,
	"email" text,
	"email_kind" text DEFAULT 'found' NOT NULL,
	"verification" text DEFAULT 'unverified' NOT NULL,
	"source" text NOT NULL,
	"evidence_url" text,
	"confidence" double precision,
	"phone" text,
	"linkedin_url" text,
	"is_primary" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"run_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_memory" (
	"conversation_key" text PRIMARY KEY NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directive_lessons" (
	"id" serial PRIMARY KEY NOT NULL,
	"directive" text NOT NULL,
	"kind" text NOT NULL,
	"fingerprint" text NOT NULL,
	"summary" text NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"amendment" text,
	"rationale" text,
	"amendment_source" text,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp (3) with time zone,
	"slack_channel" text,
	"slack_ts" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_drafts" (
	"id" serial PRIMARY KEY NOT NULL,
	"company_id" integer NOT NULL,
	"contact_id" integer,
	"run_id" text,
	"replaces_draft_id" integer,
	"angle" text NOT NULL,
	"angle_mode" text DEFAULT 'explore' NOT NULL,
	"reasoning" text,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"generated_by" text NOT NULL,
	"critic_score" integer,
	"critic_breakdown" jsonb,
	"critic_feedback" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"low_confidence" boolean DEFAULT false NOT NULL,
	"low_confidence_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"instructions" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"slack_channel" text,
	"slack_ts" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_win_rate" (
	"industry" text NOT NULL,
	"angle" text NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL,
	"replies" integer DEFAULT 0 NOT NULL,
	"positive_replies" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_win_rate_industry_angle_pk" PRIMARY KEY("industry","angle")
);
--> statement-breakpoint
CREATE TABLE "inbound_issues" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"reason" text NOT NULL,
	"detail" text NOT NULL,
	"source" text NOT NULL,
	"message_id" text,
	"sender" text,
	"subject" text,
	"classification" text,
	"event_id" integer,
	"raw" text,
	"received_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lead_scores" (
	"id" serial PRIMARY KEY NOT NULL,
	"company_id" integer NOT NULL,
	"run_id" text,
	"profile" text NOT NULL,
	"score" integer NOT NULL,
	"tier" text NOT NULL,
	"breakdown" jsonb NOT NULL,
	"score_reason" text NOT NULL,
	"reason_source" text DEFAULT 'template' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outreach_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"sequence_id" integer,
	"draft_id" integer,
	"contact_id" integer,
	"company_id" integer,
	"kind" text NOT NULL,
	"touch" integer,
	"idempotency_key" text,
	"status" text NOT NULL,
	"scheduled_for" timestamp (3) with time zone,
	"mailbox" text,
	"recipient" text,
	"message_id" text,
	"in_reply_to" text,
	"references" text,
	"subject" text,
	"body" text,
	"transport" text,
	"transport_response" text,
	"classification" text,
	"classification_source" text,
	"detail" jsonb,
	"error" text,
	"occurred_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outreach_sequences" (
	"id" serial PRIMARY KEY NOT NULL,
	"draft_id" integer NOT NULL,
	"contact_id" integer NOT NULL,
	"company_id" integer NOT NULL,
	"industry" text NOT NULL,
	"angle" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"stop_reason" text,
	"paused_until" timestamp (3) with time zone,
	"approved_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"run_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_state" (
	"provider" text NOT NULL,
	"scope" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"http_status" integer,
	"skipped_until" timestamp (3) with time zone,
	"failures" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_state_provider_scope_pk" PRIMARY KEY("provider","scope")
);
--> statement-breakpoint
CREATE TABLE "source_stats" (
	"source" text NOT NULL,
	"industry" text NOT NULL,
	"queries" integer DEFAULT 0 NOT NULL,
	"returned" integer DEFAULT 0 NOT NULL,
	"kept" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_stats_source_industry_pk" PRIMARY KEY("source","industry")
);
--> statement-breakpoint
CREATE TABLE "suppression_list" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"reason" text NOT NULL,
	"source" text NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agent_run_logs" ADD CONSTRAINT "agent_run_logs_run_id_agent_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "agent_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_run_id_agent_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "agent_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_found_by_run_id_agent_runs_id_fk" FOREIGN KEY ("found_by_run_id") REFERENCES "agent_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_features" ADD CONSTRAINT "company_features_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_run_id_agent_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "agent_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_drafts" ADD CONSTRAINT "email_drafts_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_drafts" ADD CONSTRAINT "email_drafts_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_drafts" ADD CONSTRAINT "email_drafts_run_id_agent_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "agent_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_issues" ADD CONSTRAINT "inbound_issues_event_id_outreach_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "outreach_events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_scores" ADD CONSTRAINT "lead_scores_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_scores" ADD CONSTRAINT "lead_scores_run_id_agent_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "agent_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD CONSTRAINT "outreach_events_sequence_id_outreach_sequences_id_fk" FOREIGN KEY ("sequence_id") REFERENCES "outreach_sequences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD CONSTRAINT "outreach_events_draft_id_email_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "email_drafts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD CONSTRAINT "outreach_events_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD CONSTRAINT "outreach_events_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_sequences" ADD CONSTRAINT "outreach_sequences_draft_id_email_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "email_drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_sequences" ADD CONSTRAINT "outreach_sequences_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_sequences" ADD CONSTRAINT "outreach_sequences_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_run_logs_run_idx" ON "agent_run_logs" USING btree ("run_id","id");--> statement-breakpoint
CREATE INDEX "agent_runs_status_idx" ON "agent_runs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "agent_runs_started_idx" ON "agent_runs" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_requests_subject_uq" ON "approval_requests" USING btree ("kind","subject_id");--> statement-breakpoint
CREATE INDEX "approval_requests_status_idx" ON "approval_requests" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "companies_domain_uq" ON "companies" USING btree ("domain") WHERE "companies"."domain" is not null;--> statement-breakpoint
CREATE INDEX "companies_name_city_idx" ON "companies" USING btree ("normalized_name","city");--> statement-breakpoint
CREATE INDEX "companies_status_idx" ON "companies" USING btree ("status");--> statement-breakpoint
CREATE INDEX "companies_industry_city_idx" ON "companies" USING btree ("industry","city");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_company_email_uq" ON "contacts" USING btree ("company_id","email");--> statement-breakpoint
CREATE INDEX "contacts_email_idx" ON "contacts" USING btree ("email");--> statement-breakpoint
CREATE INDEX "contacts_company_idx" ON "contacts" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "conversation_memory_expires_idx" ON "conversation_memory" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "directive_lessons_fingerprint_uq" ON "directive_lessons" USING btree ("fingerprint");--> statement-breakpoint
CREATE INDEX "directive_lessons_status_idx" ON "directive_lessons" USING btree ("status");--> statement-breakpoint
CREATE INDEX "email_drafts_status_idx" ON "email_drafts" USING btree ("status");--> statement-breakpoint
CREATE INDEX "email_drafts_company_idx" ON "email_drafts" USING btree ("company_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_issues_key_uq" ON "inbound_issues" USING btree ("key");--> statement-breakpoint
CREATE INDEX "inbound_issues_created_idx" ON "inbound_issues" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lead_scores_company_uq" ON "lead_scores" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "lead_scores_score_idx" ON "lead_scores" USING btree ("score");--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_events_idem_uq" ON "outreach_events" USING btree ("idempotency_key") WHERE "outreach_events"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "outreach_events_message_id_idx" ON "outreach_events" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "outreach_events_due_idx" ON "outreach_events" USING btree ("status","scheduled_for");--> statement-breakpoint
CREATE INDEX "outreach_events_contact_idx" ON "outreach_events" USING btree ("contact_id","kind");--> statement-breakpoint
CREATE INDEX "outreach_events_mailbox_day_idx" ON "outreach_events" USING btree ("mailbox","kind","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_sequences_draft_uq" ON "outreach_sequences" USING btree ("draft_id");--> statement-breakpoint
CREATE INDEX "outreach_sequences_status_idx" ON "outreach_sequences" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "suppression_list_value_uq" ON "suppression_list" USING btree ("kind","value");