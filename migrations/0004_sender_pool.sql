CREATE TABLE `mail_senders` (
	`name` text PRIMARY KEY NOT NULL,
	`address` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`pause_reason` text,
	`paused_at` integer,
	`paused_by` text,
	`warmup_started_at` integer,
	`failure_streak` integer DEFAULT 0 NOT NULL,
	`last_failure` text,
	`last_send_at` integer,
	`failure_alerted_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sender_daily_sends` (
	`sender` text NOT NULL,
	`day` text NOT NULL,
	`reserved` integer DEFAULT 0 NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`sender`, `day`)
);
--> statement-breakpoint
ALTER TABLE `outreach_events` ADD `sender` text;--> statement-breakpoint
ALTER TABLE `outreach_events` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `outreach_events_sender_idx` ON `outreach_events` (`sender`,`kind`,`occurred_at`);--> statement-breakpoint
ALTER TABLE `outreach_sequences` ADD `sender` text;