import { and, desc, eq, gte, inArray, like, lt, or, sql } from 'drizzle-orm';
import type { InstanceRepo, LeaseRepo } from '../../pipeline/cluster/ports.js';
import { type Db, sessionOf } from '../client.js';
import { instances, leases } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/** `leases`: taken with one upsert that only overwrites a free, expired, dead or own lease. */
export function createLeaseRepo(db: Db): LeaseRepo {
  return asyncRepo<LeaseRepo>(sessionOf(db), createLeaseRepoSync(db));
}

function createLeaseRepoSync(db: Db): Sync<LeaseRepo> {
  return {
    acquire(name, owner, expiresAt, now, deadOwners = []) {
      const takeable = or(
        eq(leases.owner, owner),
        lt(leases.expiresAt, now),
        deadOwners.length > 0 ? inArray(leases.owner, deadOwners) : undefined,
      );
      const result = db
        .insert(leases)
        .values({ name, owner, acquiredAt: now, expiresAt })
        .onConflictDoUpdate({
          target: leases.name,
          set: {
            owner,
            expiresAt,
            acquiredAt: sql`case when ${leases.owner} = ${owner} then ${leases.acquiredAt} else ${now.getTime()} end`,
          },
          setWhere: takeable,
        })
        .run();
      return result.changes === 1;
    },
    renew(owner, expiresAt) {
      return db.update(leases).set({ expiresAt }).where(eq(leases.owner, owner)).run().changes;
    },
    release(name, owner) {
      db.delete(leases)
        .where(and(eq(leases.name, name), eq(leases.owner, owner)))
        .run();
    },
    get: (name) => db.select().from(leases).where(eq(leases.name, name)).get(),
    list: (prefix = '') =>
      db
        .select()
        .from(leases)
        .where(like(leases.name, `${prefix.replace(/[%_\\]/g, '\\$&')}%`))
        .all(),
  };
}

/** `instances`: one row per running process, refreshed by its heartbeat. */
export function createInstanceRepo(db: Db): InstanceRepo {
  return asyncRepo<InstanceRepo>(sessionOf(db), createInstanceRepoSync(db));
}

function createInstanceRepoSync(db: Db): Sync<InstanceRepo> {
  return {
    beat(instance) {
      db.insert(instances)
        .values(instance)
        .onConflictDoUpdate({ target: instances.id, set: { heartbeatAt: instance.heartbeatAt } })
        .run();
    },
    get: (id) => db.select().from(instances).where(eq(instances.id, id)).get() as ReturnType<Sync<InstanceRepo>['get']>,
    list: (since) =>
      db
        .select()
        .from(instances)
        .where(gte(instances.heartbeatAt, since))
        .orderBy(desc(instances.heartbeatAt))
        .all() as ReturnType<Sync<InstanceRepo>['list']>,
    remove(id) {
      db.delete(instances).where(eq(instances.id, id)).run();
    },
    prune: (before) => db.delete(instances).where(lt(instances.heartbeatAt, before)).run().changes,
  };
}
