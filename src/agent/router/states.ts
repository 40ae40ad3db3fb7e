import { US_STATES } from '../../pipeline/scout/location.js';

/** US states and DC: code → name (one table, kept with the Scout's location parsing). */
export { US_STATES };

/** Two-letter codes that are also common English words: a state only when typed in capitals or after a comma. */
export const AMBIGUOUS_CODES = new Set(['IN', 'OR', 'ME', 'OH', 'OK', 'HI', 'DE', 'ID', 'LA', 'CO', 'PA', 'MA', 'AL']);

const NAME_TO_CODE = new Map(Object.entries(US_STATES).map(([code, name]) => [name.toLowerCase(), code]));

/** The state code for a full name ("new york" → "NY"), or undefined. */
export function stateCodeForName(name: string): string | undefined {
  return NAME_TO_CODE.get(name.toLowerCase().replace(/\s+/g, ' '));
}
