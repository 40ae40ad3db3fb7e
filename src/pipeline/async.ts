/** The items `keep` says yes to, in order; one question at a time (repository calls are cheap and ordered). */
export async function filterAsync<T>(items: readonly T[], keep: (item: T) => Promise<boolean>): Promise<T[]> {
  const kept: T[] = [];
  for (const item of items) if (await keep(item)) kept.push(item);
  return kept;
}

/** `items.map(fn)` for an asynchronous `fn`, one at a time, in order. */
export async function mapAsync<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await fn(item));
  return out;
}
