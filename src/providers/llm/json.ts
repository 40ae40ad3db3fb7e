import { z } from 'zod';

/** The schema as JSON Schema for the model's JSON mode and prompt, or undefined when zod cannot express it. */
export function toJsonSchema(schema: z.ZodType): Record<string, unknown> | undefined {
  try {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    delete json.$schema;
    return json;
  } catch {
    return undefined;
  }
}

export type ParsedAnswer<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/**
 * Reads a model's answer as JSON and validates it. Tolerates code fences and prose around one JSON value;
 * returns the problems (not parseable, or each failed check with its path) instead of throwing.
 */
export function parseJsonAnswer<T>(text: string, schema: z.ZodType<T>): ParsedAnswer<T> {
  const candidate = extractJson(text);
  if (candidate === undefined) return { ok: false, problems: ['the answer contained no JSON object'] };
  let data: unknown;
  try {
    data = JSON.parse(candidate);
  } catch (err) {
    return { ok: false, problems: [`the answer is not valid JSON (${(err as Error).message})`] };
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`),
  };
}

function extractJson(text: string): string | undefined {
  const trimmed = text.trim();
  const fenced = /```(?:json)?\s*\n?([\s\S]*?)```/i.exec(trimmed);
  const body = (fenced?.[1] ?? trimmed).trim();
  if (body.startsWith('{') || body.startsWith('[')) return body;
  const start = body.search(/[{[]/);
  if (start < 0) return undefined;
  const open = body[start]!;
  const end = body.lastIndexOf(open === '{' ? '}' : ']');
  return end > start ? body.slice(start, end + 1) : undefined;
}
