import { tool } from 'langchain';
import type { z } from 'zod';
import type { Actor } from '../../../app/actor.js';
import { isAppError } from '../../../errors.js';
import type { Lead } from '../../../pipeline/companies/ports.js';
import type { RunHandle } from '../../../pipeline/runs/recorder.js';
import type { TurnContext } from '../../ports.js';
import type { LeadbotServices } from '../../services.js';
import { asData } from '../format.js';
import { stepOutput, stepTitle } from './steps.js';

/**
 * The only services the agent's tools can reach: queries, a search, and *requesting* an approval (for a decision
 * or for running a stage). Deciding, sending, suppressing and running stages are not here, so no tool reaches them.
 */
export type AgentServices = Pick<
  LeadbotServices,
  | 'searchCompanies'
  | 'listLeads'
  | 'companyInfo'
  | 'listDrafts'
  | 'pipelineStatus'
  | 'winRates'
  | 'explainRun'
  | 'requestApproval'
>;

/**
 * Copies just the allowed methods, so even a services object with more on it exposes nothing else to tools, and
 * every call is made as the agent (the policy lets it read and ask, never decide).
 */
export function narrowServices(services: LeadbotServices): AgentServices {
  const asAgent = (ctx: TurnContext): TurnContext => ({ ...ctx, actor: agentActor(ctx.actor) });
  return {
    searchCompanies: (args, ctx) => services.searchCompanies(args, asAgent(ctx)),
    listLeads: (filter, ctx) => services.listLeads(filter, asAgent(ctx)),
    companyInfo: (name, ctx) => services.companyInfo(name, asAgent(ctx)),
    listDrafts: (filter, ctx) => services.listDrafts(filter, asAgent(ctx)),
    pipelineStatus: (ctx) => services.pipelineStatus(asAgent(ctx)),
    winRates: (industry, ctx) => services.winRates(industry, asAgent(ctx)),
    explainRun: (runId, ctx) => services.explainRun(runId, asAgent(ctx)),
    requestApproval: (input, ctx) => services.requestApproval(input, asAgent(ctx)),
  };
}

/** The agent working for whoever it talks to (an agent talking to an agent is still that person's agent). */
function agentActor(actor: Actor): Actor {
  if (actor.kind === 'agent') return actor;
  if (actor.kind === 'system') return actor;
  return { kind: 'agent', onBehalfOf: actor };
}

/** What the tools saw during one message: shown to the user as cards and buttons, and as a fallback summary. */
export interface Collected {
  toolCalls: string[];
  leads: Map<number, Lead>;
  approvalRequestIds: number[];
  findings: { tool: string; text: string }[];
}

export interface ToolScope {
  services: AgentServices;
  ctx: TurnContext;
  run: RunHandle;
  collected: Collected;
}

export function emptyCollected(): Collected {
  return { toolCalls: [], leads: new Map(), approvalRequestIds: [], findings: [] };
}

/**
 * A thin tool: validated args → a service call → a short string wrapped as data. Each call is a row in
 * agent_run_logs and, when the surface streams the answer, a task that shows while it runs; failures come back to
 * the model as a one-line error instead of ending the run.
 */
export function defineTool<S extends z.ZodObject>(
  scope: ToolScope,
  spec: { name: string; description: string; schema: S },
  fn: (args: z.output<S>) => Promise<string> | string,
) {
  return tool(
    async (args: z.output<S>) => {
      scope.collected.toolCalls.push(spec.name);
      const stream = scope.ctx.stream;
      const step = { id: `${spec.name}-${scope.collected.toolCalls.length}`, title: stepTitle(spec.name, args) };
      stream?.step({ ...step, status: 'in_progress' });
      try {
        const text = await scope.run.step(`tool.${spec.name}`, () => fn(args), { kind: 'tool', input: args });
        scope.collected.findings.push({ tool: spec.name, text });
        stream?.step({ ...step, status: 'complete', output: stepOutput(text) });
        return asData(text);
      } catch (err) {
        const message = isAppError(err) ? err.message : 'the tool failed unexpectedly';
        stream?.step({ ...step, status: 'error', output: stepOutput(message) });
        return `Error from ${spec.name}: ${message}`;
      }
    },
    { name: spec.name, description: spec.description, schema: spec.schema },
  );
}

/** Parses "#12", "12" or "company 12" as an id; undefined for a name. */
export function parseId(ref: string): number | undefined {
  const m = /^\s*(?:company|lead|draft)?\s*#?(\d+)\s*$/i.exec(ref);
  return m ? Number(m[1]) : undefined;
}

/** A lead by id or by name. */
export async function findLead(scope: Pick<ToolScope, 'services' | 'ctx'>, ref: string): Promise<Lead | undefined> {
  const id = parseId(ref);
  if (id !== undefined) return (await scope.services.listLeads({ ids: [id], limit: 1 }, scope.ctx))[0];
  return (await scope.services.companyInfo(ref, scope.ctx))?.lead;
}
