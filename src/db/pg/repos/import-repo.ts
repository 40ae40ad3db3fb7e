import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { ImportIssue, ImportRepo, KnownCompany, ScoredCompany } from '../../../pipeline/import/ports.js';
import type { PgDb } from '../client.js';
import { companies, companyFeatures, importFiles, importIssues, leadScores } from '../schema.js';

/** Rows per insert statement: well under PostgreSQL's 65,535 parameters for the widest table (companies). */
const ROWS_PER_INSERT = 1000;

const chunks = <T>(rows: T[]): T[][] =>
  Array.from({ length: Math.ceil(rows.length / ROWS_PER_INSERT) }, (_, i) =>
    rows.slice(i * ROWS_PER_INSERT, (i + 1) * ROWS_PER_INSERT),
  );

/** Imports on PostgreSQL: the kept file (bytea pieces), the per-row report, and multi-row writes of scored companies. */
export function createImportRepo(db: PgDb): ImportRepo {
  /** Inserts one statement's worth of companies; a row whose domain is taken is skipped (undefined). */
  const insertCompanies = async (rows: ScoredCompany[], at: Date): Promise<(number | undefined)[]> => {
    const inserted = await db
      .insert(companies)
      .values(rows.map(({ company: c }) => ({ ...c, status: c.status ?? 'new', createdAt: at, updatedAt: at })))
      .onConflictDoNothing()
      .returning({ id: companies.id, domain: companies.domain, normalizedName: companies.normalizedName });
    // RETURNING lists the inserted rows in the order of VALUES; the skipped ones (a domain already stored, the only
    // unique key) are missing, so walking both lists in step gives each row its id.
    let next = 0;
    return rows.map(({ company: c }) => {
      const row = inserted[next];
      if (!row || row.domain !== c.domain || row.normalizedName !== c.normalizedName) return undefined;
      next += 1;
      return row.id;
    });
  };
  return {
    async putChunk(runId, seq, data) {
      await db.insert(importFiles).values({ runId, seq, data: Buffer.from(data) });
    },
    async chunk(runId, seq) {
      const row = (
        await db
          .select({ data: importFiles.data })
          .from(importFiles)
          .where(and(eq(importFiles.runId, runId), eq(importFiles.seq, seq)))
          .limit(1)
      )[0];
      return row?.data;
    },
    async dropFile(runId) {
      await db.delete(importFiles).where(eq(importFiles.runId, runId));
    },
    async addIssues(runId, issues) {
      for (const part of chunks(issues)) await db.insert(importIssues).values(part.map((x) => ({ runId, ...x })));
    },
    async issues(runId) {
      const rows = await db
        .select()
        .from(importIssues)
        .where(eq(importIssues.runId, runId))
        .orderBy(asc(importIssues.line), asc(importIssues.id));
      return rows.map(
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
    async findKnown({ domains, names }) {
      const where = [
        ...(domains.length > 0 ? [inArray(companies.domain, domains)] : []),
        ...(names.length > 0 ? [inArray(companies.normalizedName, names)] : []),
      ];
      if (where.length === 0) return [];
      return (await db
        .select({
          id: companies.id,
          name: companies.name,
          domain: companies.domain,
          website: companies.website,
          city: companies.city,
        })
        .from(companies)
        .where(or(...where))) as KnownCompany[];
    },
    async storeScored(rows, at) {
      const ids: (number | undefined)[] = [];
      for (const part of chunks(rows)) {
        const partIds = await insertCompanies(part, at);
        const stored = part.flatMap((r, i) => (partIds[i] === undefined ? [] : [{ ...r, companyId: partIds[i]! }]));
        if (stored.length > 0) {
          await db
            .insert(companyFeatures)
            .values(stored.map((r) => ({ ...r.features, companyId: r.companyId, updatedAt: at })));
          await db
            .insert(leadScores)
            .values(stored.map((r) => ({ ...r.score, companyId: r.companyId, createdAt: at, updatedAt: at })));
        }
        ids.push(...partIds);
      }
      return ids;
    },
  };
}
