import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApprovalRepo } from '../../src/db/repos/approval-repo.js';
import { createCompanyRepo } from '../../src/db/repos/company-repo.js';
import { createDraftRepo } from '../../src/db/repos/draft-repo.js';
import { createOutreachRepo, createSuppressionRepo } from '../../src/db/repos/outreach-repo.js';
import { createSenderRepo } from '../../src/db/repos/sender-repo.js';
import { createWinRateRepo } from '../../src/db/repos/win-rate-repo.js';
import type { Transaction } from '../../src/pipeline/approvals/ports.js';
import type { NewCompany } from '../../src/pipeline/companies/ports.js';
import type { ContactRecord, ContactRepo, NewContact } from '../../src/pipeline/contacts/ports.js';
import { createNoLlm } from '../../src/pipeline/llm/none.js';
import type { LlmPort } from '../../src/pipeline/llm/ports.js';
import { addressOf } from '../../src/pipeline/outreach/compose-message.js';
import type { OutreachDeps } from '../../src/pipeline/outreach/deps.js';
import type {
  SenderFailingAlert,
  SenderPausedAlert,
  SendReviewAlert,
} from '../../src/pipeline/outreach/pool/alerts.js';
import type { SendingPolicy } from '../../src/pipeline/outreach/pool/policy.js';
import type { PoolMember } from '../../src/pipeline/outreach/pool/ports.js';
import type { MailTransport } from '../../src/pipeline/outreach/ports.js';
import { createTimeZoneLookup } from '../../src/providers/geo/time-zone.js';
import { createOutboxTransport } from '../../src/providers/mail/outbox.js';
import { fixedClock, memoryDb } from './db.js';
import { insertPendingLead } from './fixtures.js';

/** In-memory contacts, for tests on branches where the SQLite contact repo lives elsewhere. */
function memoryContacts(): ContactRepo & { rows: ContactRecord[] } {
  const rows: ContactRecord[] = [];
  return {
    rows,
    async upsert(c: NewContact, at: Date) {
      const existing = rows.find((r) => r.companyId === c.companyId && r.email === c.email);
      if (existing) return existing;
      const row: ContactRecord = {
        ...c,
        id: rows.length + 1,
        isPrimary: c.isPrimary ?? false,
        status: c.status ?? 'active',
        createdAt: at,
        updatedAt: at,
      };
      rows.push(row);
      return row;
    },
    get: async (id) => rows.find((r) => r.id === id),
    listForCompany: async (companyId) => rows.filter((r) => r.companyId === companyId),
    primaryFor: async (companyId) => rows.find((r) => r.companyId === companyId && r.isPrimary),
    async setPrimary(companyId, contactId) {
      for (const r of rows) if (r.companyId === companyId) r.isPrimary = r.id === contactId;
    },
    findByEmail: async (email) => rows.filter((r) => r.email?.toLowerCase() === email.toLowerCase()),
    count: async () => rows.length,
    async update(id, patch, at) {
      const row = rows.find((r) => r.id === id)!;
      Object.assign(row, patch, { updatedAt: at });
      return row;
    },
  };
}

/** A send window open every hour of every day, no pacing gap, no warm-up: for tests about something else. */
export const OPEN_POLICY: SendingPolicy = {
  window: { days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], start: 0, end: 24 * 60 },
  gapMinutes: 0,
  warmup: { start: 10, days: 28 },
  pause: { hardBounceRate: 0.02, over: 100 },
};

