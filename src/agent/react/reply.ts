import { allowLinks, neutraliseModelText } from '../../mrkdwn/model-text.js';
import type { RunHandle } from '../../pipeline/runs/recorder.js';
import type { CallBudget } from './budget.js';
import type { AgentReply } from './ports.js';
import type { Collected } from './tools/index.js';

/**
 * The agent's Reply: the answer, lead cards and approval buttons the tools produced, and the call counts. The
 * answer is model output: its mentions and links are neutralised, except links to the websites of the companies
 * the tools showed (the links leadbot itself knows).
 */
export function toReply(text: string, run: RunHandle, budget: CallBudget, collected: Collected): AgentReply {
  const leads = [...collected.leads.values()].slice(0, 10);
  const approvalRequestIds = collected.approvalRequestIds;
  const links = allowLinks([...collected.leads.values()].map((l) => l.company.website));
  return {
    text: neutraliseModelText(text, links),
    ...(leads.length > 0 ? { leads } : {}),
    ...(approvalRequestIds.length > 0 ? { approvalRequestIds } : {}),
    runId: run.id,
    answeredBy: 'agent',
    modelCalls: budget.calls,
    toolCalls: collected.toolCalls,
    data: { runId: run.id, modelCalls: budget.calls, toolCalls: collected.toolCalls, approvalRequestIds },
  };
}

/** The graceful answer when the model did not answer in time: what the tools found so far. */
export function limitText(lead: string, collected: Collected): string {
  const found = collected.findings.slice(-5).map((f) => `• ${f.tool}: ${firstLine(f.text)}`);
  return [
    lead,
    ...(found.length > 0 ? ['What I found so far:', ...found] : []),
    'Ask a narrower question, or use a command such as `pipeline status` or `show pending leads`.',
  ].join('\n');
}

const firstLine = (text: string) => {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
};

export function summaryOf(budget: CallBudget, collected: Collected): string {
  const tools = collected.toolCalls.length > 0 ? collected.toolCalls.join(', ') : 'no tools';
  return `${budget.calls} model call(s); ${tools}${budget.exhausted ? '; step limit reached' : ''}`;
}
