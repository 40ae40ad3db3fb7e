import { and, asc, eq } from 'drizzle-orm';
import type { ImportIssue, ImportRepo, KnownCompany, ScoredCompany } from '../../pipeline/import/ports.js';
import { type Db, sessionOf } from '../client.js';
import { importFiles, importIssues } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

const ISSUES_PER_INSERT = 500;

/** Imports in SQLite: the kept file, the per-row report, and batch writes of scored companies (plain SQL). */
export function createImportRepo(db: Db): ImportRepo {
  return asyncRepo<ImportRepo>(sessionOf(db), createImportRepoSync(db));
}

function createImportRepoSync(db: Db): Sync<ImportRepo> {
  const sqlite = db.$client;
  // One statement per table, prepared once: a batch of a thousand companies is three thousand short inserts.
  const insertCompany = sqlite.prepare(
    `insert into companies (name, normalized_name, domain, website, industry, address, city, state, postal_code,
       country, phone, employee_count, site_count, building_sqft, latitude, longitude, sources, source_refs, status,
       found_by_run_id, created_at, updated_at)
     values (@name, @normalizedName, @domain, @website, @industry, @address, @city, @state, @postalCode, @country,
       @phone, @employeeCount, @siteCount, @buildingSqft, @latitude, @longitude, @sources, @sourceRefs, @status,
       @foundByRunId, @at, @at)
     on conflict do nothing returning id`,
  );
  const insertFeatures = sqlite.prepare(
    `insert into company_features (company_id, annual_spend_estimate, savings_low, savings_mid, savings_high,
       deregulated, energy_intensity, state_rate, data_gaps, reenrich_attempts, updated_at)
     values (@companyId, @annualSpendEstimate, @savingsLow, @savingsMid, @savingsHigh, @deregulated,
       @energyIntensity, @stateRate, @dataGaps, @reenrichAttempts, @at)`,
  );
  const insertScore = sqlite.prepare(
    `insert into lead_scores (company_id, run_id, profile, score, tier, breakdown, score_reason, reason_source,
       created_at, updated_at)
     values (@companyId, @runId, @profile, @score, @tier, @breakdown, @scoreReason, @reasonSource, @at, @at)`,
  );
  // Every key of a batch in one statement: the lists travel as JSON arrays (no statement per list length).
  const findKnown = sqlite.prepare(
    `select id, name, domain, website, city from companies
     where domain in (select value from json_each(?)) or normalized_name in (select value from json_each(?))`,
  );
  const storeOne = ({ company: c, features: f, score: s }: ScoredCompany, at: number): number | undefined => {
    const row = insertCompany.get({
      ...c,
      domain: c.domain,
      sources: JSON.stringify(c.sources),
      sourceRefs: JSON.stringify(c.sourceRefs),
      status: c.status ?? 'new',
      at,
    }) as { id: number } | undefined;
    if (!row) return undefined;
    insertFeatures.run({
      ...f,
      companyId: row.id,
      deregulated: f.deregulated === null ? null : f.deregulated ? 1 : 0,
      dataGaps: JSON.stringify(f.dataGaps),
      at,
    });
    insertScore.run({ ...s, companyId: row.id, breakdown: JSON.stringify(s.breakdown), at });
    return row.id;
  };
  return {
    putChunk(runId, seq, data) {
      db.insert(importFiles)
        .values({ runId, seq, data: Buffer.from(data) })
        .run();
    },
    chunk(runId, seq) {
      return db
        .select({ data: importFiles.data })
        .from(importFiles)
        .where(and(eq(importFiles.runId, runId), eq(importFiles.seq, seq)))
        .get()?.data;
    },
    dropFile(runId) {
      db.delete(importFiles).where(eq(importFiles.runId, runId)).run();
    },
    addIssues(runId, issues) {
      for (let i = 0; i < issues.length; i += ISSUES_PER_INSERT)
        db.insert(importIssues)
          .values(issues.slice(i, i + ISSUES_PER_INSERT).map((x) => ({ runId, ...x })))
          .run();
    },
    issues(runId) {
      return db
        .select()
        .from(importIssues)
        .where(eq(importIssues.runId, runId))
        .orderBy(asc(importIssues.line), asc(importIssues.id))
        .all()
        .map(
          (r): ImportIssue =>
            r.kind === 'bad'
              ? { kind: 'bad', line: r.line, problem: r.problem ?? '', accepted: r.accepted ?? '' }
              : {
                  kind: 'duplicate',
                  line: r.line,
                  name: r.name ?? '',
                  ...(r.existingId ? { existingId: r.existingId } : {}),
                },
        );
    },
    findKnown({ domains, names }) {
      return findKnown.all(JSON.stringify(domains), JSON.stringify(names)) as KnownCompany[];
    },
    storeScored(rows, at) {
      const ms = at.getTime();
      return rows.map((r) => storeOne(r, ms));
    },
  };
}
