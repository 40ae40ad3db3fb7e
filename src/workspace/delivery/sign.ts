import { createHmac } from 'node:crypto';

/**
 * Slack's v0 request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}` keyed with the signing secret.
 * Returns the two headers Slack sends with every request to an app.
 */
export function signSlackRequest(
  signingSecret: string,
  body: string,
  timestampSeconds: number,
): { 'x-slack-signature': string; 'x-slack-request-timestamp': string } {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${digest}`, 'x-slack-request-timestamp': String(timestampSeconds) };
}
