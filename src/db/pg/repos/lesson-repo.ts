import { desc, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../../errors.js';
import type { LessonEvidence, LessonRecord, LessonRepo } from '../../../pipeline/lessons/ports.js';
import type { PgDb } from '../client.js';
import { directiveLessons } from '../schema.js';

type Row = typeof directiveLessons.$inferSelect;

const toRecord = (row: Row): LessonRecord => ({
  ...row,
  evidence: row.evidence as unknown as LessonEvidence,
});

/** Lessons in `directive_lessons`, one row per fingerprint. */
export function createLessonRepo(db: PgDb): LessonRepo {
  const get = async (id: number) => {
    const row = (await db.select().from(directiveLessons).where(eq(directiveLessons.id, id)).limit(1))[0];
    return row ? toRecord(row) : undefined;
  };
  return {
    get,
    async findByFingerprint(fingerprint) {
      const row = (
        await db.select().from(directiveLessons).where(eq(directiveLessons.fingerprint, fingerprint)).limit(1)
      )[0];
      return row ? toRecord(row) : undefined;
    },
    async insert(lesson, at) {
      const row = (
        await db
          .insert(directiveLessons)
          .values({
            directive: lesson.directive,
            kind: lesson.kind,
            fingerprint: lesson.fingerprint,
            summary: lesson.summary,
            evidence: lesson.evidence as unknown as Record<string, unknown>,
            status: 'open',
            createdAt: at,
            updatedAt: at,
          })
          .returning()
      )[0]!;
      return toRecord(row);
    },
    async update(id, patch, at) {
      const { evidence, ...rest } = patch;
      const result = await db
        .update(directiveLessons)
        .set({
          ...rest,
          ...(evidence ? { evidence: evidence as unknown as Record<string, unknown> } : {}),
          updatedAt: at,
        })
        .where(eq(directiveLessons.id, id));
      if (result.rowCount === 0) throw new AppError('not_found', `No lesson with id ${id}`);
      return (await get(id))!;
    },
    async list(filter = {}) {
      const rows = await db
        .select()
        .from(directiveLessons)
        .where(filter.status?.length ? inArray(directiveLessons.status, filter.status) : undefined)
        .orderBy(desc(directiveLessons.updatedAt), desc(directiveLessons.id))
        .limit(filter.limit ?? 100);
      return rows.map(toRecord);
    },
  };
}
