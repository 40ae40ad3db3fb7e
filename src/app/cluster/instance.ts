import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type {
  InstanceRecord,
  InstanceRepo,
  InstanceRole,
  LeaseHolder,
  LeaseRepo,
} from '../../pipeline/cluster/ports.js';

/** How long a lease or a heartbeat counts without being renewed (default 45 s; renewed every third of that). */
const DEFAULT_LEASE_MS = 45_000;

/** This process as one of possibly many leadbot instances on the same database. */
export interface Instance extends LeaseHolder {
  readonly id: string;
  readonly role: InstanceRole;
  readonly leaseMs: number;
  /** Announces the instance and starts its heartbeat (which also renews its leases). */
  start(): Promise<void>;
  /** Whether `owner` (an instance id) is still working: heard from recently, and its process alive on this host. */
  isLive(owner: string): Promise<boolean>;
  /** The live instance holding `name`, if any. */
  holder(name: string): Promise<string | undefined>;
  /** Whether this instance holds `name` (expired or not: it took it and has not given it up). */
  holds(name: string): Promise<boolean>;
  /** Stops the heartbeat without giving anything up, as a crash would (tests). */
  halt(): void;
  /** Gives up its leases and leaves (a graceful stop). */
  stop(): Promise<void>;
}

export interface InstanceDeps {
  leases: LeaseRepo;
  instances: InstanceRepo;
  now: () => Date;
  role: InstanceRole;
  version: string;
  leaseMs?: number;
  onError?: (err: unknown) => void;
}

const HOST = hostname();

/** Whether process `pid` exists on this host (EPERM: it exists but is someone else's). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function createInstance(deps: InstanceDeps): Instance {
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const id = `${HOST}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const startedAt = deps.now();
  let timer: NodeJS.Timeout | undefined;
  let registered: Promise<void> | undefined;

  const record = (): InstanceRecord => ({
    id,
    host: HOST,
    pid: process.pid,
    role: deps.role,
    version: deps.version,
    startedAt,
    heartbeatAt: deps.now(),
  });
  const until = () => new Date(deps.now().getTime() + leaseMs);
  const beat = async () => {
    await deps.instances.beat(record());
    await deps.leases.renew(id, until());
  };
  const register = () => {
    registered ??= deps.instances.beat(record());
    return registered;
  };

  const isLive = async (owner: string) => {
    if (owner === id) return true;
    const other = await deps.instances.get(owner);
    if (!other) return false;
    if (other.heartbeatAt.getTime() < deps.now().getTime() - leaseMs) return false;
    return !(other.host === HOST && other.pid !== process.pid && !pidAlive(other.pid));
  };

  const instance: Instance = {
    id,
    owner: id,
    role: deps.role,
    leaseMs,
    async start() {
      await register();
      if (timer) return;
      timer = setInterval(() => void beat().catch((err) => deps.onError?.(err)), Math.max(10, leaseMs / 3));
      timer.unref();
    },
    isLive,
    async holder(name) {
      const lease = await deps.leases.get(name);
      if (!lease || lease.expiresAt < deps.now()) return undefined;
      return (await isLive(lease.owner)) ? lease.owner : undefined;
    },
    async holds(name) {
      return (await deps.leases.get(name))?.owner === id;
    },
    async acquire(name) {
      await register();
      const now = deps.now();
      if (await deps.leases.acquire(name, id, until(), now)) return true;
      const lease = await deps.leases.get(name);
      if (!lease || (await isLive(lease.owner))) return false;
      return deps.leases.acquire(name, id, until(), now, [lease.owner]);
    },
    release: (name) => deps.leases.release(name, id),
    halt() {
      clearInterval(timer);
      timer = undefined;
    },
    async stop() {
      instance.halt();
      for (const lease of await deps.leases.list()) if (lease.owner === id) await deps.leases.release(lease.name, id);
      await deps.instances.remove(id);
    },
  };
  return instance;
}
