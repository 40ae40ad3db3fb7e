import { eq } from 'drizzle-orm';
import type { KeyValueStore } from '../../../pipeline/state/ports.js';
import type { PgDb } from '../client.js';
import { appState } from '../schema.js';

/** `app_state`: watermarks, last digest time, generated secrets. */
export function createAppStateRepo(db: PgDb): KeyValueStore {
  return {
    get: async (key) => (await db.select().from(appState).where(eq(appState.key, key)).limit(1))[0]?.value,
    async set(key, value, at) {
      await db
        .insert(appState)
        .values({ key, value, updatedAt: at })
        .onConflictDoUpdate({ target: appState.key, set: { value, updatedAt: at } });
    },
  };
}
