import { createRequire } from 'node:module';

let exact: Set<string> | undefined;
let wildcard: string[] | undefined;

function load(): void {
  const require = createRequire(import.meta.url);
  exact = new Set(require('disposable-email-domains') as string[]);
  wildcard = require('disposable-email-domains/wildcard.json') as string[];
}

/** Whether `domain` is a throwaway-mail domain (the `disposable-email-domains` list, including its wildcards). */
export function isDisposableDomain(domain: string): boolean {
  if (!exact || !wildcard) load();
  const d = domain.toLowerCase();
  if (exact!.has(d)) return true;
  return wildcard!.some((w) => d === w || d.endsWith(`.${w}`));
}
