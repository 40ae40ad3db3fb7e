import { createHmac, timingSafeEqual } from 'node:crypto';

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

/** A per-recipient unsubscribe token: the address plus an HMAC, so it cannot be forged or altered. */
export function createUnsubscribeToken(email: string, secret: string): string {
  const normalized = email.trim().toLowerCase();
  const mac = createHmac('sha256', secret).update(`unsubscribe:${normalized}`).digest().subarray(0, 16);
  return `${b64(normalized)}.${b64(mac)}`;
}

/** The address a token was issued for, or undefined when the token is malformed or forged. */
export function verifyUnsubscribeToken(token: string, secret: string): string | undefined {
  const match = /^([A-Za-z0-9_-]{4,400})\.([A-Za-z0-9_-]{16,64})$/.exec(token);
  if (!match) return undefined;
  const email = Buffer.from(match[1]!, 'base64url').toString('utf8');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return undefined;
  const expected = Buffer.from(createUnsubscribeToken(email, secret).split('.')[1]!, 'base64url');
  const given = Buffer.from(match[2]!, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected) ? email : undefined;
}
