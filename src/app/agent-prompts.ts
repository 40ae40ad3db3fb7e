import type { Container } from '../container/index.js';
import { type Actor, personOf } from './actor.js';
import { authorize, type PolicyDeps } from './policy.js';

export interface AgentPromptsDeps extends Pick<Container, 'repos' | 'llmService'> {
  policy: PolicyDeps;
}

/** One suggested prompt: a short title, and the message it sends as if the person typed it. */
export interface SuggestedPrompt {
  title: string;
  message: string;
}

/** Slack shows at most four suggested prompts. */
const MAX_PROMPTS = 4;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * What a person can usefully ask right now, for a new agent thread: the approvals waiting for a decision, another
 * search where they last searched, the pipeline's status, and an open question when a model is there to answer it.
 */
export async function agentPrompts(
  _input: Record<string, never>,
  actor: Actor,
  deps: AgentPromptsDeps,
): Promise<{ title: string; prompts: SuggestedPrompt[] }> {
  await authorize(actor, 'read', deps.policy);
  const { companies, drafts, runs } = deps.repos;
  const prompts: SuggestedPrompt[] = [];
  const leads = (await companies.countByStatus()).pending;
  const pendingDrafts = (await drafts.countByStatus()).pending;
  if (leads > 0) prompts.push({ title: `Review ${plural(leads, 'pending lead')}`, message: 'list pending leads' });
  if (pendingDrafts > 0)
    prompts.push({ title: `Review ${plural(pendingDrafts, 'draft')} waiting`, message: 'show pending drafts' });
  const person = personOf(actor)?.id;
  const last = person
    ? (await runs.list({ limit: 50, kind: 'search' })).find((r) => r.requestedBy === person)
    : undefined;
  const industry = typeof last?.input.industry === 'string' ? last.input.industry : undefined;
  const location = typeof last?.input.location === 'string' ? last.input.location : undefined;
  if (industry && location)
    prompts.push({
      title: clip(`Find 10 more ${industry} in ${location}`, 75),
      message: clip(`find 10 ${industry} companies in ${location}`, 200),
    });
  else prompts.push({ title: 'Find companies', message: 'find 10 healthcare companies in Buffalo' });
  prompts.push({ title: 'Pipeline status', message: 'pipeline status' });
  if (deps.llmService.available())
    prompts.push({ title: 'What should I do next?', message: 'What should I look at first today, and why?' });
  return { title: 'What would you like to do?', prompts: prompts.slice(0, MAX_PROMPTS) };
}
