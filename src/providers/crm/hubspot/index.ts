import type { HubspotConfig } from '../../../config.js';
import type { CrmPort } from '../../../pipeline/crm/ports.js';
import type { RateLimitRepo } from '../../../pipeline/limits/ports.js';
import { describeAccess } from './access.js';
import { createTask, logEmails, markBounced, optOut, saveDeal } from './activities.js';
import { createHubspotContext } from './context.js';
import { createHubspotHttp, type HubspotHttp } from './http.js';
import { createOwnerNames, findCompanies } from './lookup.js';
import { reconcileCompany, saveCompanies, saveContacts } from './records.js';

export interface HubspotCrm extends CrmPort {
  /** The HTTP layer with its rate-limit gate (the outbox reads when HubSpot may be asked again). */
  http: HubspotHttp;
}

/**
 * HubSpot as leadbot's CRM, on the date-versioned API (HUBSPOT_API_VERSION, default 2026-09) through the official
 * SDK. Rate limits are reservations in the database when `rateLimits` is given (the running app), so they hold
 * across instances; doctor passes none and counts in its own process.
 */
export function createHubspotCrm(
  config: HubspotConfig,
  options: { rateLimits?: RateLimitRepo; now?: () => Date; timeoutMs?: number; maxWaitMs?: number } = {},
): HubspotCrm {
  const http = createHubspotHttp(config, options);
  const ctx = createHubspotContext(http, config);
  const ownerName = createOwnerNames(ctx);
  return {
    provider: 'hubspot',
    label: 'HubSpot',
    http,
    findCompanies: (queries) => findCompanies(ctx, queries),
    ownerName,
    saveCompanies: (inputs) => saveCompanies(ctx, inputs),
    saveContacts: (inputs) => saveContacts(ctx, inputs),
    logEmails: (inputs, o) => logEmails(ctx, inputs, o),
    saveDeal: (input, o) => saveDeal(ctx, input, o),
    createTask: (input, o) => createTask(ctx, input, o),
    optOut: (email) => optOut(ctx, email),
    markBounced: (contact, at) => markBounced(ctx, contact, at),
    reconcileCompany: (input) => reconcileCompany(ctx, input),
    access: () => describeAccess(ctx),
    retryAt: () => http.gate.blockedUntil(),
  };
}
