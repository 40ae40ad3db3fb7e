import { AppError } from '../../errors.js';

const MIN_COUNT = 1;
export const MAX_COUNT = 100;
export const DEFAULT_COUNT = 10;

export interface SearchArgsInput {
  industry: string;
  location: string;
  count?: number;
  exclude?: number[];
}

export interface ValidSearchArgs {
  industry: string;
  location: string;
  count: number;
  exclude: number[];
}

/** Reads a count typed by a person ("10", " 25 "); returns the number or a message saying what is accepted. */
export function parseCount(text: string | number | undefined): number | string {
  if (text === undefined) return DEFAULT_COUNT;
  const value = typeof text === 'number' ? text : /^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < MIN_COUNT || value > MAX_COUNT)
    return `count must be a whole number from ${MIN_COUNT} to ${MAX_COUNT} (got "${String(text).trim()}")`;
  return value;
}

/**
 * Checks a search request before anything is written.
 * @throws AppError('invalid_input') listing every problem and what is accepted.
 */
export function validateSearchArgs(input: SearchArgsInput): ValidSearchArgs {
  const problems: string[] = [];
  const industry = (input.industry ?? '').trim();
  const location = (input.location ?? '').trim();
  if (!industry) problems.push('industry is empty (e.g. "healthcare", "law firms", "hotels")');
  else if (industry.length > 80) problems.push('industry is longer than 80 characters');
  if (!location) problems.push('location is empty (e.g. "Buffalo, NY" or "TX")');
  else if (location.length > 80) problems.push('location is longer than 80 characters');
  const count = parseCount(input.count);
  if (typeof count === 'string') problems.push(count);
  const exclude = (input.exclude ?? []).filter((id) => Number.isInteger(id) && id > 0);
  if (problems.length > 0) throw new AppError('invalid_input', `Cannot search: ${problems.join('; ')}.`);
  return { industry, location, count: count as number, exclude };
}
