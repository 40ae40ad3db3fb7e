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
