import { describe, expect, it } from 'vitest';
import { detectCriticFailures } from '../../../src/pipeline/lessons/detect/critic-failures.js';
import type { ScoredDraftRow } from '../../../src/pipeline/lessons/ports.js';
import { daysAgo, realSettings } from './helpers.js';

const { thresholds, criticAdvice } = realSettings();

let id = 0;
/** A draft scoring `numberPoints` on specific_number and 2 on everything else; newest first by id. */
const draft = (numberPoints: number, note = 'No dollar figure'): ScoredDraftRow => {
  id++;
  return {
    draftId: id,
    runId: `run_w${id % 3}`,
    companyName: `Company ${id}`,
    industry: 'healthcare',
    createdAt: daysAgo(30 - id / 10),
    criteria: [
      { key: 'personalised', points: 2, note: 'names the company' },
      { key: 'specific_number', points: numberPoints, note: numberPoints <= 1 ? note : 'quotes $42k' },
      { key: 'clear_cta', points: 2, note: 'one ask' },
    ],
  };
};

describe('detectCriticFailures', () => {
  it('fires when the share of recent drafts at ≤1 point on one criterion reaches minShare', () => {
    expect(thresholds.criticFailures).toMatchObject({ minDrafts: 10, maxPoints: 1, minShare: 0.5 });
    const drafts = [
      ...[0, 1, 0, 1, 0].map((p) => draft(p)),
      draft(1, 'Says significant savings instead of a figure'),
      ...[2, 2, 2, 2].map((p) => draft(p)),
    ].reverse();
    const [lesson, ...rest] = detectCriticFailures(drafts, thresholds, criticAdvice);
    expect(rest).toEqual([]);
    expect(lesson).toMatchObject({
      directive: 'writer',
      kind: 'critic_criterion',
      fingerprint: 'critic_criterion:writer:specific_number',
      summary: '6 of the last 10 drafts scored 1/2 or less on specific number',
    });
    expect(lesson!.evidence).toMatchObject({ count: 6, unit: 'drafts', variant: 'specific_number' });
    expect(lesson!.evidence.examples[0]).toBe('No dollar figure ×5');
    expect(lesson!.evidence.facts.advice).toBe(criticAdvice.specific_number);
    expect(lesson!.evidence.runIds.length).toBeGreaterThan(0);
  });

  it('does not fire under minShare, or with fewer drafts than minDrafts', () => {
    const under = [...[0, 1, 0, 1].map((p) => draft(p)), ...[2, 2, 2, 2, 2, 2].map((p) => draft(p))];
    expect(detectCriticFailures(under, thresholds, criticAdvice)).toEqual([]);
    const few = [0, 0, 0, 0, 0, 0, 0, 0, 0].map((p) => draft(p));
    expect(detectCriticFailures(few, thresholds, criticAdvice)).toEqual([]);
  });

  it('only looks at the last N drafts, so old failures age out; the fingerprint does not depend on counts', () => {
    const oldFailures = Array.from({ length: 30 }, () => draft(0));
    const recentPasses = Array.from({ length: 30 }, () => draft(2));
    expect(detectCriticFailures([...recentPasses, ...oldFailures], thresholds, criticAdvice)).toEqual([]);
    const a = detectCriticFailures(oldFailures.slice(0, 10), thresholds, criticAdvice);
    const b = detectCriticFailures(oldFailures, thresholds, criticAdvice);
    expect(a[0]!.fingerprint).toBe(b[0]!.fingerprint);
    expect(b[0]!.evidence.count).toBe(thresholds.criticFailures.lastDrafts);
  });
});
