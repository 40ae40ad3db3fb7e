CREATE TABLE `inbound_issues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`reason` text NOT NULL,
	`detail` text NOT NULL,
	`source` text NOT NULL,
	`message_id` text,
	`sender` text,
	`subject` text,
	`classification` text,
	`event_id` integer,
	`raw` text,
	`received_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `outreach_events`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_issues_key_uq` ON `inbound_issues` (`key`);--> statement-breakpoint
CREATE INDEX `inbound_issues_created_idx` ON `inbound_issues` (`created_at`);