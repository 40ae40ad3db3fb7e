import { desc, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../errors.js';
import type { LessonEvidence, LessonRecord, LessonRepo } from '../../pipeline/lessons/ports.js';
import { type Db, sessionOf } from '../client.js';
import { directiveLessons } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

type Row = typeof directiveLessons.$inferSelect;

const toRecord = (row: Row): LessonRecord => ({
  ...row,
  evidence: row.evidence as unknown as LessonEvidence,
});

/** Lessons in `directive_lessons`, one row per fingerprint. */
export function createLessonRepo(db: Db): LessonRepo {
  return asyncRepo<LessonRepo>(sessionOf(db), createLessonRepoSync(db));
}

function createLessonRepoSync(db: Db): Sync<LessonRepo> {
  const get = (id: number) => {
    const row = db.select().from(directiveLessons).where(eq(directiveLessons.id, id)).get();
    return row ? toRecord(row) : undefined;
  };
  return {
    get,
    findByFingerprint(fingerprint) {
      const row = db.select().from(directiveLessons).where(eq(directiveLessons.fingerprint, fingerprint)).get();
      return row ? toRecord(row) : undefined;
    },
    insert(lesson, at) {
      const row = db
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
        .get();
      return toRecord(row);
    },
    update(id, patch, at) {
      const { evidence, ...rest } = patch;
      const result = db
        .update(directiveLessons)
        .set({
          ...rest,
          ...(evidence ? { evidence: evidence as unknown as Record<string, unknown> } : {}),
          updatedAt: at,
        })
        .where(eq(directiveLessons.id, id))
        .run();
      if (result.changes === 0) throw new AppError('not_found', `No lesson with id ${id}`);
      return get(id)!;
    },
    list(filter = {}) {
      const query = db.select().from(directiveLessons);
      const filtered = filter.status?.length ? query.where(inArray(directiveLessons.status, filter.status)) : query;
      return filtered
        .orderBy(desc(directiveLessons.updatedAt), desc(directiveLessons.id))
        .limit(filter.limit ?? 100)
        .all()
        .map(toRecord);
    },
  };
}
