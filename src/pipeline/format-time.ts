/** "Dec 6, 20:01" (with the zone, "Dec 6, 20:01 UTC") in an IANA time zone: decisions, cards, the digest. */
export function formatShortTime(date: Date, timeZone: string, options: { zone?: boolean } = {}): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    ...(options.zone === false ? {} : { timeZoneName: 'short' }),
  }).format(date);
}
