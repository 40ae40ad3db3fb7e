import { type DbHandle, openMigratedDatabase } from '../../src/db/client.js';

/** A fresh in-memory database migrated with the real migrations. */
export function memoryDb(): DbHandle {
  return openMigratedDatabase(':memory:');
}

/** A clock that starts at `start` and moves only when told. */
export function fixedClock(start = '2026-11-25T09:00:00.000Z') {
  let t = new Date(start).getTime();
  const now = () => new Date(t);
  return Object.assign(now, {
    advance(ms: number) {
      t += ms;
    },
    set(iso: string) {
      t = new Date(iso).getTime();
    },
  });
}
