/** A named lease held by one instance until it expires or is released (see the `leases` table). */
export interface Lease {
  name: string;
  owner: string;
  acquiredAt: Date;
  expiresAt: Date;
}

/** Leases that hold across processes and machines: one holder at a time, taken over once expired. */
export interface LeaseRepo {
  /**
   * Takes `name` for `owner` until `expiresAt` when it is free, expired, already ours, or held by one of
   * `deadOwners`; true when `owner` now holds it.
   */
  acquire(name: string, owner: string, expiresAt: Date, now: Date, deadOwners?: string[]): Promise<boolean>;
  /** Extends every lease `owner` holds; returns how many. */
  renew(owner: string, expiresAt: Date): Promise<number>;
  /** Gives `name` up if `owner` holds it. */
  release(name: string, owner: string): Promise<void>;
  get(name: string): Promise<Lease | undefined>;
  /** Leases whose name starts with `prefix`. */
  list(prefix?: string): Promise<Lease[]>;
}

/** Takes and gives up named leases for this process (the run recorder holds `run:<id>` through it). */
export interface LeaseHolder {
  readonly owner: string;
  /** Takes `name` if it is free, expired, ours or held by a dead instance; kept by the heartbeat until released. */
  acquire(name: string): Promise<boolean>;
  release(name: string): Promise<void>;
}

export type InstanceRole = 'server' | 'worker' | 'cli';

/** One leadbot process as it announced itself. */
export interface InstanceRecord {
  id: string;
  host: string;
  pid: number;
  role: InstanceRole;
  version: string;
  startedAt: Date;
  heartbeatAt: Date;
}

export interface InstanceRepo {
  /** Records (or refreshes) the instance with its heartbeat time. */
  beat(instance: InstanceRecord): Promise<void>;
  get(id: string): Promise<InstanceRecord | undefined>;
  /** Instances heard from at or after `since`, most recent first. */
  list(since: Date): Promise<InstanceRecord[]>;
  remove(id: string): Promise<void>;
  /** Forgets instances not heard from since `before`; returns how many. */
  prune(before: Date): Promise<number>;
}
