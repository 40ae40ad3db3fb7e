import { and, desc, eq, gte, inArray, like, lt, or, sql } from 'drizzle-orm';
import type { InstanceRecord, InstanceRepo, LeaseRepo } from '../../../pipeline/cluster/ports.js';
import type { PgDb } from '../client.js';
import { instances, leases } from '../schema.js';

/** `leases`: taken with one upsert that only overwrites a free, expired, dead or own lease. */
export function createLeaseRepo(db: PgDb): LeaseRepo {
  return {
    async acquire(name, owner, expiresAt, now, deadOwners = []) {
      const takeable = or(
        eq(leases.owner, owner),
        lt(leases.expiresAt, now),
        deadOwners.length > 0 ? inArray(leases.owner, deadOwners) : undefined,
      );
      const rows = await db
        .insert(leases)
        .values({ name, owner, acquiredAt: now, expiresAt })
        .onConflictDoUpdate({
          target: leases.name,
          set: {
            owner,
            expiresAt,
            acquiredAt: sql`case when ${leases.owner} = ${owner} then ${leases.acquiredAt} else ${now} end`,
          },
          setWhere: takeable,
        })
        .returning({ name: leases.name });
      return rows.length === 1;
    },
    async renew(owner, expiresAt) {
      const rows = await db
        .update(leases)
        .set({ expiresAt })
        .where(eq(leases.owner, owner))
        .returning({ name: leases.name });
      return rows.length;
    },
    async release(name, owner) {
      await db.delete(leases).where(and(eq(leases.name, name), eq(leases.owner, owner)));
    },
    get: async (name) => (await db.select().from(leases).where(eq(leases.name, name)).limit(1))[0],
    list: (prefix = '') =>
      db
        .select()
        .from(leases)
        .where(like(leases.name, `${prefix.replace(/[%_\\]/g, '\\$&')}%`)),
  };
}

/** `instances`: one row per running process, refreshed by its heartbeat. */
export function createInstanceRepo(db: PgDb): InstanceRepo {
  return {
    async beat(instance) {
      await db
        .insert(instances)
        .values(instance)
        .onConflictDoUpdate({ target: instances.id, set: { heartbeatAt: instance.heartbeatAt } });
    },
    get: async (id) =>
      (await db.select().from(instances).where(eq(instances.id, id)).limit(1))[0] as InstanceRecord | undefined,
    list: async (since) =>
      (await db
        .select()
        .from(instances)
        .where(gte(instances.heartbeatAt, since))
        .orderBy(desc(instances.heartbeatAt))) as InstanceRecord[],
    async remove(id) {
      await db.delete(instances).where(eq(instances.id, id));
    },
    async prune(before) {
      const rows = await db.delete(instances).where(lt(instances.heartbeatAt, before)).returning({ id: instances.id });
      return rows.length;
    },
  };
}
