import { eq, lt } from 'drizzle-orm';
import type { ProcessedEventRepo } from '../../../pipeline/events/ports.js';
import type { PgDb } from '../client.js';
import { processedEvents } from '../schema.js';

/** `processed_events`: one row per Slack event id, claimed with INSERT … ON CONFLICT DO NOTHING. */
export function createProcessedEventRepo(db: PgDb): ProcessedEventRepo {
  return {
    async claim(eventId, kind, at) {
      const result = await db.insert(processedEvents).values({ eventId, kind, receivedAt: at }).onConflictDoNothing();
      return result.rowCount === 1;
    },
    async attachRun(eventId, runId) {
      await db.update(processedEvents).set({ runId }).where(eq(processedEvents.eventId, eventId));
    },
    async prune(before) {
      return (await db.delete(processedEvents).where(lt(processedEvents.receivedAt, before))).rowCount ?? 0;
    },
  };
}
