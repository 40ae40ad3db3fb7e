CREATE TABLE "mail_senders" (
	"name" text PRIMARY KEY NOT NULL,
	"address" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"pause_reason" text,
	"paused_at" timestamp (3) with time zone,
	"paused_by" text,
	"warmup_started_at" timestamp (3) with time zone,
	"failure_streak" integer DEFAULT 0 NOT NULL,
	"last_failure" text,
	"last_send_at" timestamp (3) with time zone,
	"failure_alerted_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sender_daily_sends" (
	"sender" text NOT NULL,
	"day" text NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sender_daily_sends_sender_day_pk" PRIMARY KEY("sender","day")
);
--> statement-breakpoint
ALTER TABLE "outreach_events" ADD COLUMN "sender" text;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "outreach_sequences" ADD COLUMN "sender" text;--> statement-breakpoint
CREATE INDEX "outreach_events_sender_idx" ON "outreach_events" USING btree ("sender","kind","occurred_at");