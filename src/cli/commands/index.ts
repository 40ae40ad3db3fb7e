import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerChat } from './chat.js';
import { registerCompanyInfo } from './company-info.js';
import { registerCosts } from './costs.js';
import { registerCrm } from './crm.js';
import { registerDb } from './db.js';
import { registerApproveLead, registerRejectLead } from './decide-lead.js';
import { registerDigest } from './digest.js';
import { registerDoctor } from './doctor.js';
import { registerDrafts } from './drafts.js';
import { registerImportCompanies } from './import-companies.js';
import { registerInboundIssues } from './inbound-issues.js';
import { registerIngestReply } from './ingest-reply.js';
import { registerLessons } from './lessons.js';
import { registerListLeads } from './list-leads.js';
import { registerOutbox } from './outbox.js';
import { registerRoute } from './route.js';
import { registerRunStage } from './run-stage.js';
import { registerRuns } from './runs.js';
import { registerSearchCompanies } from './search-companies.js';
import { registerSenders } from './senders.js';
import { registerSuppress } from './suppress.js';

/** Every subcommand, in the order `leadbot --help` lists them. */
export const COMMANDS: ((program: Command, ctx: CliContext) => void)[] = [
  registerDoctor,
  registerDb,
  registerSearchCompanies,
  registerListLeads,
  registerCompanyInfo,
  registerApproveLead,
  registerRejectLead,
  registerImportCompanies,
  registerDrafts,
  registerRunStage,
  registerIngestReply,
  registerInboundIssues,
  registerOutbox,
  registerSenders,
  registerSuppress,
  registerDigest,
  registerCrm,
  registerCosts,
  registerRuns,
  registerLessons,
  registerRoute,
  registerChat,
];
