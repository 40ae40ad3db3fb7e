CREATE TABLE "import_files" (
	"run_id" text NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "import_files_run_id_seq_pk" PRIMARY KEY("run_id","seq")
);
--> statement-breakpoint
CREATE TABLE "import_issues" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"line" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text,
	"problem" text,
	"accepted" text,
	"existing_id" integer
);
--> statement-breakpoint
ALTER TABLE "import_files" ADD CONSTRAINT "import_files_run_id_agent_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "agent_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_issues" ADD CONSTRAINT "import_issues_run_id_agent_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "agent_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_issues_run_idx" ON "import_issues" USING btree ("run_id","line");