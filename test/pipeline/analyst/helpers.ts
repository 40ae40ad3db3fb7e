import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppError } from '../../../src/errors.js';
import type { ScoreInput } from '../../../src/pipeline/analyst/estimate.js';
import { type IcpProfile, icpProfileSchema, loadIcpProfile } from '../../../src/pipeline/analyst/profile.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import type { LlmCallOptions, LlmPort } from '../../../src/pipeline/llm/ports.js';

export const DIRECTIVES = resolve('directives');
export const ALTERNATE_PROFILE = resolve('test/fixtures/icp-alternate.md');

/** The shipped seed profile, read from directives/icp.md. */
export function seedProfile(): IcpProfile {
  return loadIcpProfile(createDirectiveStore(DIRECTIVES));
}

/** A copy of the directives folder the test may edit; `edit(name, fn)` rewrites one file. */
export function tempDirectives() {
  const dir = mkdtempSync(join(tmpdir(), 'leadbot-analyst-'));
  cpSync(DIRECTIVES, dir, { recursive: true });
  return {
    dir,
    store: createDirectiveStore(dir),
    edit(name: string, fn: (text: string) => string) {
      const path = join(dir, `${name}.md`);
      writeFileSync(path, fn(readFileSync(path, 'utf8')));
    },
    write(name: string, text: string) {
      writeFileSync(join(dir, `${name}.md`), text);
    },
  };
}

/** The seed profile with simple tables: $1 per sq ft per year in every state, so spend = sites × sq ft. */
export function unitProfile(patch: Partial<IcpProfile> = {}): IcpProfile {
  const seed = seedProfile();
  return icpProfileSchema.parse({
    ...seed,
    industries: Object.fromEntries(
      Object.entries(seed.industries).map(([k, row]) => [k, { ...row, kwh: 1, therms: 0, sqft: 10_000 }]),
    ),
    states: Object.fromEntries(Object.entries(seed.states).map(([k, row]) => [k, { ...row, electricity: 1, gas: 1 }])),
    defaultRates: { electricity: 1, gas: 1 },
    ...patch,
  });
}

/** A fully known single-site company; override any field. */
export function company(overrides: Partial<ScoreInput> = {}): ScoreInput {
  return {
    industry: 'healthcare',
    state: 'NY',
    siteCount: 1,
    buildingSqft: 40_000,
    employeeCount: 120,
    website: 'https://lakeview.example',
    domain: 'lakeview.example',
    ...overrides,
  };
}

/** A scripted LlmPort: answers with the given replies in order (an Error is thrown), recording every call. */
export function fakeLlm(replies: (string | Error)[], available = true) {
  const calls: LlmCallOptions[] = [];
  const queue = [...replies];
  const port: LlmPort = {
    available: () => available,
    describe: () => 'fake',
    async structured() {
      throw new AppError('llm_invalid_output', 'structured output is not scripted');
    },
    async text(options) {
      calls.push(options);
      const next = queue.shift();
      if (next === undefined) throw new AppError('llm_unavailable', 'no scripted reply left');
      if (next instanceof Error) throw next;
      return next;
    },
  };
  return { port, calls };
}
