import type { ServerResponse } from 'node:http';
import { type RecordedRequest, type StandIn, sendJson, startStandIn } from './http-server.js';

/**
 * A HubSpot account over HTTP, answering the date-versioned CRM API as HubSpot documents it (objects, search,
 * batch create/update/upsert by a unique property, merge, default associations, properties, owners, account info,
 * communication preferences, private-app token introspection). Search is eventually consistent on request:
 * with `lag` on, records written are invisible to search until `catchUp()`, deterministically.
 */
export interface HubspotRecord {
  id: string;
  type: string;
  properties: Record<string, string>;
  createdAt: string;
  archived: boolean;
}

export interface HubspotStandIn extends StandIn {
  token: string;
  version: string;
  records: Map<string, HubspotRecord>;
  /** "emails/7|contacts/3", both directions. */
  associations: Set<string>;
  /** Property definitions per object type: name → unique. */
  properties: Map<string, Map<string, boolean>>;
  unsubscribed: Set<string>;
  /** Newly written records stay out of search results until catchUp(). */
  lag: boolean;
  catchUp(): void;
  /** Answers the next `times` matching requests with this status and body. */
  failNext(fault: {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
    times?: number;
    path?: RegExp;
    /** The request is carried out and only the answer is lost. */
    landed?: boolean;
    /** The request is carried out and no answer ever comes (the asking process is as good as dead). */
    silent?: boolean;
  }): void;
  clearFaults(): void;
  /** Adds a record as the team would have (visible to search). */
  seed(type: string, properties: Record<string, string>): HubspotRecord;
  all(type: string): HubspotRecord[];
  associated(a: HubspotRecord | string, b: HubspotRecord | string): boolean;
}

export interface HubspotStandInOptions {
  token?: string;
  version?: string;
  /** The token may create properties (crm.schemas.*.write). */
  schemaWrite?: boolean;
  scopes?: string[];
  owners?: Record<string, { firstName: string; lastName: string; email: string }>;
}

/** Association type id → the object type it points to (HubSpot-defined ids used by leadbot). */
const TYPE_TARGET: Record<number, string> = {
  198: 'contacts',
  186: 'companies',
  5: 'companies',
  3: 'contacts',
  216: 'deals',
  204: 'contacts',
};
const SINGULAR: Record<string, string> = {
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
  email: 'emails',
  task: 'tasks',
};

const error = (res: ServerResponse, status: number, message: string, category: string) =>
  sendJson(res, status, { status: 'error', message, correlationId: 'c0ffee', category });