/** A complete outreach setup on a :memory: database with an outbox in a temp folder. */
export function outreachWorld(
  options: {
    cap?: number;
    domainIntervalMinutes?: number;
    transport?: MailTransport;
    llm?: LlmPort;
    /** Several senders (default: one named "default" with `transport` or the outbox and `cap`). */
    senders?: (Omit<PoolMember, 'transport'> & { transport?: MailTransport })[];
    policy?: Partial<SendingPolicy>;
    random?: () => number;
  } = {},
) {
  const handle = memoryDb();
  // Contacts live in memory here until the SQLite contact repo lands.
  handle.sqlite.pragma('foreign_keys = OFF');
  const clock = fixedClock('2026-11-25T14:00:00.000Z');
  const outboxDir = mkdtempSync(join(tmpdir(), 'leadbot-outbox-'));
  const companies = createCompanyRepo(handle.db);
  const contacts = memoryContacts();
  const drafts = createDraftRepo(handle.db);
  const winRates = createWinRateRepo(handle.db);
  const approvals = createApprovalRepo(handle.db);
  const alerts = {
    paused: [] as SenderPausedAlert[],
    failing: [] as SenderFailingAlert[],
    review: [] as SendReviewAlert[],
  };
  const outbox = createOutboxTransport({ dir: outboxDir });
  const senders: PoolMember[] = (
    options.senders ?? [
      { name: 'default', from: 'Ana Ruiz <ana@leadbot-sandbox.example>', dailyCap: options.cap ?? 30, warmup: false },
    ]
  ).map((s) => ({ ...s, transport: s.transport ?? options.transport ?? outbox }));
  const senderState = createSenderRepo(handle.db);
  void senderState.sync(
    senders.map((s) => ({ name: s.name, address: addressOf(s.from) })),
    clock(),
  );
  const deps: OutreachDeps = {
    outreach: createOutreachRepo(handle.db),
    suppressions: createSuppressionRepo(handle.db),
    approvals,
    drafts,
    contacts,
    companies,
    winRates,
    senders,
    senderState,
    identity: {
      from: 'Ana Ruiz <ana@leadbot-sandbox.example>',
      postalAddress: '1 Sandbox Way, Buffalo, NY 14201',
      publicBaseUrl: 'https://leadbot.sandbox.example',
      unsubscribeSecret: 'test-secret',
    },
    limits: {
      domainIntervalMinutes: options.domainIntervalMinutes ?? 0,
      timeZone: 'America/New_York',
      requireVerifiedGuesses: true,
      reconcileAfterMs: 60_000,
    },
    policy: () => ({ ...OPEN_POLICY, ...options.policy }),
    zones: createTimeZoneLookup(),
    alerts: {
      senderPaused: async (a) => void alerts.paused.push(a),
      senderFailing: async (a) => void alerts.failing.push(a),
      sendNeedsReview: async (a) => void alerts.review.push(a),
    },
    random: options.random ?? (() => 0.5),
    touches: () => [
      { day: 3, goal: 'nudge', template: 'Hi {firstName}, bumping this for {company}.\n\n{senderName}' },
      { day: 7, goal: 'audit', template: 'Hi {firstName}, free audit for {company}?\n\n{senderName}' },
      { day: 14, goal: 'close', template: 'Hi {firstName}, closing the loop.\n\n{senderName}' },
    ],
    llm: options.llm ?? createNoLlm(),
    followUpPrompt: () => 'polish',
    tx: ((fn) => handle.session.transaction(fn)) as Transaction,
    now: clock,
  };
  let n = 0;
  /** A scored, approved company with a contact and a human-approved draft. */
  const approvedDraft = async (
    overrides: {
      email?: string;
      emailKind?: 'found' | 'guessed';
      verification?: ContactRecord['verification'];
      domain?: string;
      /** Where the company is (city, state, country, coordinates): the recipient's send window follows it. */
      company?: Partial<NewCompany>;
    } = {},
  ) => {
    n++;
    const domain = overrides.domain ?? `company${n}.example`;
    const company = await insertPendingLead(companies, {
      name: `Company ${n}`,
      normalizedName: `company ${n}`,
      domain,
      ...overrides.company,
    });
    await companies.setStatus(company.id, 'approved', clock());
    const contact = await contacts.upsert(
      {
        companyId: company.id,
        fullName: `Pat Example${n}`,
        firstName: 'Pat',
        lastName: `Example${n}`,
        title: 'CFO',
        titleRank: 0,
        email: overrides.email ?? `pat${n}@${domain}`,
        emailKind: overrides.emailKind ?? 'found',
        verification: overrides.verification ?? 'valid',
        source: 'sandbox',
        evidenceUrl: null,
        confidence: 0.9,
        phone: null,
        linkedinUrl: null,
        runId: null,
        isPrimary: true,
      },
      clock(),
    );
    const draft = await drafts.insert(
      {
        companyId: company.id,
        contactId: contact.id,
        runId: null,
        replacesDraftId: null,
        angle: 'cost_savings',
        angleMode: 'explore',
        reasoning: null,
        subject: `Company ${n}: $18k a year in utility overcharges?`,
        body: `Hi Pat,\n\nCompanies like Company ${n} typically recover about $18k a year.\n\nWorth a 15-minute call?\n\nAna`,
        generatedBy: 'template',
        criticScore: 8,
        criticBreakdown: null,
        criticFeedback: [],
        attempts: 1,
        lowConfidence: false,
        lowConfidenceReasons: [],
        instructions: null,
        status: 'approved',
      },
      clock(),
    );
    await approvals.request({ kind: 'draft', subjectId: String(draft.id), at: clock() });
    await approvals.decide({
      kind: 'draft',
      subjectId: String(draft.id),
      decision: 'approved',
      actor: { id: 'U0ANA', name: 'Ana', source: 'slack' },
      at: clock(),
    });
    return { company, contact, draft };
  };
  return { handle, clock, deps, outboxDir, approvedDraft, contacts, drafts, winRates, alerts, companies };
}
