CREATE TABLE `instances` (
	`id` text PRIMARY KEY NOT NULL,
	`host` text NOT NULL,
	`pid` integer NOT NULL,
	`role` text NOT NULL,
	`version` text NOT NULL,
	`started_at` integer NOT NULL,
	`heartbeat_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `instances_heartbeat_idx` ON `instances` (`heartbeat_at`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`key` text,
	`data` text DEFAULT '{}' NOT NULL,
	`state` text NOT NULL,
	`run_after` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`retry_limit` integer NOT NULL,
	`retry_delay_seconds` integer NOT NULL,
	`owner` text,
	`expires_at` integer,
	`last_error` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_waiting_key_uq` ON `jobs` (`name`,`key`) WHERE "jobs"."state" = 'created' and "jobs"."key" is not null;--> statement-breakpoint
CREATE INDEX `jobs_next_idx` ON `jobs` (`state`,`name`,`run_after`);--> statement-breakpoint
CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`acquired_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `leases_owner_idx` ON `leases` (`owner`);--> statement-breakpoint
-- Older duplicates of a company's current draft (possible before this index) are superseded first.
UPDATE email_drafts SET status = 'superseded' WHERE status in ('pending', 'approved') AND id < (SELECT max(d.id) FROM email_drafts d WHERE d.company_id = email_drafts.company_id AND d.status in ('pending', 'approved'));--> statement-breakpoint
CREATE UNIQUE INDEX `email_drafts_current_uq` ON `email_drafts` (`company_id`) WHERE "email_drafts"."status" in ('pending', 'approved');