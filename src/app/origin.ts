import type { Container } from '../container/index.js';

/** Where a company's work reports: the Slack thread of the run that found it. */
export interface Origin {
  runId: string | null;
  slackChannel: string | null;
  slackThreadTs: string | null;
}

/** The Slack thread of a run (none when the run is unknown or was started outside Slack). */
export async function originOf(app: Container, runId: string | null): Promise<Origin> {
  const run = runId ? await app.repos.runs.get(runId) : undefined;
  return {
    runId: run?.id ?? null,
    slackChannel: run?.slackChannel ?? null,
    slackThreadTs: run?.slackThreadTs ?? null,
  };
}

/** Company ids grouped by the Slack thread of the run that found them, in first-seen order. */
export async function groupByOrigin(app: Container, ids: readonly number[]): Promise<[Origin, number[]][]> {
  const groups = new Map<string, [Origin, number[]]>();
  for (const id of ids) {
    const origin = await originOf(app, (await app.repos.companies.get(id))?.foundByRunId ?? null);
    const key = `${origin.slackChannel ?? ''}|${origin.slackThreadTs ?? ''}`;
    const group = groups.get(key) ?? [origin, []];
    group[1].push(id);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Who decided this lead at Gate 1 (the runs that follow are on their behalf), else 'leadbot'. */
export async function leadApprover(app: Container, companyId: number | undefined): Promise<string> {
  return (
    (companyId === undefined ? undefined : (await app.repos.approvals.get('lead', String(companyId)))?.decidedBy) ??
    'leadbot'
  );
}
