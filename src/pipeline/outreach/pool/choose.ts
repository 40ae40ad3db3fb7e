import type { OutreachDeps } from '../deps.js';
import type { OutreachEventRecord } from '../ports.js';
import { dayKey } from '../time.js';
import { capToday } from './capacity.js';
import type { PoolMember, SlotRefusal } from './ports.js';

export type SenderPick =
  | { ok: true; member: PoolMember; day: string }
  | { ok: false; why: SlotRefusal | 'unknown_sender'; sender?: string };

/**
 * The sender for a due send, with one send reserved on it for today: the sequence's own sender once its first email
 * left (it waits while that sender is paused, full or pacing), else the active sender with the most room today.
 * `skip` holds senders that failed to connect earlier in this pass.
 */
export async function pickSender(
  event: OutreachEventRecord,
  deps: OutreachDeps,
  skip: ReadonlySet<string>,
): Promise<SenderPick> {
  const now = deps.now();
  const day = dayKey(now, deps.limits.timeZone);
  const gapMs = deps.policy().gapMinutes * 60_000;
  const sequence = event.sequenceId ? await deps.outreach.getSequence(event.sequenceId) : undefined;
  const reserve = async (member: PoolMember) => {
    const cap = capToday(member, await deps.senderState.get(member.name), now, deps.policy(), deps.limits.timeZone);
    return deps.senderState.reserve(member.name, { day, cap, gapMs }, now);
  };
  if (sequence?.sender) {
    const member = deps.senders.find((s) => s.name === sequence.sender);
    if (!member) return { ok: false, why: 'unknown_sender', sender: sequence.sender };
    if (skip.has(member.name)) return { ok: false, why: 'gap', sender: member.name };
    const slot = await reserve(member);
    return slot.ok ? { ok: true, member, day } : { ok: false, why: slot.why, sender: member.name };
  }
  const ranked: { member: PoolMember; room: number }[] = [];
  for (const member of deps.senders) {
    if (skip.has(member.name)) continue;
    const record = await deps.senderState.get(member.name);
    if (record?.status === 'paused') continue;
    const cap = capToday(member, record, now, deps.policy(), deps.limits.timeZone);
    ranked.push({ member, room: cap - (await deps.senderState.reserved(member.name, day)) });
  }
  ranked.sort((a, b) => b.room - a.room);
  let why: SlotRefusal = ranked.length === 0 ? 'paused' : 'cap';
  for (const { member } of ranked) {
    const slot = await reserve(member);
    if (slot.ok) return { ok: true, member, day };
    if (slot.why === 'gap') why = 'gap';
  }
  return { ok: false, why };
}
