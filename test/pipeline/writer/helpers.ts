import { resolve } from 'node:path';
import type { z } from 'zod';
import type { DbHandle } from '../../../src/db/client.js';
import { createApprovalRepo } from '../../../src/db/repos/approval-repo.js';
import { createCompanyRepo } from '../../../src/db/repos/company-repo.js';
import { createContactRepo } from '../../../src/db/repos/contact-repo.js';
import { createDraftRepo } from '../../../src/db/repos/draft-repo.js';
import { createRunRepo } from '../../../src/db/repos/run-repo.js';
import { createWinRateRepo } from '../../../src/db/repos/win-rate-repo.js';
import { contacts } from '../../../src/db/schema.js';
import { AppError } from '../../../src/errors.js';
import type { Transaction } from '../../../src/pipeline/approvals/ports.js';
import type { CompanyFeatures, NewCompany } from '../../../src/pipeline/companies/ports.js';
import type { ContactRecord } from '../../../src/pipeline/contacts/ports.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { createSeededRandom } from '../../../src/pipeline/learning/random.js';
import { createNoLlm } from '../../../src/pipeline/llm/none.js';
import type { LlmCallOptions, LlmPort } from '../../../src/pipeline/llm/ports.js';
import { createRunRecorder } from '../../../src/pipeline/runs/recorder.js';
import type { WriteDraftsDeps } from '../../../src/pipeline/writer/write-drafts.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';
import { sampleCompany } from '../../helpers/fixtures.js';

/** The repository's real directives. */
export const realDirectives = () => createDirectiveStore(resolve('directives'));

type Answer = unknown | AppError | ((options: LlmCallOptions) => unknown);

/**
 * A scripted LlmPort: each call named `name` takes the next answer queued under that name, validated with the
 * caller's schema (an invalid answer throws llm_invalid_output, as the real adapter does after its repair retry).
 */
export function scriptedLlm(script: Record<string, Answer[]>) {
  const calls: { name: string; system: string; prompt: string }[] = [];
  const queues = new Map(Object.entries(script).map(([k, v]) => [k, [...v]]));
  const port: LlmPort = {
    available: () => true,
    describe: () => 'scripted',
    async structured<T>(options: LlmCallOptions & { schema: z.ZodType<T> }): Promise<T> {
      calls.push({ name: options.name, system: options.system, prompt: options.prompt });
      const queue = queues.get(options.name);
      if (!queue || queue.length === 0) throw new Error(`unexpected LLM call ${options.name}`);
      const next = queue.shift();
      if (next instanceof AppError) throw next;
      const value = typeof next === 'function' ? await (next as (o: LlmCallOptions) => unknown)(options) : next;
      const parsed = options.schema.safeParse(value);
      if (!parsed.success) throw new AppError('llm_invalid_output', `${options.name}: ${parsed.error.message}`);
      return parsed.data;
    },
    async text() {
      throw new Error('unexpected text call');
    },
  };
  return { port, calls, remaining: () => [...queues.values()].reduce((n, q) => n + q.length, 0) };
}

/** The Analyst's estimate used throughout: $100k–$170k, mid $135k. */
export const FEATURES: Omit<CompanyFeatures, 'companyId'> = {
  annualSpendEstimate: 1_000_000,
  savingsLow: 100_000,
  savingsMid: 135_000,
  savingsHigh: 170_000,
  deregulated: true,
  energyIntensity: 20,
  stateRate: 0.18,
  dataGaps: [],
  reenrichAttempts: 0,
};

export function setupDb(seed = 1, handle: DbHandle = memoryDb()) {
  const clock = fixedClock();
  const repos = {
    companies: createCompanyRepo(handle.db),
    approvals: createApprovalRepo(handle.db),
    drafts: createDraftRepo(handle.db),
    winRates: createWinRateRepo(handle.db),
    contacts: createContactRepo(handle.db),
    runs: createRunRepo(handle.db),
  };
  const tx: Transaction = (fn) => handle.session.transaction(fn);
  const deps: WriteDraftsDeps = {
    ...repos,
    llm: createNoLlm(),
    directives: realDirectives(),
    recorder: createRunRecorder({ runs: repos.runs, now: clock }),
    tx,
    now: clock,
    random: createSeededRandom(seed),
    senderName: 'Dana Reyes',
  };
  return { handle, clock, repos, deps };
}

type Setup = ReturnType<typeof setupDb>;

/** An approved, scored company with features and (unless `contact: null`) a primary contact. */
export async function seedLead(
  s: Setup,
  options: {
    company?: Partial<NewCompany>;
    features?: Partial<CompanyFeatures>;
    contact?: Partial<ContactRecord> | null;
    status?: NewCompany['status'];
  } = {},
) {
  const at = s.clock();
  const company = await s.repos.companies.insert(
    { ...sampleCompany(options.company), status: options.status ?? 'approved' },
    at,
  );
  await s.repos.companies.upsertFeatures({ ...FEATURES, ...options.features, companyId: company.id }, at);
  await s.repos.companies.upsertScore(
    {
      companyId: company.id,
      runId: null,
      profile: 'utility-cost-audit',
      score: 78,
      tier: 'high',
      breakdown: {},
      scoreReason: '3-site healthcare organisation in deregulated NY with ~$135k estimated annual savings (high tier).',
      reasonSource: 'template',
    },
    at,
  );
  let contact: ContactRecord | undefined;
  if (options.contact !== null) {
    const row = s.handle.db
      .insert(contacts)
      .values({
        companyId: company.id,
        fullName: 'Sarah Okafor',
        firstName: 'Sarah',
        lastName: 'Okafor',
        title: 'VP of Operations',
        email: `sarah.okafor@${company.domain ?? 'example.example'}`,
        emailKind: 'found',
        verification: 'valid',
        source: 'sandbox',
        isPrimary: true,
        ...options.contact,
        createdAt: at,
        updatedAt: at,
      })
      .returning()
      .get();
    contact = row as ContactRecord;
  }
  return { company, contact };
}
