import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CliActor } from '../../src/app/actor.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type BuildOptions, buildLeadbot } from '../../src/main.js';
import { filterAsync } from '../../src/pipeline/async.js';
import { approvalPayload } from '../../src/pipeline/lessons/proposal.js';
import { copyDirectives } from '../helpers/directives.js';
import { providerLesson } from '../pipeline/lessons/helpers.js';
import { memberDirectory } from './helpers.js';

export const APPROVER = 'U0APPROVER1';
export const MEMBER = 'U0MEMBER001';
export const CLI: CliActor = { kind: 'cli', id: 'cli:operator', name: 'operator' };
export const REASON = 'too small';
export const INSTRUCTIONS = 'shorter, mention the audit';
export const EDIT = {
  subject: 'A shorter note about your energy bill',
  body: 'Hi,\n\nA quick question about your bill.\n\nAna',
};
export const TARGET_ADDRESS = 'pat@acme.example';

/** The same ids in every copy of the template. */
export interface Targets {
  /** The first pending lead as list_leads orders them (what "approve the first one" picks). */
  lead: number;
  /** Every lead still pending (the batch "Approve all high-tier" looks at). */
  pending: number[];
  draft: number;
  lessonId: number;
}

export interface Template {
  dir: string;
  targets: Targets;
}

/** A small deterministic random source, so regenerated drafts are the same in every copy. */
export function seeded(seed = 7): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The files of one world: a database, its directives and an outbox. */
function worldEnv(dir: string): Record<string, string> {
  return {
    LLM_PROVIDER: 'none',
    LOG_LEVEL: 'silent',
    DATABASE_PATH: join(dir, 'leadbot.db'),
    DIRECTIVES_DIR: join(dir, 'directives'),
    OUTBOX_DIR: join(dir, 'outbox'),
    OUTREACH_CRON: '0 3 1 1 *',
  };
}

export const buildOptions = (): BuildOptions => ({ random: seeded(), flow: { enrichDelayMs: 0 } });

/**
 * The state every decision starts from: a sandbox search with some leads approved (so drafts wait at Gate 2), the
 * rest pending at Gate 1, and a proposed lesson.
 */
export async function buildTemplate(): Promise<Template> {
  const dir = mkdtempSync(join(tmpdir(), 'leadbot-parity-'));
  copyDirectives(join(dir, 'directives'));
  const config = loadConfig(worldEnv(dir));
  const built = await buildLeadbot(config, createLogger({ level: 'silent' }), { ...buildOptions(), trigger: 'cli' });
  built.membership.attach(memberDirectory());
  const { useCases, container } = built;
  const found = await useCases.searchCompanies({ industry: 'healthcare', location: 'Buffalo, NY', count: 6 }, CLI);
  // The weakest are approved, so the best (high-tier) wait at Gate 1 for "Approve all high-tier".
  for (const lead of found.leads.slice(-3))
    await useCases.decideLead({ companyId: lead.company.id, decision: 'approved' }, CLI);
  await built.flow.idle();
  const pending = await useCases.listLeads({ status: ['pending'], limit: 50 }, CLI);
  const drafts = await useCases.listDrafts({ status: ['pending'] }, CLI);
  const [withAddress] = await filterAsync(
    drafts,
    async (d) => (await container.repos.contacts.get(d.contactId!))?.emailKind === 'found',
  );
  const found_ = withAddress ?? drafts[0];
  const { lessons, approvals } = container.repos;
  const now = container.now();
  const inserted = await lessons.insert(providerLesson(), now);
  const lesson = await lessons.update(
    inserted.id,
    {
      status: 'proposed',
      amendment: 'Skip Hunter for 7 days: its quota ran out in 4 enrichment runs.',
      rationale: 'Each run was refused for quota.',
      amendmentSource: 'rules',
    },
    now,
  );
  await approvals.request({ kind: 'lesson', subjectId: String(lesson.id), payload: approvalPayload(lesson), at: now });
  await built.close();
  if (!found_ || pending.length === 0) throw new Error('the template needs pending leads and drafts');
  return {
    dir,
    targets: {
      lead: pending[0]!.company.id,
      pending: pending.map((l) => l.company.id),
      draft: found_.id,
      lessonId: lesson.id,
    },
  };
}

/** A fresh copy of the template for one case: its own database, directives and empty outbox. */
export function copyWorld(template: Template): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'leadbot-case-'));
  copyFileSync(join(template.dir, 'leadbot.db'), join(dir, 'leadbot.db'));
  cpSync(join(template.dir, 'directives'), join(dir, 'directives'), { recursive: true });
  mkdirSync(join(dir, 'outbox'));
  return worldEnv(dir);
}

/**
 * What a decision changes, without who, where or when: leads, decided approvals, drafts, sequences and sends,
 * suppressions, lessons and the directive they amend, runs by kind and status (the agent's own runs aside), and the
 * emails written to the outbox.
 */
export function snapshot(env: Record<string, string>): string {
  const db = new Database(env.DATABASE_PATH!, { readonly: true, fileMustExist: true });
  try {
    const q = (sql: string) => db.prepare(sql).all();
    const outbox = existsSync(env.OUTBOX_DIR!) ? readdirSync(env.OUTBOX_DIR!).filter((n) => n.endsWith('.eml')) : [];
    return JSON.stringify(
      {
        companies: q('select id, status from companies order by id'),
        decided: q(
          "select kind, subject_id, status, reason from approval_requests where status != 'pending' and kind != 'action' order by kind, subject_id",
        ),
        // What the writer wrote depends on its random angle choice; what a person wrote must match exactly.
        drafts: q(
          "select id, company_id, status, generated_by, case when generated_by = 'human' then subject || '|' || body end as text from email_drafts order by id",
        ),
        contacts: q('select company_id, email, is_primary from contacts order by id'),
        sequences: q('select draft_id, status, stop_reason from outreach_sequences order by draft_id'),
        events: q('select kind, status, draft_id, touch, recipient from outreach_events order by id'),
        suppressions: q('select kind, value from suppression_list order by value'),
        lessons: q('select id, status from directive_lessons order by id'),
        runs: q(
          "select kind, status, count(*) as n from agent_runs where kind != 'agent' group by kind, status order by kind, status",
        ),
        directive: readFileSync(join(env.DIRECTIVES_DIR!, 'enrichment.md'), 'utf8')
          .replace(/^(\s*until:).*$/gm, '$1 …')
          .replace(/^(\s*appliedBy:).*$/gm, '$1 …'),
        outbox: outbox.length,
      },
      null,
      1,
    );
  } finally {
    db.close();
  }
}
