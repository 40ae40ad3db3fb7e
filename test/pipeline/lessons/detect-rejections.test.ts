import { describe, expect, it } from 'vitest';
import { detectLeadRejections, traitsOf } from '../../../src/pipeline/lessons/detect/lead-rejections.js';
import { countPhrases } from '../../../src/pipeline/lessons/phrases.js';
import type { LeadDecisionRow } from '../../../src/pipeline/lessons/ports.js';
import { daysAgo, realSettings } from './helpers.js';

const { thresholds, words } = realSettings();

let id = 0;
const decision = (decision: 'approved' | 'rejected', over: Partial<LeadDecisionRow> = {}): LeadDecisionRow => ({
  companyId: ++id,
  companyName: `Company ${id}`,
  decision,
  reason: null,
  decidedBy: 'U0ANA',
  decidedAt: daysAgo(10 - id / 10),
  runId: `run_${id % 2}`,
  industry: 'healthcare',
  city: 'Buffalo',
  employeeCount: 140,
  siteCount: 3,
  tier: 'high',
  ...over,
});

describe('detectLeadRejections', () => {
  it('fires for a trait humans keep rejecting, with the reasons summarised as phrases with counts', () => {
    const single = { siteCount: 1, employeeCount: 8, tier: 'medium' };
    const rows = [
      decision('rejected', { ...single, reason: 'Too small, one site only' }),
      decision('rejected', { ...single, reason: 'too small' }),
      decision('rejected', { ...single, reason: 'Single location and too small for us' }),
      decision('rejected', { ...single, reason: 'one site' }),
      decision('rejected', { ...single }),
      ...Array.from({ length: 6 }, () => decision('approved')),
      decision('rejected', { reason: 'already a customer' }),
    ];
    const lessons = detectLeadRejections(rows, thresholds, words);
    const bySite = lessons.find((l) => l.fingerprint === 'lead_rejections:analyst:sites:single');
    expect(bySite).toMatchObject({
      directive: 'analyst',
      kind: 'lead_rejections',
      summary: 'Humans rejected 5 of 5 leads with a single site (100%)',
    });
    expect(bySite!.evidence).toMatchObject({ count: 5, unit: 'rejections', variant: 'default' });
    expect(bySite!.evidence.reasonSummary).toBe("'too small' ×3, 'one site' ×2");
    expect(bySite!.evidence.reasons).toHaveLength(4);
    // The employee band and tier of the same five leads are separate traits with their own fingerprints.
    expect(lessons.map((l) => l.fingerprint)).toEqual([
      'lead_rejections:analyst:employees:1-9',
      'lead_rejections:analyst:sites:single',
      'lead_rejections:analyst:tier:medium',
    ]);
  });

  it('fires for a reason phrase repeated in enough rejections, and not below the thresholds', () => {
    const rows = [
      decision('rejected', { reason: 'They are too small' }),
      decision('rejected', { reason: 'too small' }),
      decision('rejected', { reason: 'too small for an audit' }),
      decision('rejected', { reason: 'Too small!' }),
      decision('rejected', { reason: 'existing customer' }),
      ...Array.from({ length: 6 }, () => decision('approved')),
    ];
    const lessons = detectLeadRejections(rows, thresholds, words);
    expect(lessons.map((l) => l.fingerprint)).toEqual(['lead_rejections:analyst:reason:too-small']);
    expect(lessons[0]!.summary).toBe("Humans rejected 4 leads saying 'too small' (80% of rejections with a reason)");
    expect(lessons[0]!.evidence.count).toBe(4);
    expect(detectLeadRejections(rows.slice(1), thresholds, words)).toEqual([]);
  });

  it('ignores a trait every decided lead shares: it cannot explain the rejections', () => {
    const rows = Array.from({ length: 8 }, () => decision('rejected'));
    expect(detectLeadRejections(rows, thresholds, words)).toEqual([]);
  });

  it('bands employees with the directive bands and prefers the longer phrase', () => {
    const bands = thresholds.leadRejections.employeeBands;
    expect(traitsOf(decision('approved', { employeeCount: 1200, siteCount: null, tier: null }), bands)).toEqual([
      { kind: 'industry', value: 'healthcare', label: 'in healthcare' },
      { kind: 'employees', value: '1000+', label: 'with 1000+ employees' },
    ]);
    expect(countPhrases(['too small', 'way too small', 'small'], words)).toEqual([
      { phrase: 'small', count: 3 },
      { phrase: 'way', count: 1 },
    ]);
    expect(countPhrases(['too small', 'too small now'], words)[0]).toEqual({ phrase: 'too small', count: 2 });
  });
});
