import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, VENDORS } from '../src/config.js';

const names = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]!);

describe('.env.example', () => {
  const example = readFileSync('.env.example', 'utf8');
  const documented = new Set(names(example, /^([A-Z][A-Z0-9_]+)=/gm));

  it('documents every variable src/config.ts reads, and is itself a valid configuration', () => {
    const source = readFileSync('src/config.ts', 'utf8');
    const read = new Set(names(source, /^\s{2}([A-Z][A-Z0-9_]+):/gm));
    for (const vendor of VENDORS) {
      read.add(`${vendor.toUpperCase()}_BASE_URL`);
      read.add(`${vendor.toUpperCase()}_RATE_LIMIT`);
    }
    read.delete('NODE_ENV');
    const missing = [...read].filter((n) => !documented.has(n));
    expect(missing).toEqual([]);
    const env = Object.fromEntries(
      example.split('\n').flatMap((l) => (/^([A-Z0-9_]+)=(.*)$/.exec(l) ? [l.split(/=(.*)/s).slice(0, 2)] : [])),
    );
    expect(() => loadConfig(env)).not.toThrow();
  });

  it('is listed in the README configuration table', () => {
    const readme = readFileSync('README.md', 'utf8');
    const missing = [...documented].filter((n) => !readme.includes(`\`${n}\``));
    expect(missing).toEqual([]);
  });
});
