CREATE TABLE `crm_checks` (
	`company_id` integer PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`outcome` text NOT NULL,
	`crm_company_id` text,
	`url` text,
	`matched_by` text,
	`matches` integer DEFAULT 0 NOT NULL,
	`customer` integer DEFAULT false NOT NULL,
	`customer_since` integer,
	`lifecycle_stage` text,
	`owner_id` text,
	`owner_name` text,
	`open_deals` integer DEFAULT 0 NOT NULL,
	`last_touch_at` integer,
	`error` text,
	`checked_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `crm_checks_outcome_idx` ON `crm_checks` (`outcome`);--> statement-breakpoint
CREATE TABLE `crm_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider` text NOT NULL,
	`kind` text NOT NULL,
	`local_key` text NOT NULL,
	`crm_id` text NOT NULL,
	`url` text,
	`created_by_leadbot` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `crm_links_local_uq` ON `crm_links` (`provider`,`kind`,`local_key`);--> statement-breakpoint
CREATE INDEX `crm_links_crm_idx` ON `crm_links` (`provider`,`kind`,`crm_id`);--> statement-breakpoint
CREATE TABLE `crm_writes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider` text NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`result` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`done_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `crm_writes_key_uq` ON `crm_writes` (`provider`,`key`);--> statement-breakpoint
CREATE INDEX `crm_writes_due_idx` ON `crm_writes` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `rate_windows` (
	`bucket` text NOT NULL,
	`window_start` integer NOT NULL,
	`used` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`bucket`, `window_start`)
);
