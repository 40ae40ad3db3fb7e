import { z } from 'zod';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clock = z
  .string()
  .regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'must be a time like "08:00" (24-hour clock, "24:00" for midnight)')
  .transform((v) => Number(v.slice(0, 2)) * 60 + Number(v.slice(3)))
  .refine((m) => m <= 24 * 60, 'must be no later than "24:00"');

/** The `sending` block of directives/outreach.md: send windows, pacing, warm-up and the automatic pause. */
export const sendingPolicySchema = z.object({
  window: z
    .object({
      days: z.array(z.enum(WEEKDAYS)).min(1, 'name at least one day (mon … sun)'),
      /** Minutes after local midnight. */
      start: clock,
      end: clock,
    })
    .refine((w) => w.end > w.start, 'window.end must be after window.start'),
  /** Least minutes between two sends from one mailbox, so a day's sends are spread rather than in bursts. */
  gapMinutes: z.number().min(0).max(240),
  warmup: z.object({
    /** Sends a day on a new mailbox's first day. */
    start: z.number().int().min(1).max(10_000),
    /** Days until it reaches its own daily cap. */
    days: z.number().int().min(0).max(365),
  }),
  pause: z.object({
    /** Pause a sender whose hard bounces over its last `over` sends pass this share (0.02 = 2%). */
    hardBounceRate: z.number().gt(0).lt(1),
    over: z.number().int().min(10).max(10_000),
  }),
});

export type SendingPolicy = z.infer<typeof sendingPolicySchema>;

export const weekdayIndex = (day: Weekday): number => WEEKDAYS.indexOf(day);

/** "weekdays 08:00–17:00" / "mon, sat 09:30–12:00", for cards and doctor. */
export function describeWindow(policy: SendingPolicy): string {
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const days = [...policy.window.days].sort((a, b) => weekdayIndex(a) - weekdayIndex(b));
  const weekdays = days.join(',') === 'mon,tue,wed,thu,fri';
  const every = days.length === 7;
  const label = every ? 'every day' : weekdays ? 'weekdays' : days.join(', ');
  return `${label} ${hhmm(policy.window.start)}–${hhmm(policy.window.end)}`;
}
