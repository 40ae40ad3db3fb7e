CREATE TABLE "instances" (
	"id" text PRIMARY KEY NOT NULL,
	"host" text NOT NULL,
	"pid" integer NOT NULL,
	"role" text NOT NULL,
	"version" text NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"heartbeat_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"state" text NOT NULL,
	"run_after" timestamp (3) with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"retry_limit" integer NOT NULL,
	"retry_delay_seconds" integer NOT NULL,
	"owner" text,
	"expires_at" timestamp (3) with time zone,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "leases" (
	"name" text PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"acquired_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "instances_heartbeat_idx" ON "instances" USING btree ("heartbeat_at");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_waiting_key_uq" ON "jobs" USING btree ("name","key") WHERE "jobs"."state" = 'created' and "jobs"."key" is not null;--> statement-breakpoint
CREATE INDEX "jobs_next_idx" ON "jobs" USING btree ("state","name","run_after");--> statement-breakpoint
CREATE INDEX "leases_owner_idx" ON "leases" USING btree ("owner");--> statement-breakpoint
-- Older duplicates of a company's current draft (possible before this index) are superseded first.
UPDATE email_drafts SET status = 'superseded' WHERE status in ('pending', 'approved') AND id < (SELECT max(d.id) FROM email_drafts d WHERE d.company_id = email_drafts.company_id AND d.status in ('pending', 'approved'));--> statement-breakpoint
CREATE UNIQUE INDEX "email_drafts_current_uq" ON "email_drafts" USING btree ("company_id") WHERE "email_drafts"."status" in ('pending', 'approved');