CREATE TABLE "spend_budgets" (
	"scope" text NOT NULL,
	"kind" text NOT NULL,
	"committed_usd" double precision DEFAULT 0 NOT NULL,
	"limit_usd" double precision,
	"notified_limit_usd" double precision,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spend_budgets_scope_kind_pk" PRIMARY KEY("scope","kind")
);
--> statement-breakpoint
CREATE TABLE "spend_ledger" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"provider" text NOT NULL,
	"step" text NOT NULL,
	"run_id" text,
	"company_id" integer,
	"day" text NOT NULL,
	"reserved_usd" double precision NOT NULL,
	"cost_usd" double precision,
	"credits" double precision,
	"tokens_in" integer,
	"tokens_out" integer,
	"result" text,
	"status" text DEFAULT 'reserved' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "vendor_lookups" (
	"provider" text NOT NULL,
	"lookup_key" text NOT NULL,
	"answer" jsonb NOT NULL,
	"cost_usd" double precision DEFAULT 0 NOT NULL,
	"run_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vendor_lookups_provider_lookup_key_pk" PRIMARY KEY("provider","lookup_key")
);
--> statement-breakpoint
ALTER TABLE "agent_run_logs" ADD COLUMN "cost_usd" double precision;--> statement-breakpoint
ALTER TABLE "spend_ledger" ADD CONSTRAINT "spend_ledger_run_id_agent_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "agent_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spend_ledger" ADD CONSTRAINT "spend_ledger_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "spend_ledger_day_idx" ON "spend_ledger" USING btree ("day","kind");--> statement-breakpoint
CREATE INDEX "spend_ledger_run_idx" ON "spend_ledger" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "spend_ledger_created_idx" ON "spend_ledger" USING btree ("created_at");