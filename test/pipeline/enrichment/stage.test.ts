import { describe, expect, it } from 'vitest';
import { formatContactsForCli, summarizeEnrichment } from '../../../src/pipeline/enrichment/format.js';
import { createEnrichmentTrigger } from '../../../src/pipeline/enrichment/stage.js';
import { sampleContact } from './fixtures.js';

describe('enrichment after Gate 1 approvals', () => {
  it('collects approvals that arrive close together into one run, and runs batches one after another', async () => {
    const runs: number[][] = [];
    let running = 0;
    let overlapped = false;
    const trigger = createEnrichmentTrigger({
      delayMs: 20,
      run: async (ids) => {
        running++;
        overlapped ||= running > 1;
        runs.push(ids);
        await new Promise((r) => setTimeout(r, 30));
        running--;
      },
    });
    trigger.approved(1);
    trigger.approved(2);
    trigger.approved(2);
    await new Promise((r) => setTimeout(r, 40));
    trigger.approved(3);
    await trigger.idle();
    expect(runs).toEqual([[1, 2], [3]]);
    expect(overlapped).toBe(false);
  });

  it('reports a failed run instead of throwing into the caller', async () => {
    const errors: [string, number[]][] = [];
    const trigger = createEnrichmentTrigger({
      delayMs: 1,
      run: () => Promise.reject(new Error('database locked')),
      onError: (err, ids) => errors.push([(err as Error).message, ids]),
    });
    trigger.approved(7);
    await trigger.idle();
    expect(errors).toEqual([['database locked', [7]]]);
  });
});

describe('enrichment output', () => {
  it('lists contacts primary first with address, verification, source and evidence', () => {
    const text = formatContactsForCli([
      sampleContact({
        id: 2,
        fullName: 'Sam Ortiz',
        title: 'Owner',
        titleRank: 4,
        email: 'sam@acme.example',
        verification: 'unverified',
      }),
      sampleContact({ id: 1, isPrimary: true }),
      sampleContact({
        id: 3,
        fullName: 'Lee Park',
        email: 'lpark@acme.example',
        emailKind: 'guessed',
        source: 'permutation',
        verification: 'catch_all',
        confidence: null,
        evidenceUrl: null,
      }),
    ]);
    expect(text.split('\n')).toEqual([
      '  ★ Dana Whitfield · CFO · dana.whitfield@acme.example · verified · via hunter · confidence 90%',
      '      evidence: https://acme.example/team',
      '    Lee Park · CFO · lpark@acme.example · guessed, catch-all (unconfirmed) · via permutation',
      '    Sam Ortiz · Owner · sam@acme.example · not verified · via hunter · confidence 90%',
      '      evidence: https://acme.example/team',
    ]);
    expect(formatContactsForCli([])).toBe('  No contacts found yet.');
  });

  it('summarises a run with every skipped provider and its reason', () => {
    const result = (outcome: 'found' | 'none') => ({ outcome }) as Parameters<typeof summarizeEnrichment>[0][number];
    const at = new Date();
    expect(
      summarizeEnrichment(
        [result('found'), result('none')],
        [
          { provider: 'apollo', reason: '403 plan has no API access', httpStatus: 403, at },
          { provider: 'zerobounce', reason: 'Invalid API Key or your account ran out of credits', httpStatus: 200, at },
        ],
        'live',
      ),
    ).toBe(
      'Enriched 2 companies: 1 with a contact, 1 with no findable contact. Apollo skipped: 403 plan has no API access; ZeroBounce skipped: Invalid API Key or your account ran out of credits.',
    );
    expect(summarizeEnrichment([], [], 'sandbox')).toBe('No approved companies without a contact to enrich.');
  });
});
