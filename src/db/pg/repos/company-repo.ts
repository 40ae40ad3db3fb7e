import { and, asc, desc, eq, gte, inArray, like, lt, or, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../../errors.js';
import {
  type CompanyFeatures,
  type CompanyRecord,
  type CompanyRepo,
  LEAD_STATUSES,
  type Lead,
  type LeadScore,
  type LeadStatus,
} from '../../../pipeline/companies/ports.js';
import type { PgDb } from '../client.js';
import { companies, companyFeatures, leadScores } from '../schema.js';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Parses "Buffalo, NY" / "Buffalo" / "NY" into city and state parts for filtering. */
export function splitLocation(location: string): { city?: string; state?: string } {
  const parts = location
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length >= 2) return { city: parts[0], state: parts[1] };
  const only = parts[0] ?? '';
  return /^[A-Za-z]{2}$/.test(only) ? { state: only } : { city: only };
}

/** Companies, features and scores in PostgreSQL. */
export function createCompanyRepo(db: PgDb): CompanyRepo {
  const get = async (id: number) =>
    (await db.select().from(companies).where(eq(companies.id, id)).limit(1))[0] as CompanyRecord | undefined;
  const toScore = (row: typeof leadScores.$inferSelect): LeadScore => ({
    companyId: row.companyId,
    runId: row.runId,
    profile: row.profile,
    score: row.score,
    tier: row.tier,
    breakdown: row.breakdown,
    scoreReason: row.scoreReason,
    reasonSource: row.reasonSource,
  });
  const toFeatures = (row: typeof companyFeatures.$inferSelect): CompanyFeatures => ({
    companyId: row.companyId,
    annualSpendEstimate: row.annualSpendEstimate,
    savingsLow: row.savingsLow,
    savingsMid: row.savingsMid,
    savingsHigh: row.savingsHigh,
    deregulated: row.deregulated,
    energyIntensity: row.energyIntensity,
    stateRate: row.stateRate,
    dataGaps: row.dataGaps,
    reenrichAttempts: row.reenrichAttempts,
  });
  return {
    async insert(company, at) {
      const row = (
        await db
          .insert(companies)
          .values({ ...company, status: company.status ?? 'new', createdAt: at, updatedAt: at })
          .returning()
      )[0]!;
      return row as CompanyRecord;
    },
    async update(id, patch, at) {
      const { id: _ignored, ...rest } = patch as CompanyRecord;
      const result = await db
        .update(companies)
        .set({ ...rest, updatedAt: at })
        .where(eq(companies.id, id));
      if (result.rowCount === 0) throw new AppError('not_found', `Company ${id} does not exist`);
      return (await get(id))!;
    },
    get,
    async findByDomain(domain) {
      return (await db.select().from(companies).where(eq(companies.domain, domain.toLowerCase())).limit(1))[0] as
        | CompanyRecord
        | undefined;
    },
    async findByNormalizedName(normalizedName) {
      return (await db.select().from(companies).where(eq(companies.normalizedName, normalizedName))) as CompanyRecord[];
    },
    async listInCity(city, limit = 5000) {
      return (await db
        .select()
        .from(companies)
        .where(sql`lower(${companies.city}) = ${city.toLowerCase()}`)
        .limit(limit)) as CompanyRecord[];
    },
    async searchByName(text, limit = 10) {
      const needle = text.trim().toLowerCase();
      if (!needle) return [];
      return (await db
        .select()
        .from(companies)
        .where(
          or(
            sql`lower(${companies.name}) = ${needle}`,
            like(sql`lower(${companies.name})`, `%${escapeLike(needle)}%`),
            eq(companies.domain, needle),
          ),
        )
        .orderBy(
          sql`case when lower(${companies.name}) = ${needle} then 0 else 1 end`,
          asc(sql`length(${companies.name})`),
        )
        .limit(limit)) as CompanyRecord[];
    },
    async setStatus(id, status, at) {
      const result = await db.update(companies).set({ status, updatedAt: at }).where(eq(companies.id, id));
      if (result.rowCount === 0) throw new AppError('not_found', `Company ${id} does not exist`);
    },
    async getFeatures(companyId) {
      const row = (await db.select().from(companyFeatures).where(eq(companyFeatures.companyId, companyId)).limit(1))[0];
      return row ? toFeatures(row) : undefined;
    },
    async upsertFeatures(features, at) {
      await db
        .insert(companyFeatures)
        .values({ ...features, updatedAt: at })
        .onConflictDoUpdate({ target: companyFeatures.companyId, set: { ...features, updatedAt: at } });
    },
    async getScore(companyId) {
      const row = (await db.select().from(leadScores).where(eq(leadScores.companyId, companyId)).limit(1))[0];
      return row ? toScore(row) : undefined;
    },
    async upsertScore(score, at) {
      await db
        .insert(leadScores)
        .values({ ...score, createdAt: at, updatedAt: at })
        .onConflictDoUpdate({ target: leadScores.companyId, set: { ...score, updatedAt: at } });
    },
    async listLeads(filter) {
      const where: SQL[] = [];
      if (filter.status && filter.status.length > 0) where.push(inArray(companies.status, filter.status));
      if (filter.industry) where.push(sql`lower(${companies.industry}) = ${filter.industry.toLowerCase()}`);
      if (filter.ids) where.push(inArray(companies.id, filter.ids.length > 0 ? filter.ids : [-1]));
      if (filter.runId) where.push(eq(companies.foundByRunId, filter.runId));
      if (filter.createdFrom) where.push(gte(companies.createdAt, filter.createdFrom));
      if (filter.createdTo) where.push(lt(companies.createdAt, filter.createdTo));
      if (filter.location) {
        const { city, state } = splitLocation(filter.location);
        if (city) where.push(sql`lower(${companies.city}) = ${city.toLowerCase()}`);
        if (state) where.push(sql`lower(${companies.state}) = ${state.toLowerCase()}`);
      }
      const rows = await db
        .select({ company: companies, score: leadScores, features: companyFeatures })
        .from(companies)
        .leftJoin(leadScores, eq(leadScores.companyId, companies.id))
        .leftJoin(companyFeatures, eq(companyFeatures.companyId, companies.id))
        .where(where.length > 0 ? and(...where) : undefined)
        .orderBy(desc(sql`coalesce(${leadScores.score}, -1)`), asc(companies.id))
        .limit(filter.limit ?? 50)
        .offset(filter.offset ?? 0);
      return rows.map(
        (r): Lead => ({
          company: r.company as CompanyRecord,
          score: r.score ? toScore(r.score) : null,
          features: r.features ? toFeatures(r.features) : null,
        }),
      );
    },
    async countByStatus() {
      const counts = Object.fromEntries(LEAD_STATUSES.map((s) => [s, 0])) as Record<LeadStatus, number>;
      const rows = await db
        .select({ status: companies.status, n: sql<number>`count(*)`.mapWith(Number) })
        .from(companies)
        .groupBy(companies.status);
      for (const row of rows) counts[row.status] = row.n;
      return counts;
    },
  };
}
