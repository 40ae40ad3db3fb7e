import { AppError } from '../../errors.js';
import type { EmailVerifier, VerificationStatus } from '../../pipeline/enrichment/ports.js';
import type { HttpClient } from '../http/client.js';
import { record, str } from './names.js';

/*
 * ZeroBounce API v2 (https://www.zerobounce.net/docs/email-validation-api-quickstart/):
 *   GET /v2/validate?api_key=&email=&ip_address=
 *     → { address, status: valid | invalid | catch-all | unknown | spamtrap | abuse | do_not_mail, sub_status,
 *         free_email, did_you_mean, domain, mx_found, … }
 * A bad key or an empty balance is still HTTP 200, with { error: "Invalid API Key or your account ran out of
 * credits" }. Credits (zerobounce.net/email-validation-pricing): 1 per validation, none for "unknown".
 */

const STATUS: Record<string, VerificationStatus> = {
  valid: 'valid',
  'catch-all': 'catch_all',
  invalid: 'invalid',
  unknown: 'unknown',
  spamtrap: 'invalid',
  abuse: 'invalid',
  do_not_mail: 'invalid',
};

/** ZeroBounce: one address at a time; spamtrap, abuse and do_not_mail count as invalid (never send). */
export function createZeroBounceVerifier(options: { http: HttpClient; apiKey: string }): EmailVerifier {
  const { http, apiKey } = options;
  return {
    name: 'zerobounce',
    async verify(email) {
      const res = await http.request<Record<string, unknown>>({
        path: '/v2/validate',
        query: { api_key: apiKey, email, ip_address: '' },
      });
      const body = record(res.data);
      const error = str(body.error) ?? str(body.Message);
      if (error) {
        const details = { vendor: 'zerobounce', status: res.status, url: res.url, body: error };
        if (/api key|credits/i.test(error)) throw new AppError('quota_exhausted', `zerobounce: ${error}`, { details });
        throw new AppError('provider_failed', `zerobounce: ${error}`, { details });
      }
      const status = str(body.status)?.toLowerCase() ?? '';
      const mapped = STATUS[status];
      if (!mapped) throw new AppError('provider_failed', `zerobounce: unexpected status "${status}"`);
      const sub = str(body.sub_status);
      return { status: mapped, detail: [status, sub].filter(Boolean).join('/'), credits: mapped === 'unknown' ? 0 : 1 };
    },
  };
}
