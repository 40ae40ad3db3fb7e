import tzLookup from '@photostructure/tz-lookup';
import { type CityData, cityMapping } from 'city-timezones';
import type { Location, TimeZonePort } from '../../pipeline/outreach/pool/ports.js';

const norm = (s: unknown) =>
  String(s ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/gi, ' ')
    .trim()
    .toLowerCase();

const valid = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const US_NAMES = new Set(['us', 'usa', 'u s', 'u s a', 'united states', 'united states of america']);

/** The zone most of these places share, weighted by population (a state or country's own cities). */
function mainZone(rows: readonly CityData[]): string | undefined {
  const weight = new Map<string, number>();
  for (const r of rows) weight.set(r.timezone, (weight.get(r.timezone) ?? 0) + Math.max(1, r.pop));
  return [...weight.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * Recipient zones from the company's location, without a hand-written table: coordinates through
 * `@photostructure/tz-lookup` (time-zone boundaries), else the city through `city-timezones` (world cities with their
 * IANA zone, US cities with their state), narrowed by state and country; a city it does not list falls back to the
 * zone of most of its state's (or country's) listed population.
 */
export function createTimeZoneLookup(): TimeZonePort {
  const byCity = new Map<string, CityData[]>();
  for (const row of cityMapping) {
    for (const key of new Set([norm(row.city), norm(row.city_ascii)])) {
      const list = byCity.get(key) ?? [];
      list.push(row);
      byCity.set(key, list);
    }
  }
  const inCountry = (row: CityData, country: string) =>
    !country ||
    norm(row.iso2) === country ||
    norm(row.iso3) === country ||
    norm(row.country) === country ||
    (US_NAMES.has(country) && row.iso2 === 'US');
  const inState = (row: CityData, state: string) =>
    !state || norm(row.state_ansi) === state || norm(row.province) === state;
  return {
    zoneFor(location: Location) {
      const { latitude: lat, longitude: lng } = location;
      if (typeof lat === 'number' && typeof lng === 'number' && Number.isFinite(lat) && Number.isFinite(lng)) {
        try {
          const zone = tzLookup(lat, lng);
          if (valid(zone)) return { zone, source: 'coordinates' as const };
        } catch {
          // Out-of-range coordinates: try the address instead.
        }
      }
      const country = norm(location.country);
      const state = norm(location.state);
      const city = norm(location.city);
      if (city) {
        const rows = (byCity.get(city) ?? []).filter((r) => inCountry(r, country) && inState(r, state));
        const zones = new Set(rows.map((r) => r.timezone));
        if (zones.size === 1 && valid([...zones][0]!)) return { zone: [...zones][0]!, source: 'city' as const };
      }
      if (state) {
        const zone = mainZone(
          cityMapping.filter((r) => inCountry(r, country) && inState(r, state) && (country || r.iso2 === 'US')),
        );
        if (zone && valid(zone)) return { zone, source: 'state' as const };
      }
      if (country) {
        const rows = cityMapping.filter((r) => inCountry(r, country));
        const zones = new Set(rows.map((r) => r.timezone));
        if (zones.size === 1 && valid([...zones][0]!)) return { zone: [...zones][0]!, source: 'country' as const };
      }
      return undefined;
    },
  };
}
