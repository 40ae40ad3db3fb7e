import type { AgentPort } from '../agent/react/ports.js';
import { type AgentLlm, createAgentRunner } from '../agent/react/runner.js';
import type { LeadbotServices } from '../agent/services.js';
import type { Container } from '../container/index.js';
import { formatDigest } from './digest/format.js';
import type { UseCases } from './use-cases.js';

/**
 * The services behind the router's tier-2 intents and the agent's tools: the use cases, called as the turn's actor.
 * A refusal is AppError('forbidden'), which the conversation words as an answer.
 */
export function createConversationServices(useCases: UseCases): LeadbotServices {
  return {
    searchCompanies: (args, ctx) =>
      useCases.searchCompanies(
        {
          ...args,
          slackChannel: ctx.slackChannel ?? null,
          slackThreadTs: ctx.slackThreadTs ?? null,
          onRunStarted: ctx.onRunStarted,
        },
        ctx.actor,
      ),
    listLeads: (filter, ctx) => useCases.listLeads(filter, ctx.actor),
    companyInfo: (name, ctx) => useCases.companyInfo({ name }, ctx.actor),
    listDrafts: (filter, ctx) => useCases.listDrafts(filter, ctx.actor),
    pipelineStatus: (ctx) => useCases.pipelineStatus(ctx.actor),
    winRates: (industry, ctx) => useCases.winRates({ industry }, ctx.actor),
    runStage: (stage, ctx) =>
      useCases.runStage(
        {
          stage,
          slackChannel: ctx.slackChannel ?? null,
          slackThreadTs: ctx.slackThreadTs ?? null,
          onRunStarted: ctx.onRunStarted,
        },
        ctx.actor,
      ),
    async explainRun(runId, ctx) {
      const details = await useCases.runDetails({ runId }, ctx.actor);
      return details ? { run: details.run, logs: details.logs } : undefined;
    },
    digest: async (ctx) => formatDigest(await useCases.digest({}, ctx.actor)),
    requestApproval: (input, ctx) => useCases.requestApproval(input, ctx.actor),
  };
}

/**
 * The tier-3 ReAct agent over these services (its tools read, and ask people to decide). Pass it to the
 * conversation; without a reachable model it answers with the closest commands instead.
 */
export function createAppAgent(
  container: Pick<Container, 'recorder' | 'directives' | 'config' | 'now' | 'llmService' | 'costs'>,
  services: LeadbotServices,
  llm: AgentLlm = container.llmService,
): AgentPort {
  return createAgentRunner({
    llm,
    services,
    recorder: container.recorder,
    directives: container.directives,
    maxModelCalls: container.config.llm.agentMaxModelCalls,
    timeoutMs: container.config.llm.timeoutMs,
    now: container.now,
    meter: container.costs.meter,
  });
}
