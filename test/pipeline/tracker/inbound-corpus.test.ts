import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, type Judgement, judge, loadCorpus } from '../../helpers/inbound-corpus.js';

const corpus = loadCorpus();
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? files(join(dir, e.name))
      : e.name.endsWith('.eml')
        ? [relative(CORPUS_DIR, join(dir, e.name))]
        : [],
  );
const SYSTEM = /^(mailer-?daemon|postmaster|mail-?daemon|microsoftexchange)/i;

describe('inbound corpus: bounces, complaints, reports, auto-replies and human replies', () => {
  let results: Judgement[] = [];
  beforeAll(async () => {
    results = await Promise.all(Object.entries(corpus).map(([file, expected]) => judge(file, expected)));
  });

  it('has at least 150 messages, each with an expected outcome', () => {
    expect(files(CORPUS_DIR).sort()).toEqual(Object.keys(corpus).sort());
    expect(Object.keys(corpus).length).toBeGreaterThanOrEqual(150);
  });

  it('never reads a machine message as a person', () => {
    expect(results.filter((r) => r.machineAsHuman).map((r) => `${r.file}: ${r.kind}`)).toEqual([]);
  });

  it('never names a mail-system address or a Message-ID as the recipient', () => {
    const ids = (r: Judgement) => r.ids.map((id) => id.replace(/^<|>$/g, '').toLowerCase());
    const wrong = results.filter(
      (r) => r.recipient && (SYSTEM.test(r.recipient) || ids(r).includes(r.recipient) || r.recipient.includes('<')),
    );
    expect(wrong.map((r) => `${r.file}: ${r.recipient}`)).toEqual([]);
  });

  it('gets at least 90% of each kind right, and of hard/soft, recipients and matched originals', () => {
    const rate = (rows: Judgement[], ok: (r: Judgement) => boolean) =>
      rows.length === 0 ? 1 : rows.filter(ok).length / rows.length;
    const kinds = new Set(results.map((r) => r.expected.kind));
    for (const kind of kinds)
      expect({
        kind,
        rate:
          rate(
            results.filter((r) => r.expected.kind === kind),
            (r) => r.kindOk,
          ) >= 0.9,
      }).toEqual({
        kind,
        rate: true,
      });
    expect(
      rate(
        results.filter((r) => r.expected.hard !== undefined),
        (r) => r.hardOk,
      ),
    ).toBeGreaterThanOrEqual(0.9);
    expect(
      rate(
        results.filter((r) => r.expected.recipient),
        (r) => r.recipientOk,
      ),
    ).toBeGreaterThanOrEqual(0.9);
    expect(
      rate(
        results.filter((r) => r.expected.original),
        (r) => r.originalOk,
      ),
    ).toBeGreaterThanOrEqual(0.95);
  });
});
