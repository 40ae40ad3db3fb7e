/** HubSpot's CRM object as its APIs return it (search, batch, single). */
export interface HsObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt?: string;
  url?: string;
  objectWriteTraceId?: string;
  /** Batch upsert: true when the record was created by this call. */
  new?: boolean;
}

/** The objects in a search or batch answer ({ results: [...] }), skipping anything malformed. */
export function objectsOf(data: unknown): HsObject[] {
  const results = (data as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) return [];
  return results.flatMap((r) => {
    const o = r as Partial<HsObject> | null;
    if (!o || (typeof o.id !== 'string' && typeof o.id !== 'number')) return [];
    return [{ ...o, id: String(o.id), properties: (o.properties ?? {}) as HsObject['properties'] }];
  });
}

/** One object ({ id, properties }) or undefined. */
export function objectOf(data: unknown): HsObject | undefined {
  return objectsOf({ results: [data] })[0];
}

/** A property as text, or null when empty. */
export function prop(o: HsObject, name: string): string | null {
  const v = o.properties[name];
  return v === null || v === undefined || String(v).trim() === '' ? null : String(v);
}

/** HubSpot dates come as ISO strings or epoch milliseconds (as text); null when absent or unreadable. */
export function dateProp(o: HsObject, name: string): Date | null {
  const v = prop(o, name);
  if (!v) return null;
  const d = /^\d+$/.test(v) ? new Date(Number(v)) : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function numProp(o: HsObject, name: string): number {
  const n = Number(prop(o, name) ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** "www.Acme.example" → "acme.example". */
export function normalizeDomain(domain: string | null | undefined): string | null {
  const d = domain
    ?.trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/.*$/, '');
  return d ? d : null;
}

/** Splits a list into chunks of `size` (HubSpot batches take 100 inputs; searches 5 filter groups). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** HubSpot-defined association type ids (docs: "Associations v4, association type IDs"). */
export const ASSOCIATION = {
  emailToContact: 198,
  emailToCompany: 186,
  dealToCompany: 5,
  dealToContact: 3,
  taskToDeal: 216,
  taskToContact: 204,
} as const;

/** The inline association HubSpot's create endpoints take. */
export function associationTo(id: string, typeId: number) {
  return { to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }] };
}
