import type { Container } from '../container/index.js';

/** Where a company's work reports: the Slack thread of the run that found it. */
export interface Origin {
  runId: string | null;
  slackChannel: string | null;
  slackThreadTs: string | null;
}

/** The Slack thread of a run (none when the run is unknown or was started outside Slack). */
export function originOf(app: Container, runId: string | null): Origin {
  const run = runId ? app.repos.runs.get(runId) : undefined;
  return {
    runId: run?.id ?? null,
    slackChannel: run?.slackChannel ?? null,
    slackThreadTs: run?.slackThreadTs ?? null,
  };
}

/** Company ids grouped by the Slack thread of the run that found them, in first-seen order. */
export function groupByOrigin(app: Container, ids: readonly number[]): [Origin, number[]][] {
  const groups = new Map<string, [Origin, number[]]>();
  for (const id of ids) {
    const origin = originOf(app, app.repos.companies.get(id)?.foundByRunId ?? null);
    const key = `${origin.slackChannel ?? ''}|${origin.slackThreadTs ?? ''}`;
    const group = groups.get(key) ?? [origin, []];
    group[1].push(id);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Who decided this lead at Gate 1 (the runs that follow are on their behalf), else 'leadbot'. */
export function leadApprover(app: Container, companyId: number | undefined): string {
  return (
    (companyId === undefined ? undefined : app.repos.approvals.get('lead', String(companyId))?.decidedBy) ?? 'leadbot'
  );
}
