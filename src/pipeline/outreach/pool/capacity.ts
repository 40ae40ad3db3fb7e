import { dayKey, dayWindow } from '../time.js';
import type { SendingPolicy } from './policy.js';
import type { PoolMember, SenderRecord, SenderRepo } from './ports.js';

const DAY_MS = 86_400_000;

/**
 * A sender's cap for the day containing `now`: its own daily cap, or, while it warms up, the ramp from the policy's
 * start (10 a day by default) to its cap over the policy's days, counted from its first send.
 */
export function capToday(
  member: Pick<PoolMember, 'dailyCap' | 'warmup'>,
  record: Pick<SenderRecord, 'warmupStartedAt'> | undefined,
  now: Date,
  policy: SendingPolicy,
  timeZone: string,
): number {
  const { start, days } = policy.warmup;
  if (!member.warmup || days === 0 || start >= member.dailyCap) return member.dailyCap;
  const began = dayWindow(record?.warmupStartedAt ?? now, timeZone).start.getTime();
  const age = Math.max(0, Math.round((dayWindow(now, timeZone).start.getTime() - began) / DAY_MS));
  return Math.min(member.dailyCap, Math.floor(start + ((member.dailyCap - start) * Math.min(age, days)) / days));
}

export interface Capacity {
  name: string;
  address: string;
  status: SenderRecord['status'] | 'unknown';
  pauseReason: string | null;
  warmingUp: boolean;
  capToday: number;
  dailyCap: number;
  reservedToday: number;
  remainingToday: number;
}

/** Every sender's capacity today (App Home, doctor, `leadbot senders`). */
export async function poolCapacity(
  deps: { senders: PoolMember[]; senderState: SenderRepo; policy: () => SendingPolicy; now: () => Date },
  timeZone: string,
): Promise<Capacity[]> {
  const now = deps.now();
  const day = dayKey(now, timeZone);
  const out: Capacity[] = [];
  for (const member of deps.senders) {
    const record = await deps.senderState.get(member.name);
    const cap = capToday(member, record, now, deps.policy(), timeZone);
    const reserved = await deps.senderState.reserved(member.name, day);
    out.push({
      name: member.name,
      address: record?.address ?? member.from,
      status: record?.status ?? 'unknown',
      pauseReason: record?.pauseReason ?? null,
      warmingUp: cap < member.dailyCap,
      capToday: cap,
      dailyCap: member.dailyCap,
      reservedToday: reserved,
      remainingToday: record?.status === 'paused' ? 0 : Math.max(0, cap - reserved),
    });
  }
  return out;
}
