CREATE TABLE "crm_checks" (
	"company_id" integer PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"outcome" text NOT NULL,
	"crm_company_id" text,
	"url" text,
	"matched_by" text,
	"matches" integer DEFAULT 0 NOT NULL,
	"customer" boolean DEFAULT false NOT NULL,
	"customer_since" timestamp (3) with time zone,
	"lifecycle_stage" text,
	"owner_id" text,
	"owner_name" text,
	"open_deals" integer DEFAULT 0 NOT NULL,
	"last_touch_at" timestamp (3) with time zone,
	"error" text,
	"checked_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_links" (
	"id" serial PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"kind" text NOT NULL,
	"local_key" text NOT NULL,
	"crm_id" text NOT NULL,
	"url" text,
	"created_by_leadbot" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_writes" (
	"id" serial PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone NOT NULL,
	"lease_until" timestamp (3) with time zone,
	"last_error" text,
	"result" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "rate_windows" (
	"bucket" text NOT NULL,
	"window_start" timestamp (3) with time zone NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_windows_bucket_window_start_pk" PRIMARY KEY("bucket","window_start")
);
--> statement-breakpoint
ALTER TABLE "crm_checks" ADD CONSTRAINT "crm_checks_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "crm_checks_outcome_idx" ON "crm_checks" USING btree ("outcome");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_links_local_uq" ON "crm_links" USING btree ("provider","kind","local_key");--> statement-breakpoint
CREATE INDEX "crm_links_crm_idx" ON "crm_links" USING btree ("provider","kind","crm_id");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_writes_key_uq" ON "crm_writes" USING btree ("provider","key");--> statement-breakpoint
CREATE INDEX "crm_writes_due_idx" ON "crm_writes" USING btree ("status","next_attempt_at");