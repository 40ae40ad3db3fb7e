import { AppError, isAppError } from '../../errors.js';
import type { OsmTagTable } from '../../pipeline/scout/directive.js';
import { inLocation, stateCode } from '../../pipeline/scout/location.js';
import { normalizeDomain, normalizeWebsite } from '../../pipeline/scout/normalize.js';
import type { CandidateCompany, CompanySource, ResolvedLocation, ScoutQuery } from '../../pipeline/scout/ports.js';
import type { HttpClient } from '../http/client.js';

/** One Nominatim `format=jsonv2` search result (the fields leadbot reads). */
interface NominatimPlace {
  display_name?: string;
  name?: string;
  addresstype?: string;
  boundingbox?: [string, string, string, string];
  address?: Record<string, string | undefined>;
}

/** An Overpass `[out:json]` element with `out center tags`. */
interface OverpassElement {
  type: 'node' | 'way' | 'relation';
  id: number;
  lat?: number;
  lon?: number;
  center?: { lat: number; lon: number };
  tags?: Record<string, string>;
}

export interface OsmSourceOptions {
  nominatim: HttpClient;
  overpass: HttpClient;
  /** The directive's industry → tag mapping, read at query time so edits apply without a restart. */
  tags: () => OsmTagTable;
  /** Sent as `email=` to Nominatim, as its usage policy asks of heavy users. */
  contactEmail?: string;
  /** Overpass server-side timeout, seconds. */
  timeoutSeconds?: number;
}

/** Builds the Overpass QL for named features with any of `tags` inside the bbox (south, west, north, east). */
export function buildOverpassQuery(
  tags: readonly string[],
  bbox: [number, number, number, number],
  limit: number,
  timeoutSeconds = 25,
): string {
  const box = bbox.map((n) => n.toFixed(5)).join(',');
  // "shop=car+second_hand=only": every tag of the set must match.
  const filters = tags.map((set) =>
    set
      .split('+')
      .map((tag) => {
        const [k, v] = tag.split('=');
        return v === undefined ? `["${k}"]` : `["${k}"="${v}"]`;
      })
      .join(''),
  );
  const lines = filters.map((f) => `  nwr${f}["name"](${box});`);
  return `[out:json][timeout:${timeoutSeconds}];\n(\n${lines.join('\n')}\n);\nout center tags ${limit};`;
}

/** Maps an Overpass element to a candidate; undefined for unnamed features. */
function fromOverpass(el: OverpassElement, industry: string, location: ResolvedLocation) {
  const t = el.tags ?? {};
  if (!t.name) return undefined;
  const website = normalizeWebsite(t.website ?? t['contact:website'] ?? t.url) ?? null;
  const street = [t['addr:housenumber'], t['addr:street']].filter(Boolean).join(' ');
  const candidate: CandidateCompany = {
    name: t.name,
    industry,
    domain: normalizeDomain(website) ?? null,
    website,
    address: street || null,
    city: t['addr:city'] ?? location.city,
    state: stateCode(t['addr:state'] ?? '') ?? location.state,
    postalCode: t['addr:postcode'] ?? null,
    country: 'US',
    phone: t.phone ?? t['contact:phone'] ?? null,
    employeeCount: null,
    siteCount: null,
    buildingSqft: null,
    latitude: el.lat ?? el.center?.lat ?? null,
    longitude: el.lon ?? el.center?.lon ?? null,
    sources: ['osm'],
    sourceRefs: { osm: `${el.type}/${el.id}` },
  };
  return candidate;
}

/**
 * OpenStreetMap as a Scout source: Nominatim geocodes the location (1 request/second, a descriptive User-Agent,
 * optional contact email), Overpass finds named businesses by the directive's tags inside its bounding box.
 */
export function createOsmSource(options: OsmSourceOptions): CompanySource {
  const geocode = async (text: string): Promise<ResolvedLocation | undefined> => {
    const res = await options.nominatim.request<NominatimPlace[]>({
      path: '/search',
      query: {
        format: 'jsonv2',
        q: text,
        limit: 1,
        countrycodes: 'us',
        addressdetails: 1,
        email: options.contactEmail,
      },
    });
    const place = Array.isArray(res.data) ? res.data[0] : undefined;
    const box = place?.boundingbox?.map(Number);
    if (!place || !box || box.length !== 4 || box.some((n) => !Number.isFinite(n))) return undefined;
    const a = place.address ?? {};
    const iso = a['ISO3166-2-lvl4']?.replace(/^US-/, '');
    const isState = place.addresstype === 'state';
    return {
      text: text.trim(),
      city: isState ? null : (a.city ?? a.town ?? a.village ?? a.hamlet ?? place.name ?? null),
      state: (iso && stateCode(iso)) || stateCode(a.state ?? '') || null,
      country: 'US',
      bbox: [box[0]!, box[2]!, box[1]!, box[3]!],
      displayName: place.display_name,
    };
  };
  return {
    name: 'osm',
    usesQueryText: false,
    describeSkip: (err) =>
      isAppError(err, 'forbidden')
        ? '403 refused (see the OpenStreetMap usage policies; set OSM_CONTACT_EMAIL)'
        : undefined,
    resolveLocation: (text) => geocode(text),
    async search(query: ScoutQuery): Promise<CandidateCompany[]> {
      // The term's own tags; a broader search only when it has none, and its companies say so.
      const own = query.term !== undefined ? (query.osmTags ?? []) : (options.tags()[query.industry] ?? []);
      const broader = own.length === 0 && query.broader?.osmTags.length ? query.broader : undefined;
      const tags = broader ? broader.osmTags : own;
      if (tags.length === 0) return [];
      const location = query.location.bbox ? query.location : await geocode(query.location.text);
      if (!location?.bbox) return [];
      const limit = query.limit * query.page;
      const ql = buildOverpassQuery(tags, location.bbox, limit, options.timeoutSeconds);
      const res = await options.overpass.request<{ elements?: OverpassElement[]; remark?: string }>({
        method: 'POST',
        path: '/interpreter',
        form: { data: ql },
      });
      const elements = res.data?.elements;
      if (!Array.isArray(elements)) throw new AppError('provider_failed', 'overpass: answer has no elements');
      if (elements.length === 0 && res.data.remark && /error|timed out/i.test(res.data.remark))
        throw new AppError('timeout', `overpass: ${res.data.remark}`);
      return elements
        .map((el) => fromOverpass(el, query.industry, location))
        .filter((c): c is CandidateCompany => c !== undefined)
        .map((c) => (broader ? { ...c, sourceRefs: { ...c.sourceRefs, broader: broader.label } } : c))
        .filter((c) => inLocation(c, query.location));
    },
  };
}
