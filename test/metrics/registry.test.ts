import { describe, expect, it } from 'vitest';
import type { BusinessSnapshot } from '../../src/metrics/ports.js';
import { createMetrics } from '../../src/metrics/registry.js';
import type { QueueCounts } from '../../src/pipeline/jobs/ports.js';
import { parseScrape } from '../helpers/prometheus.js';

const figures = (emailsSent: number): BusinessSnapshot => ({
  runs: [{ kind: 'enrich', stage: '', status: 'running', count: 2 }],
  backlog: { dueSends: 3, queuedRuns: 0, leadsAwaitingDecision: 1, draftsAwaitingDecision: 0, runsWaitingForBudget: 0 },
  emailsSent,
  replies: [],
  spend: [{ kind: 'vendor', provider: 'hunter', usd: 0.049 }],
  today: [
    { kind: 'vendor', committedUsd: 0.049, limitUsd: 5 },
    { kind: 'model', committedUsd: 0, limitUsd: null },
  ],
});

describe('the metrics registry', () => {
  it('reads the business figures and the job queue at each scrape, and its counters move with the work', async () => {
    let sent = 1;
    let queue: QueueCounts[] = [{ name: 'outreach', waiting: 2, running: 1, failed: 0 }];
    const metrics = createMetrics({
      read: { snapshot: async () => figures(sent) },
      jobs: async () => queue,
      now: () => new Date('2026-11-25T09:00:00Z'),
      today: () => '2026-11-25',
      dailyLimits: { vendor: 5, model: null },
    });
    let scrape = parseScrape(await metrics.scrape());
    expect(scrape.value('leadbot_emails_sent')).toBe(1);
    expect(scrape.value('leadbot_jobs', { name: 'outreach', state: 'waiting' })).toBe(2);
    expect(scrape.value('leadbot_jobs', { name: 'outreach', state: 'running' })).toBe(1);
    expect(scrape.value('leadbot_backlog', { item: 'due_sends' })).toBe(3);
    expect(scrape.value('leadbot_budget_today_usd', { kind: 'vendor' })).toBe(5);
    expect(scrape.family('leadbot_budget_today_usd')?.metrics).toHaveLength(1);
    expect(scrape.value('leadbot_provider_requests_total', { vendor: 'hunter', outcome: 'ok' })).toBe(0);

    metrics.observeVendor({ vendor: 'hunter', durationMs: 120, status: 200 });
    metrics.observeVendor({ vendor: 'hunter', durationMs: 10_000, error: 'timeout' });
    sent = 4;
    queue = [{ name: 'outreach', waiting: 0, running: 0, failed: 1 }];
    scrape = parseScrape(await metrics.scrape());
    expect(scrape.value('leadbot_emails_sent')).toBe(4);
    expect(scrape.value('leadbot_jobs', { name: 'outreach', state: 'waiting' })).toBe(0);
    expect(scrape.value('leadbot_jobs', { name: 'outreach', state: 'failed' })).toBe(1);
    expect(scrape.value('leadbot_provider_requests_total', { vendor: 'hunter', outcome: 'ok' })).toBe(1);
    expect(scrape.value('leadbot_provider_errors_total', { vendor: 'hunter', code: 'timeout' })).toBe(1);
  });
});
