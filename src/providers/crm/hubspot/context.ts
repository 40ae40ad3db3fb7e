import type { HubspotConfig } from '../../../config.js';
import { isAppError } from '../../../errors.js';
import type { HubspotHttp } from './http.js';

/** The properties leadbot keeps in HubSpot (created when the token has the schema scopes). */
export const PROPERTY = {
  /** Unique on companies: batch upsert by it, so a retried write never creates a second company. */
  companyKey: 'leadbot_company_key',
  /** Unique on deals: the deal for a positive reply, once. */
  dealKey: 'leadbot_deal_key',
  /** Lead source on companies and contacts leadbot created or updated. */
  source: 'leadbot_source',
} as const;

/** Which of leadbot's properties exist (and, for keys, are unique) in this HubSpot account. */
export interface SchemaState {
  companyKey: boolean;
  companySource: boolean;
  contactSource: boolean;
  bounce: boolean;
  dealKey: boolean;
}

export const RECORD_TYPE = { contact: '0-1', company: '0-2', deal: '0-3' } as const;

export interface HubspotContext {
  http: HubspotHttp;
  config: HubspotConfig;
  /** Ensures leadbot's properties once per process (re-tried after a failure). */
  schema(): Promise<SchemaState>;
  /** The record's page in HubSpot, when the account is known. */
  recordUrl(type: keyof typeof RECORD_TYPE, id: string): Promise<string | null>;
  /** The account (portal) id, or null when HubSpot would not say. */
  portalId(): Promise<string | null>;
}

interface PropertyDefinition {
  objectType: 'companies' | 'contacts' | 'deals';
  name: string;
  label: string;
  type: 'string' | 'datetime';
  fieldType: 'text' | 'date';
  groupName: string;
  unique?: boolean;
  description: string;
}

export function createHubspotContext(http: HubspotHttp, config: HubspotConfig): HubspotContext {
  let schema: Promise<SchemaState> | undefined;
  let account: Promise<{ portalId: string; uiDomain: string } | null> | undefined;

  /** Creates the property when it is missing; false when the token may not (403) or a key exists without being unique. */
  const ensure = async (p: PropertyDefinition): Promise<boolean> => {
    const found = await http.request<{ hasUniqueValue?: boolean }>({
      path: http.api('crm/properties', `${p.objectType}/${p.name}`),
      acceptStatuses: [404, 403],
    });
    if (found.status === 200) return !p.unique || found.data?.hasUniqueValue === true;
    if (found.status === 403) return false;
    const created = await http.request({
      method: 'POST',
      path: http.api('crm/properties', p.objectType),
      json: {
        name: p.name,
        label: p.label,
        type: p.type,
        fieldType: p.fieldType,
        groupName: p.groupName,
        description: p.description,
        ...(p.unique ? { hasUniqueValue: true } : {}),
      },
      acceptStatuses: [403, 409],
    });
    // 409: another instance created it meanwhile.
    return created.status !== 403;
  };

  const definitions = (): Record<keyof SchemaState, PropertyDefinition> => ({
    companyKey: {
      objectType: 'companies',
      name: PROPERTY.companyKey,
      label: 'leadbot company key',
      type: 'string',
      fieldType: 'text',
      groupName: 'companyinformation',
      unique: true,
      description:
        "leadbot's key for this company (its domain, or name and city); unique, so leadbot never adds it twice",
    },
    companySource: {
      objectType: 'companies',
      name: PROPERTY.source,
      label: 'leadbot source',
      type: 'string',
      fieldType: 'text',
      groupName: 'companyinformation',
      description: 'Set when leadbot found this company and a person approved it',
    },
    contactSource: {
      objectType: 'contacts',
      name: PROPERTY.source,
      label: 'leadbot source',
      type: 'string',
      fieldType: 'text',
      groupName: 'contactinformation',
      description: 'Set when leadbot found this contact',
    },
    bounce: {
      objectType: 'contacts',
      name: config.bounceProperty,
      label: 'Hard bounce (leadbot)',
      type: 'datetime',
      fieldType: 'date',
      groupName: 'contactinformation',
      description: "When leadbot's email to this address hard-bounced: do not email it",
    },
    dealKey: {
      objectType: 'deals',
      name: PROPERTY.dealKey,
      label: 'leadbot deal key',
      type: 'string',
      fieldType: 'text',
      groupName: 'dealinformation',
      unique: true,
      description: "leadbot's key for the deal it opened from a positive reply; unique, so it is opened once",
    },
  });

  return {
    http,
    config,
    schema() {
      schema ??= (async () => {
        const defs = definitions();
        const state = {} as SchemaState;
        for (const key of Object.keys(defs) as (keyof SchemaState)[]) state[key] = await ensure(defs[key]);
        return state;
      })();
      schema.catch(() => {
        schema = undefined;
      });
      return schema;
    },
    async portalId() {
      account ??= http
        .request<{ portalId?: number | string; uiDomain?: string }>({ path: http.api('account-info', 'details') })
        .then((res) =>
          res.data?.portalId === undefined
            ? null
            : { portalId: String(res.data.portalId), uiDomain: res.data.uiDomain ?? 'app.hubspot.com' },
        )
        .catch((err) => {
          account = undefined;
          if (isAppError(err, 'unauthorized')) throw err;
          return null;
        });
      return (await account)?.portalId ?? null;
    },
    async recordUrl(type, id) {
      await this.portalId().catch(() => null);
      const a = await account?.catch(() => null);
      return a ? `https://${a.uiDomain}/contacts/${a.portalId}/record/${RECORD_TYPE[type]}/${id}` : null;
    },
  };
}
