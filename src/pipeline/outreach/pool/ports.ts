import type { MailTransport } from '../ports.js';

/** One mailbox of the pool as configured (MAIL_SENDERS), with the transport built for it. */
export interface PoolMember {
  /** A short name people use: `leadbot senders resume ana`. */
  name: string;
  /** "Ana Ruiz <ana@yourco.com>". */
  from: string;
  /** Most sends a day once warmed up. */
  dailyCap: number;
  /** Ramp up to `dailyCap` from the first send (the warm-up policy in directives/outreach.md). */
  warmup: boolean;
  transport: MailTransport;
}

/** A sender's durable state: paused or not, warm-up start, failures in a row. */
export interface SenderRecord {
  name: string;
  address: string;
  status: 'active' | 'paused';
  pauseReason: string | null;
  pausedAt: Date | null;
  pausedBy: string | null;
  warmupStartedAt: Date | null;
  lastSendAt: Date | null;
  failureStreak: number;
  lastFailure: string | null;
  failureAlertedAt: Date | null;
}

/** Why a send slot was not reserved. */
export type SlotRefusal = 'paused' | 'cap' | 'gap';

/**
 * Senders and their daily reservations (implemented in src/db). Every write is one conditional statement, so two
 * instances sharing the database never both take the last slot or both announce the same pause.
 */
export interface SenderRepo {
  /** Makes sure a row exists for every configured sender (address kept current); never unpauses. */
  sync(senders: { name: string; address: string }[], at: Date): Promise<void>;
  get(name: string): Promise<SenderRecord | undefined>;
  list(): Promise<SenderRecord[]>;
  /**
   * Reserves one send for `day` (a day key in the team's zone): only while the sender is active, fewer than `cap`
   * are reserved that day and its last send is at least `gapMs` old. Starts the warm-up clock on the first send.
   */
  reserve(
    name: string,
    input: { day: string; cap: number; gapMs: number },
    at: Date,
  ): Promise<{ ok: true } | { ok: false; why: SlotRefusal }>;
  /** Gives back a reservation for a message that did not leave. */
  release(name: string, day: string, at: Date): Promise<void>;
  /** How many sends are reserved for `day`. */
  reserved(name: string, day: string): Promise<number>;
  /** active → paused. True only for the call that paused it (so the team is alerted once). */
  pause(name: string, input: { reason: string; by: string }, at: Date): Promise<boolean>;
  /** paused → active, clearing the failure streak. True only for the call that resumed it. */
  resume(name: string, at: Date): Promise<boolean>;
  /** One more failure in a row; returns the streak. */
  recordFailure(name: string, reason: string, at: Date): Promise<number>;
  /** Claims the "keeps failing" alert for this streak: true once, until a success clears it. */
  claimFailureAlert(name: string, at: Date): Promise<boolean>;
  recordSuccess(name: string, at: Date): Promise<void>;
}

/** Where a recipient is, for their local time: the company's coordinates, city, state and country. */
export interface Location {
  city: string | null;
  state: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** How a zone was found: from coordinates, the city, the state or country alone, or not at all (the team's TZ). */
export type ZoneSource = 'coordinates' | 'city' | 'state' | 'country' | 'team';

/** Maps a location to an IANA time zone (implemented in src/providers/geo). */
export interface TimeZonePort {
  zoneFor(location: Location): { zone: string; source: Exclude<ZoneSource, 'team'> } | undefined;
}
