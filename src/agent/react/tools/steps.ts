import { neutraliseModelMarkdown } from '../../../mrkdwn/model-markdown.js';
import { NO_LINKS } from '../../../mrkdwn/model-text.js';

const arg = (args: Record<string, unknown>, key: string) => {
  const v = args[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v).replace(/\s+/g, ' ').slice(0, 60) : '';
};

/** How each tool call reads as a task in the streamed answer; the arguments come from the model, so stay inert. */
const TITLES: Record<string, (args: Record<string, unknown>) => string> = {
  search_companies: (a) => `Searching for ${arg(a, 'industry')} in ${arg(a, 'location')}`,
  list_leads: (a) => `Listing ${[arg(a, 'status'), arg(a, 'industry')].filter(Boolean).join(' ')} leads`,
  explain_score: (a) => `Explaining the score of ${arg(a, 'company')}`,
  company_info: (a) => `Looking up ${arg(a, 'company')}`,
  list_drafts: (a) => `Listing ${arg(a, 'status')} drafts`,
  win_rates: () => 'Reading the win rates',
  pipeline_status: () => 'Checking the pipeline',
  explain_run: (a) => `Reading run ${arg(a, 'runId')}`,
  run_stage: (a) => `Asking an approver to run ${arg(a, 'stage')}`,
  request_approval: (a) => `Asking an approver about ${arg(a, 'subjectId')}`,
};

/** The task title for one tool call ("Searching for dentists in Denver"). */
export function stepTitle(tool: string, args: Record<string, unknown>): string {
  const words = (TITLES[tool]?.(args) ?? tool.replace(/_/g, ' ')).replace(/\s+/g, ' ').trim();
  return neutraliseModelMarkdown(words.charAt(0).toUpperCase() + words.slice(1), NO_LINKS);
}

/** A tool's result (or error) as a task's one-line output: first line, clipped, inert. */
export function stepOutput(text: string): string {
  const line = (text.split('\n').find((l) => l.trim()) ?? '').trim();
  return neutraliseModelMarkdown(line.length > 160 ? `${line.slice(0, 159)}…` : line, NO_LINKS);
}
