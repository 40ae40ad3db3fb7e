import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Expectation, type Judgement, judge } from '../../helpers/inbound-corpus.js';

/**
 * The fresh inbound set (test/fixtures/inbound-fresh) was written apart from the corpus the rules were tuned on; the
 * bench reports its accuracy. Here it guards only the failure that matters most: a machine message read as a person.
 */
const DIR = 'test/fixtures/inbound-fresh';
const fresh = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Expectation>;

describe('fresh inbound set', () => {
  let results: Judgement[] = [];
  beforeAll(async () => {
    // `judge` reads paths relative to the inbound corpus; the fresh set sits beside it.
    results = await Promise.all(
      Object.entries(fresh).map(([file, expected]) => judge(join('..', 'inbound-fresh', file), expected)),
    );
  });

  it('has at least 120 messages', () => {
    expect(Object.keys(fresh).length).toBeGreaterThanOrEqual(120);
  });

  it('never reads a machine message as a person', () => {
    expect(results.filter((r) => r.machineAsHuman).map((r) => `${r.file}: ${r.kind}`)).toEqual([]);
  });
});
