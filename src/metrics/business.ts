import { Gauge, type Registry } from 'prom-client';
import type { BusinessSnapshot } from './ports.js';

/** Gauges computed from the snapshot taken for this scrape (the same totals on every instance). */
export function defineBusinessGauges(registers: Registry[], current: () => BusinessSnapshot | undefined): void {
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge, s: BusinessSnapshot) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      collect() {
        const s = current();
        this.reset();
        if (s) fill(this, s);
      },
    });
  gauge(
    'leadbot_runs',
    'Runs in the database, by kind, current stage and status.',
    ['kind', 'stage', 'status'],
    (g, s) => {
      for (const r of s.runs) g.set({ kind: r.kind, stage: r.stage, status: r.status }, r.count);
    },
  );
  gauge(
    'leadbot_backlog',
    'Work waiting: due sends, queued runs, decisions and runs waiting for a budget.',
    ['item'],
    (g, s) => {
      const b = s.backlog;
      g.set({ item: 'due_sends' }, b.dueSends);
      g.set({ item: 'queued_runs' }, b.queuedRuns);
      g.set({ item: 'leads_awaiting_decision' }, b.leadsAwaitingDecision);
      g.set({ item: 'drafts_awaiting_decision' }, b.draftsAwaitingDecision);
      g.set({ item: 'runs_waiting_for_budget' }, b.runsWaitingForBudget);
    },
  );
  gauge(
    'leadbot_jobs',
    'Jobs in the durable queue, by kind of job and state (waiting includes those due later).',
    ['name', 'state'],
    (g, s) => {
      for (const j of s.jobs ?? []) {
        g.set({ name: j.name, state: 'waiting' }, j.waiting);
        g.set({ name: j.name, state: 'running' }, j.running);
        g.set({ name: j.name, state: 'failed' }, j.failed);
      }
    },
  );
  gauge('leadbot_emails_sent', 'Emails sent, all time (first emails and follow-ups).', [], (g, s) =>
    g.set(s.emailsSent),
  );
  gauge('leadbot_replies', 'Inbound messages matched to a send, all time, by class.', ['class'], (g, s) => {
    for (const r of s.replies) g.set({ class: r.classification }, r.count);
  });
  gauge(
    'leadbot_spend_usd',
    'Money spent, all time, by kind (vendor or model) and provider (estimates).',
    ['kind', 'provider'],
    (g, s) => {
      for (const r of s.spend) g.set({ kind: r.kind, provider: r.provider }, r.usd);
    },
  );
  gauge('leadbot_spend_today_usd', "Today's spend (reserved or settled) by kind.", ['kind'], (g, s) => {
    for (const t of s.today) g.set({ kind: t.kind }, t.committedUsd);
  });
  gauge('leadbot_budget_today_usd', "Today's spend limit by kind (absent: no limit).", ['kind'], (g, s) => {
    for (const t of s.today) if (t.limitUsd !== null) g.set({ kind: t.kind }, t.limitUsd);
  });
}
