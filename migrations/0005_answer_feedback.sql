CREATE TABLE `answer_feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` text NOT NULL,
	`user_id` text NOT NULL,
	`verdict` text NOT NULL,
	`reason` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `agent_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `answer_feedback_run_user_uq` ON `answer_feedback` (`run_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `answer_feedback_updated_idx` ON `answer_feedback` (`updated_at`);