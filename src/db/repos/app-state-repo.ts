import { eq } from 'drizzle-orm';
import type { KeyValueStore } from '../../pipeline/state/ports.js';
import { type Db, sessionOf } from '../client.js';
import { appState } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/** `app_state`: watermarks, last digest time, generated secrets. */
export function createAppStateRepo(db: Db): KeyValueStore {
  return asyncRepo<KeyValueStore>(sessionOf(db), createAppStateRepoSync(db));
}

function createAppStateRepoSync(db: Db): Sync<KeyValueStore> {
  return {
    get: (key) => db.select().from(appState).where(eq(appState.key, key)).get()?.value,
    set(key, value, at) {
      db.insert(appState)
        .values({ key, value, updatedAt: at })
        .onConflictDoUpdate({ target: appState.key, set: { value, updatedAt: at } })
        .run();
    },
  };
}