export async function startHubspotStandIn(options: HubspotStandInOptions = {}): Promise<HubspotStandIn> {
  const token = options.token ?? 'pat-na1-test';
  const version = options.version ?? '2026-09';
  const records = new Map<string, HubspotRecord>();
  const indexed = new Set<string>();
  const associations = new Set<string>();
  const unsubscribed = new Set<string>();
  const faults: {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
    times: number;
    path?: RegExp;
    landed?: boolean;
    silent?: boolean;
  }[] = [];
  const properties = new Map<string, Map<string, boolean>>([
    ['companies', new Map([['domain', false]])],
    ['contacts', new Map([['email', true]])],
    ['deals', new Map()],
  ]);
  let nextId = 1000;
  let lag = false;

  const add = (type: string, props: Record<string, string>): HubspotRecord => {
    const id = String(nextId++);
    const now = new Date().toISOString();
    const r: HubspotRecord = {
      id,
      type,
      properties: { createdate: now, hs_object_id: id, ...props },
      createdAt: now,
      archived: false,
    };
    records.set(id, r);
    if (!lag) indexed.add(id);
    return r;
  };
  const link = (a: string, b: string) => {
    associations.add(`${a}|${b}`);
    associations.add(`${b}|${a}`);
  };
  const view = (r: HubspotRecord, extra: Record<string, unknown> = {}) => ({
    id: r.id,
    properties: r.properties,
    createdAt: r.createdAt,
    updatedAt: r.createdAt,
    archived: false,
    ...extra,
  });
  const inline = (r: HubspotRecord, list: unknown) => {
    for (const a of (list as { to: { id: string }; types: { associationTypeId: number }[] }[] | undefined) ?? []) {
      const target = TYPE_TARGET[a.types[0]?.associationTypeId ?? 0];
      if (target) link(`${r.type}/${r.id}`, `${target}/${a.to.id}`);
    }
  };
  const live = (type: string) => [...records.values()].filter((r) => r.type === type && !r.archived);
  const stringify = (props: Record<string, unknown> = {}) =>
    Object.fromEntries(Object.entries(props).map(([k, v]) => [k, String(v)]));

  const matches = (r: HubspotRecord, f: { propertyName: string; operator: string; value: string }) => {
    const assoc = /^associations\.(\w+)$/.exec(f.propertyName);
    if (assoc) return associations.has(`${r.type}/${r.id}|${SINGULAR[assoc[1]!]}/${f.value}`);
    const v = r.properties[f.propertyName];
    if (f.operator !== 'EQ') throw new Error(`stand-in: operator ${f.operator}`);
    return v !== undefined && v.toLowerCase() === String(f.value).toLowerCase();
  };

  const objects = (type: string, rest: string[], req: RecordedRequest, res: ServerResponse) => {
    const body = req.body ? JSON.parse(req.body) : {};
    const [first, second] = rest;
    if (req.method === 'POST' && first === 'search') {
      const groups = body.filterGroups as { filters: { propertyName: string; operator: string; value: string }[] }[];
      if (groups.length > 5) return error(res, 400, 'Too many filter groups (max 5)', 'VALIDATION_ERROR');
      const found = live(type)
        .filter((r) => indexed.has(r.id))
        .filter((r) => groups.length === 0 || groups.some((g) => g.filters.every((f) => matches(r, f))));
      for (const sort of ((body.sorts as { propertyName: string; direction: string }[] | undefined) ?? []).reverse()) {
        const key = (r: HubspotRecord) => r.properties[sort.propertyName] ?? '';
        found.sort((a, b) => key(a).localeCompare(key(b)) * (sort.direction === 'DESCENDING' ? -1 : 1));
      }
      const wanted = (body.properties as string[] | undefined) ?? [];
      const results = found.slice(0, body.limit ?? 10).map((r) =>
        view(r, {
          properties: Object.fromEntries(
            ['hs_object_id', 'createdate', ...wanted].map((p) => [p, r.properties[p] ?? null]),
          ),
        }),
      );
      return sendJson(res, 200, { total: found.length, results });
    }
    if (req.method === 'POST' && first === 'batch') {
      const inputs = body.inputs as Record<string, unknown>[];
      if (inputs.length > 100) return error(res, 400, 'Batch size limit is 100', 'VALIDATION_ERROR');
      const results: unknown[] = [];
      const errors: unknown[] = [];
      for (const i of inputs) {
        const trace = i.objectWriteTraceId ? { objectWriteTraceId: i.objectWriteTraceId } : {};
        const props = stringify(i.properties as Record<string, unknown>);
        if (second === 'create') {
          const r = add(type, props);
          inline(r, i.associations);
          results.push(view(r, trace));
        } else if (second === 'upsert' || second === 'update') {
          const idProperty = (i.idProperty as string | undefined) ?? 'hs_object_id';
          if (idProperty !== 'hs_object_id' && properties.get(type)?.get(idProperty) !== true)
            return error(res, 400, `${idProperty} is not a unique property`, 'VALIDATION_ERROR');
          const id = String(i.id).toLowerCase();
          const found = live(type).find((r) => (r.properties[idProperty] ?? '').toLowerCase() === id);
          if (found) {
            Object.assign(found.properties, props);
            results.push(view(found, { ...trace, ...(second === 'upsert' ? { new: false } : {}) }));
          } else if (second === 'upsert') {
            results.push(view(add(type, { ...props, [idProperty]: String(i.id) }), { ...trace, new: true }));
          } else errors.push({ status: 'error', category: 'OBJECT_NOT_FOUND', context: { ids: [String(i.id)] } });
        }
      }
      const at = new Date().toISOString();
      const status = errors.length > 0 ? 207 : second === 'create' ? 201 : 200;
      return sendJson(res, status, {
        status: 'COMPLETE',
        results,
        ...(errors.length ? { errors, numErrors: errors.length } : {}),
        startedAt: at,
        completedAt: at,
      });
    }
    if (req.method === 'POST' && first === 'merge') {
      const primary = records.get(String(body.primaryObjectId));
      const merged = records.get(String(body.objectIdToMerge));
      if (!primary || !merged) return error(res, 404, 'Object not found', 'OBJECT_NOT_FOUND');
      merged.archived = true;
      for (const a of [...associations])
        if (a.startsWith(`${type}/${merged.id}|`)) link(`${type}/${primary.id}`, a.split('|')[1]!);
      return sendJson(res, 200, view(primary));
    }
    if (req.method === 'POST' && !first) {
      const r = add(type, stringify(body.properties));
      inline(r, body.associations);
      return sendJson(res, 201, view(r));
    }
    if (req.method === 'PATCH' && first) {
      const r = records.get(first);
      if (!r || r.archived || r.type !== type) return error(res, 404, 'Object not found', 'OBJECT_NOT_FOUND');
      Object.assign(r.properties, stringify(body.properties));
      return sendJson(res, 200, view(r));
    }
    if (req.method === 'GET' && !first)
      return sendJson(res, 200, {
        results: live(type)
          .slice(0, 1)
          .map((r) => view(r)),
      });
    return error(res, 404, `stand-in: ${req.method} ${req.path}`, 'NOT_FOUND');
  };

  const stand = await startStandIn((req, res) => {
    const fault = faults.find((f) => !f.path || f.path.test(req.path));
    if (fault) {
      if (--fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
      if (fault.landed || fault.silent) answer(req, { writeHead() {}, end() {} } as unknown as ServerResponse);
      if (fault.silent) return;
      return sendJson(res, fault.status, fault.body ?? { status: 'error', message: 'fault' }, fault.headers);
    }
    return answer(req, res);
  });

  function answer(req: RecordedRequest, res: ServerResponse) {
    if (req.headers.authorization !== `Bearer ${token}`)
      return error(res, 401, 'Authentication credentials not found.', 'INVALID_AUTHENTICATION');
    const parts = req.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (req.path === '/oauth/v2/private-apps/get/access-token-info')
      return sendJson(res, 200, { userId: 1, hubId: 4242, appId: 7, scopes: options.scopes ?? [] });
    const [family, kind, v, ...rest] = parts;
    const famVersion = family === 'crm' ? v : kind;
    const after = family === 'crm' ? rest : [v, ...rest].filter((x): x is string => x !== undefined);
    if (famVersion !== version) return error(res, 404, `Unknown API version in ${req.path}`, 'NOT_FOUND');
    if (family === 'account-info') return sendJson(res, 200, { portalId: 4242, uiDomain: 'app.hubspot.com' });
    if (family === 'communication-preferences') {
      const email = after[1]!.toLowerCase();
      if (!live('contacts').some((c) => c.properties.email?.toLowerCase() === email))
        return error(res, 404, 'Contact not found', 'OBJECT_NOT_FOUND');
      unsubscribed.add(email);
      return sendJson(res, 200, {
        results: [{ channel: 'EMAIL', status: 'NOT_SUBSCRIBED', subscriberIdString: email }],
      });
    }
    if (family !== 'crm') return error(res, 404, 'Not found', 'NOT_FOUND');
    if (kind === 'owners') {
      const owner = options.owners?.[after[0]!];
      return owner ? sendJson(res, 200, { id: after[0], ...owner }) : error(res, 404, 'Owner not found', 'NOT_FOUND');
    }
    if (kind === 'properties') {
      const defs = properties.get(after[0]!) ?? new Map<string, boolean>();
      properties.set(after[0]!, defs);
      if (req.method === 'GET') {
        const unique = defs.get(after[1]!);
        return unique === undefined
          ? error(res, 404, 'Property not found', 'OBJECT_NOT_FOUND')
          : sendJson(res, 200, { name: after[1], hasUniqueValue: unique });
      }
      if (options.schemaWrite === false)
        return error(res, 403, 'This app hasn\u2019t been granted all required scopes', 'MISSING_SCOPES');
      const def = JSON.parse(req.body) as { name: string; hasUniqueValue?: boolean };
      if (defs.has(def.name)) return error(res, 409, 'Property already exists', 'OBJECT_ALREADY_EXISTS');
      defs.set(def.name, def.hasUniqueValue === true);
      return sendJson(res, 201, def);
    }
    if (kind === 'associations') {
      const [from, to] = after;
      for (const i of JSON.parse(req.body).inputs as { from: { id: string }; to: { id: string } }[])
        link(`${from}/${i.from.id}`, `${to}/${i.to.id}`);
      return sendJson(res, 200, { status: 'COMPLETE', results: [] });
    }
    if (kind === 'objects') return objects(after[0]!, after.slice(1), req, res);
    return error(res, 404, 'Not found', 'NOT_FOUND');
  }

  const id = (x: HubspotRecord | string) => (typeof x === 'string' ? x : `${x.type}/${x.id}`);
  return {
    ...stand,
    token,
    version,
    records,
    associations,
    properties,
    unsubscribed,
    get lag() {
      return lag;
    },
    set lag(on: boolean) {
      lag = on;
    },
    catchUp() {
      for (const r of records.keys()) indexed.add(r);
    },
    failNext(fault) {
      faults.push({ ...fault, times: fault.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    seed(type, props) {
      const was = lag;
      lag = false;
      const r = add(type, props);
      lag = was;
      return r;
    },
    all: live,
    associated: (a, b) => associations.has(`${id(a)}|${id(b)}`),
  };
}
