CREATE TABLE `spend_budgets` (
	`scope` text NOT NULL,
	`kind` text NOT NULL,
	`committed_usd` real DEFAULT 0 NOT NULL,
	`limit_usd` real,
	`notified_limit_usd` real,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`scope`, `kind`)
);
--> statement-breakpoint
CREATE TABLE `spend_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`provider` text NOT NULL,
	`step` text NOT NULL,
	`run_id` text,
	`company_id` integer,
	`day` text NOT NULL,
	`reserved_usd` real NOT NULL,
	`cost_usd` real,
	`credits` real,
	`tokens_in` integer,
	`tokens_out` integer,
	`result` text,
	`status` text DEFAULT 'reserved' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`settled_at` integer,
	FOREIGN KEY (`run_id`) REFERENCES `agent_runs`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `spend_ledger_day_idx` ON `spend_ledger` (`day`,`kind`);--> statement-breakpoint
CREATE INDEX `spend_ledger_run_idx` ON `spend_ledger` (`run_id`);--> statement-breakpoint
CREATE INDEX `spend_ledger_created_idx` ON `spend_ledger` (`created_at`);--> statement-breakpoint
CREATE TABLE `vendor_lookups` (
	`provider` text NOT NULL,
	`lookup_key` text NOT NULL,
	`answer` text NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`run_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`provider`, `lookup_key`)
);
--> statement-breakpoint
ALTER TABLE `agent_run_logs` ADD `cost_usd` real;