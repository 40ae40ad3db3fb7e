import { hex } from '../ids.js';

/** Slack's trigger_id lifetime: a modal must be opened within 3 seconds of the interaction. */
const TRIGGER_TTL_MS = 3000;

export interface TriggerRegistry {
  /** A new trigger_id for an interaction by `user`. */
  issue(user: string): string;
  /** Who the trigger belongs to, or why it cannot be used. */
  check(triggerId: string): { user: string } | 'invalid_trigger_id' | 'expired_trigger_id';
}

/** Issues trigger ids shaped like Slack's ("1700000000123.1234567890.ab12…") and checks their age. */
export function createTriggerRegistry(now: () => Date, ttlMs = TRIGGER_TTL_MS): TriggerRegistry {
  const triggers = new Map<string, { user: string; at: number }>();
  return {
    issue(user) {
      const at = now().getTime();
      for (const [id, t] of triggers) if (at - t.at > 60_000) triggers.delete(id);
      const id = `${at}.${String(at % 1e10).padStart(10, '0')}.${hex(16)}`;
      triggers.set(id, { user, at });
      return id;
    },
    check(triggerId) {
      const t = triggers.get(triggerId);
      if (!t) return 'invalid_trigger_id';
      if (now().getTime() - t.at > ttlMs) return 'expired_trigger_id';
      return { user: t.user };
    },
  };
}
