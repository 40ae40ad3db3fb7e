import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { QueueCounts } from '../pipeline/jobs/ports.js';
import { defineBusinessGauges } from './business.js';
import type { BusinessSnapshot, MetricsReadPort } from './ports.js';

/** One vendor request as the HTTP client saw it (one attempt; retries are attempts of their own). */
export interface VendorCall {
  vendor: string;
  durationMs: number;
  /** The HTTP status, when one came back. */
  status?: number;
  /** The AppError code of a failure ('timeout', 'rate_limited', …); absent on success. */
  error?: string;
}

/** Prometheus metrics: per-instance counters and histograms, and business gauges read from the database. */
export interface Metrics {
  readonly contentType: string;
  observeHttp(route: string, method: string, status: number, seconds: number): void;
  observeVendor(call: VendorCall): void;
  observeLlm(call: { durationMs: number; ok: boolean }): void;
  /** Reads the business figures once and renders every metric in the text format. */
  scrape(): Promise<string>;
  /** Adds Node's process metrics (CPU, memory, event loop, GC): once, for the long-running process only. */
  collectProcessMetrics(): void;
}

export interface MetricsOptions {
  read: MetricsReadPort;
  now: () => Date;
  /** Today in TZ (the daily budgets' day). */
  today: () => string;
  /** Configured daily limits per kind (a raised one in the database wins). */
  dailyLimits: Record<string, number | null>;
  /** The job queue's counts per kind (read from the database too). */
  jobs?: () => Promise<QueueCounts[]>;
}

const LATENCY_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Builds the registry. Nothing is global: each leadbot (and each test) has its own. */
export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  let processMetrics = false;
  const registers = [registry];
  const httpRequests = new Counter({
    name: 'leadbot_http_requests_total',
    help: 'HTTP requests this instance answered, by route, method and status.',
    labelNames: ['route', 'method', 'status'],
    registers,
  });
  const httpDuration = new Histogram({
    name: 'leadbot_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route.',
    labelNames: ['route'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const vendorRequests = new Counter({
    name: 'leadbot_provider_requests_total',
    help: 'Requests to outside vendors (each attempt), by vendor and outcome (ok or the error code).',
    labelNames: ['vendor', 'outcome'],
    registers,
  });
  const vendorDuration = new Histogram({
    name: 'leadbot_provider_request_duration_seconds',
    help: 'Vendor request latency (one attempt), by vendor.',
    labelNames: ['vendor'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const vendorErrors = new Counter({
    name: 'leadbot_provider_errors_total',
    help: 'Failed vendor requests (each attempt), by vendor and error code.',
    labelNames: ['vendor', 'code'],
    registers,
  });
  const llmCalls = new Counter({
    name: 'leadbot_llm_calls_total',
    help: 'Language model calls, by outcome.',
    labelNames: ['outcome'],
    registers,
  });
  const llmDuration = new Histogram({
    name: 'leadbot_llm_call_duration_seconds',
    help: 'Language model call latency.',
    buckets: [0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers,
  });
  let snapshot: BusinessSnapshot | undefined;
  let scraping: Promise<unknown> = Promise.resolve();
  defineBusinessGauges(registers, () => snapshot);
  return {
    collectProcessMetrics() {
      if (processMetrics) return;
      processMetrics = true;
      collectDefaultMetrics({ register: registry });
    },
    get contentType() {
      return registry.contentType;
    },
    observeHttp(route, method, status, seconds) {
      httpRequests.inc({ route, method, status: String(status) });
      httpDuration.observe({ route }, seconds);
    },
    observeVendor(call) {
      vendorRequests.inc({ vendor: call.vendor, outcome: call.error ?? 'ok' });
      vendorDuration.observe({ vendor: call.vendor }, call.durationMs / 1000);
      if (call.error) vendorErrors.inc({ vendor: call.vendor, code: call.error });
    },
    observeLlm(call) {
      llmCalls.inc({ outcome: call.ok ? 'ok' : 'error' });
      llmDuration.observe(call.durationMs / 1000);
    },
    scrape() {
      // One scrape at a time: the gauges read the snapshot taken for the scrape under way.
      const next = scraping.then(async () => {
        const [figures, jobs] = await Promise.all([
          options.read.snapshot({ now: options.now(), day: options.today(), limits: options.dailyLimits }),
          options.jobs?.(),
        ]);
        snapshot = { ...figures, jobs };
        try {
          return await registry.metrics();
        } finally {
          snapshot = undefined;
        }
      });
      scraping = next.catch(() => undefined);
      return next;
    },
  };
}
