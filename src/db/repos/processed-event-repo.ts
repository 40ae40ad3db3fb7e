import { eq, lt } from 'drizzle-orm';
import type { ProcessedEventRepo } from '../../pipeline/events/ports.js';
import { type Db, sessionOf } from '../client.js';
import { processedEvents } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/** `processed_events`: one row per Slack event id, claimed with INSERT … ON CONFLICT DO NOTHING. */
export function createProcessedEventRepo(db: Db): ProcessedEventRepo {
  return asyncRepo<ProcessedEventRepo>(sessionOf(db), createProcessedEventRepoSync(db));
}

function createProcessedEventRepoSync(db: Db): Sync<ProcessedEventRepo> {
  return {
    claim(eventId, kind, at) {
      const result = db.insert(processedEvents).values({ eventId, kind, receivedAt: at }).onConflictDoNothing().run();
      return result.changes === 1;
    },
    attachRun(eventId, runId) {
      db.update(processedEvents).set({ runId }).where(eq(processedEvents.eventId, eventId)).run();
    },
    prune(before) {
      return db.delete(processedEvents).where(lt(processedEvents.receivedAt, before)).run().changes;
    },
  };
}
