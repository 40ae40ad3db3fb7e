import { localParts, zonedTime } from '../time.js';
import { type SendingPolicy, weekdayIndex } from './policy.js';

/** The window a send may go in: `from` (now, when open) until `until`, in the recipient's zone. */
export interface WindowSlot {
  open: boolean;
  from: Date;
  until: Date;
}

/**
 * The current or next send window in `zone` (weekdays 08:00–17:00 by default): open now, or the next one to open.
 * Looks a week ahead, so any window with at least one day is found.
 */
export function sendWindow(now: Date, zone: string, policy: SendingPolicy): WindowSlot {
  const days = new Set(policy.window.days.map(weekdayIndex));
  const today = localParts(now, zone);
  for (let offset = 0; offset <= 7; offset++) {
    const weekday = (today.weekday + offset) % 7;
    if (!days.has(weekday)) continue;
    const from = zonedTime(today.y, today.m, today.d + offset, policy.window.start, zone);
    const until = zonedTime(today.y, today.m, today.d + offset, policy.window.end, zone);
    if (now >= until) continue;
    return now >= from ? { open: true, from: now, until } : { open: false, from, until };
  }
  /* v8 ignore next -- unreachable: the schema requires at least one day */
  return { open: true, from: now, until: now };
}

/**
 * When a send that is due outside its window should go: a moment drawn across the next window (not its first
 * minute), so what piled up overnight or over a weekend leaves spread over the day instead of in one burst.
 */
export function placeInWindow(slot: WindowSlot, random: () => number): Date {
  if (slot.open) return slot.from;
  const span = slot.until.getTime() - slot.from.getTime();
  return new Date(slot.from.getTime() + Math.floor(random() * span * 0.9));
}
