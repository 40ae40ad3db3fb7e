import { resolve } from 'node:path';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { vi } from 'vitest';
import type { TurnContext } from '../../../src/agent/ports.js';
import { createAgentRunner } from '../../../src/agent/react/runner.js';
import type { LeadbotServices } from '../../../src/agent/services.js';
import { actorId, personOf } from '../../../src/app/actor.js';
import { createApprovalRepo } from '../../../src/db/repos/approval-repo.js';
import { createCompanyRepo } from '../../../src/db/repos/company-repo.js';
import { createRunRepo } from '../../../src/db/repos/run-repo.js';
import { AppError, toAppError } from '../../../src/errors.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { createRunRecorder } from '../../../src/pipeline/runs/recorder.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';
import { insertPendingLead } from '../../helpers/fixtures.js';

export const ctx: TurnContext = {
  conversationKey: 'cli:test:1',
  userId: 'U0TESTER1',
  surface: 'cli',
  actor: { kind: 'cli', id: 'U0TESTER1' },
};

/**
 * A migrated :memory: database with two pending leads, services over the real repositories, and traps:
 * deciding methods that must never be reached from the agent.
 */
export async function agentWorld(options: { injectedName?: string } = {}) {
  const db = memoryDb();
  const now = fixedClock();
  const companies = createCompanyRepo(db.db);
  const approvals = createApprovalRepo(db.db);
  const runs = createRunRepo(db.db);
  const recorder = createRunRecorder({ runs, now });
  const lakeview = await insertPendingLead(companies, {}, 82);
  const harbor = await insertPendingLead(
    companies,
    {
      name: options.injectedName ?? 'Harbor Dental Group',
      normalizedName: 'harbor dental group',
      domain: 'harbordental.example',
      website: 'https://harbordental.example',
      industry: 'dental',
    },
    55,
  );
  const decide = vi.spyOn(approvals, 'decide');
  const traps = { decideLead: vi.fn(), sendDraft: vi.fn(), suppress: vi.fn() };
  const runStage = vi.fn(async (stage: string) => {
    if (stage === 'enrich') throw new AppError('not_found', 'enrich is not available yet');
    return { runId: 'run_stage_1', summary: `${stage}: 2 companies scored` };
  });
  const services: LeadbotServices & typeof traps = {
    ...traps,
    searchCompanies: async (args) => {
      if (args.location === 'Atlantis') throw new AppError('invalid_input', 'No place called Atlantis');
      return {
        runId: 'run_search_1',
        leads: await companies.listLeads({ limit: args.count }),
        summary: `${Math.min(2, args.count)} of ${args.count} found`,
      };
    },
    listLeads: async (filter) => companies.listLeads(filter),
    companyInfo: async (name) => {
      const company = (await companies.searchByName(name, 1))[0];
      const lead = company && (await companies.listLeads({ ids: [company.id] }))[0];
      return lead && { lead, contacts: [], drafts: [], crm: null };
    },
    listDrafts: async () => [],
    pipelineStatus: async () => ({
      leads: await companies.countByStatus(),
      contacts: 0,
      drafts: {},
      sent: 0,
      replies: 0,
      awaitingApproval: (await approvals.listPending()).length,
      activeRuns: [],
    }),
    winRates: async () => [],
    runStage: runStage as LeadbotServices['runStage'],
    explainRun: async (id) => {
      const run = await runs.get(id);
      return run && { run, logs: await runs.logs(id) };
    },
    digest: async () => 'digest',
    requestApproval: async (input, turn) => {
      const asker = personOf(turn.actor);
      const payload = { ...input.payload, ...(asker ? { askedBy: asker.id } : {}) };
      return approvals.request({ ...input, payload, requestedBy: actorId(turn.actor), at: now() });
    },
  };
  const runner = (model: BaseChatModel | undefined, maxModelCalls = 8, available = true) =>
    createAgentRunner({
      llm: {
        available: () => available && model !== undefined,
        describe: () => 'ollama (llama3.2)',
        chatModel: () => model,
        translateError: (err) => toAppError(err, 'llm_unavailable'),
      },
      services,
      recorder,
      directives: createDirectiveStore(resolve('directives')),
      maxModelCalls,
      timeoutMs: 5000,
      now,
    });
  return { db, companies, approvals, runs, services, traps, decide, runStage, lakeview, harbor, runner };
}
