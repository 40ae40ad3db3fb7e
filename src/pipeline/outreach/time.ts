const DAY_MS = 86_400_000;

/** The offset of `timeZone` from UTC at `date`, in ms (positive east of UTC). */
function zoneOffsetMs(date: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/** Midnight (local to `timeZone`) of the day containing `date`, and the next midnight. */
export function dayWindow(date: Date, timeZone: string): { start: Date; end: Date } {
  const offset = zoneOffsetMs(date, timeZone);
  const local = date.getTime() + offset;
  const startLocal = Math.floor(local / DAY_MS) * DAY_MS;
  const start = new Date(startLocal - zoneOffsetMs(new Date(startLocal - offset), timeZone));
  const end = new Date(
    start.getTime() +
      DAY_MS +
      (zoneOffsetMs(start, timeZone) - zoneOffsetMs(new Date(start.getTime() + DAY_MS), timeZone)),
  );
  return { start, end };
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** The calendar date, weekday (0 = Sunday) and minutes after midnight of `date` in `timeZone`. */
export function localParts(
  date: Date,
  timeZone: string,
): { y: number; m: number; d: number; weekday: number; minutes: number } {
  const local = new Date(date.getTime() + zoneOffsetMs(date, timeZone));
  return {
    y: local.getUTCFullYear(),
    m: local.getUTCMonth(),
    d: local.getUTCDate(),
    weekday: local.getUTCDay(),
    minutes: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

/** The instant when the wall clock in `timeZone` reads `minutes` after midnight on y-m-d (day may overflow). */
export function zonedTime(y: number, m: number, d: number, minutes: number, timeZone: string): Date {
  const guess = Date.UTC(y, m, d) + minutes * 60_000;
  const first = guess - zoneOffsetMs(new Date(guess), timeZone);
  return new Date(guess - zoneOffsetMs(new Date(first), timeZone));
}

/** "2026-11-25": the day key of `date` in `timeZone` (daily cap reservations). */
export function dayKey(date: Date, timeZone: string): string {
  const { y, m, d } = localParts(date, timeZone);
  return `${y}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
