import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import type { VerificationResult } from '../../../src/pipeline/enrichment/ports.js';
import { createZeroBounceVerifier } from '../../../src/providers/enrichment/zerobounce.js';
import { type StandIn, sendJson, startStandIn } from '../../helpers/http-server.js';
import { testClient, vendorContract } from './contract.js';

/** Shaped like https://www.zerobounce.net/docs/email-validation-api-quickstart/ (v2 /validate). */
const validation = (address: string, status: string, sub_status = '') => ({
  address,
  status,
  sub_status,
  free_email: false,
  did_you_mean: null,
  account: address.split('@')[0],
  domain: address.split('@')[1],
  domain_age_days: '4000',
  smtp_provider: 'example',
  mx_found: 'true',
  mx_record: 'mx.acme.example',
  firstname: null,
  lastname: null,
  gender: null,
  country: null,
  region: null,
  city: null,
  zipcode: null,
  processed_at: '2026-11-25 09:00:00.000',
});

const verify = (url: string, email = 'dana.whitfield@acme.example') =>
  createZeroBounceVerifier({ http: testClient('zerobounce', url), apiKey: 'test-key' }).verify(email);

vendorContract({
  vendor: 'zerobounce',
  invoke: (_http, url) => verify(url),
  answer: (req, res) => sendJson(res, 200, validation(req.query.get('email')!, 'valid')),
  empty: (req, res) =>
    sendJson(res, 200, validation(req.query.get('email')!, 'unknown', 'mail_server_did_not_respond')),
  isEmpty: (r) => (r as VerificationResult).status === 'unknown',
  quotaBody: { error: 'Too many requests; your monthly quota is spent' },
});

describe('zerobounce verifier', () => {
  let server: StandIn | undefined;
  afterEach(async () => server?.close());

  it('maps each documented status; spamtrap, abuse and do_not_mail are never sendable', async () => {
    const statuses: Record<string, string> = {
      a: 'valid',
      b: 'catch-all',
      c: 'invalid',
      d: 'unknown',
      e: 'spamtrap',
      f: 'abuse',
      g: 'do_not_mail',
    };
    server = await startStandIn((req, res) => {
      const email = req.query.get('email')!;
      sendJson(res, 200, validation(email, statuses[email.split('@')[0]!]!));
    });
    const got: string[] = [];
    for (const local of Object.keys(statuses)) got.push((await verify(server.url, `${local}@acme.example`)).status);
    expect(got).toEqual(['valid', 'catch_all', 'invalid', 'unknown', 'invalid', 'invalid', 'invalid']);
    expect(Object.fromEntries(server.requests[0]!.query)).toMatchObject({
      api_key: 'test-key',
      email: 'a@acme.example',
    });
  });

  it('reads the 200 "Invalid API Key or your account ran out of credits" answer as a reason to stop', async () => {
    server = await startStandIn((_req, res) =>
      sendJson(res, 200, { error: 'Invalid API Key or your account ran out of credits' }),
    );
    const err = await verify(server.url).catch((e) => e);
    expect(isAppError(err, 'quota_exhausted')).toBe(true);
    expect((err as Error).message).toBe('zerobounce: Invalid API Key or your account ran out of credits');
  });
});
