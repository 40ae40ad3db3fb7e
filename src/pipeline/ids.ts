import { randomBytes } from 'node:crypto';

/** A short, sortable, unique id such as `run_m3x9k2a1b7c4d5`. */
export function createId(prefix: string, now: Date = new Date()): string {
  const time = now.getTime().toString(36).padStart(9, '0');
  const rand = randomBytes(5).toString('hex').slice(0, 6);
  return `${prefix}_${time}${rand}`;
}
