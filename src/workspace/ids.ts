import { randomBytes, randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A Slack-style id: the prefix followed by uppercase letters and digits ("C", "V", "Ev"). */
export function slackId(prefix: string, length = 10): string {
  let id = prefix;
  for (let i = 0; i < length; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

/** Random lowercase hex of `bytes` bytes. */
export function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * Issues Slack message timestamps ("1700000000.000100"): seconds and microseconds, strictly increasing
 * across the workspace, so every ts is unique and sorts in posting order.
 */
export function createTsClock(now: () => Date) {
  let last = 0;
  return (): string => {
    const micros = Math.max(now().getTime() * 1000, last + 1);
    last = micros;
    const seconds = Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };
}

/** Compares two Slack timestamps numerically. */
export function compareTs(a: string, b: string): number {
  const [as, au = '0'] = a.split('.');
  const [bs, bu = '0'] = b.split('.');
  return Number(as) - Number(bs) || Number(au.padEnd(6, '0')) - Number(bu.padEnd(6, '0'));
}
