import type { IncomingMessage } from 'node:http';
import type { Json } from '../store/types.js';

/** A Web API error answered as `{ ok: false, error, ...extra }`, the way Slack reports failures. */
export class SlackApiError extends Error {
  readonly error: string;
  readonly extra: Json;
  constructor(error: string, extra: Json = {}) {
    super(error);
    this.name = 'SlackApiError';
    this.error = error;
    this.extra = extra;
  }
}

/** Arguments that the Web API accepts as JSON strings in form-encoded requests. */
const JSON_ARGS = new Set([
  'blocks',
  'attachments',
  'view',
  'metadata',
  'chunks',
  'prompts',
  'unfurls',
  'options',
  'loading_messages',
]);

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
}

/**
 * Parses a Web API request the way Slack accepts it: form-encoded or JSON body, query string arguments,
 * and the token from `Authorization: Bearer …` or a `token` argument.
 * @throws SlackApiError('invalid_json' | 'invalid_form_data' | 'invalid_arguments').
 */
export function parseApiCall(req: IncomingMessage, method: string, body: string): ApiCall {
  const url = new URL(req.url ?? '/', 'http://workspace.local');
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (body.trim() !== '') {
    if (type.includes('application/json')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new SlackApiError('invalid_json');
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SlackApiError('invalid_json');
      Object.assign(args, parsed);
    } else if (type.includes('application/x-www-form-urlencoded') || type === '') {
      for (const [k, v] of new URLSearchParams(body)) args[k] = v;
    } else if (type.includes('multipart/form-data')) {
      throw new SlackApiError('invalid_form_data', { detail: 'multipart uploads are not simulated' });
    } else throw new SlackApiError('invalid_form_data');
  }
  for (const key of JSON_ARGS) {
    const v = args[key];
    if (typeof v !== 'string' || v.trim() === '') continue;
    try {
      args[key] = JSON.parse(v);
    } catch {
      throw new SlackApiError(key === 'blocks' ? 'invalid_blocks_format' : 'invalid_arguments', {
        response_metadata: { messages: [`[ERROR] ${key} is not valid JSON`] },
      });
    }
  }
  const auth = String(req.headers.authorization ?? '');
  const bearer = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
  const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
  delete args.token;
  return { method, args, token };
}

/** Reads a string argument. */
export function str(args: Record<string, unknown>, key: string): string | undefined {
  const v = args[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Reads a required string argument. @throws SlackApiError with Slack's error for a missing argument. */
export function required(args: Record<string, unknown>, key: string, error = 'invalid_arguments'): string {
  const v = str(args, key);
  if (v === undefined || v === '')
    throw new SlackApiError(error, { response_metadata: { messages: [`[ERROR] missing required field: ${key}`] } });
  return v;
}

/** Reads a boolean argument ("true"/"1" in forms, true in JSON). */
export function bool(args: Record<string, unknown>, key: string): boolean {
  const v = args[key];
  return v === true || v === 'true' || v === '1' || v === 1;
}

/** Reads a positive integer argument with a default and a ceiling. */
export function int(args: Record<string, unknown>, key: string, fallback: number, max: number): number {
  const n = Number(args[key]);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

/** Reads an array-of-objects argument (blocks, attachments). */
export function objects(args: Record<string, unknown>, key: string): Json[] | undefined {
  const v = args[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (!Array.isArray(v) || v.some((b) => !b || typeof b !== 'object'))
    throw new SlackApiError(key === 'blocks' ? 'invalid_blocks_format' : 'invalid_attachments');
  return v as Json[];
}
