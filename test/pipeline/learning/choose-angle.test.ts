import { describe, expect, it } from 'vitest';
import { type AngleChoice, type AngleStat, chooseAngle } from '../../../src/pipeline/learning/choose-angle.js';
import { createSeededRandom } from '../../../src/pipeline/learning/random.js';
import { allowedAngles, angleForCompany } from '../../../src/pipeline/writer/angles.js';
import { loadWriterDirective } from '../../../src/pipeline/writer/directive.js';
import { realDirectives } from '../writer/helpers.js';

const ANGLES = ['cost_savings', 'audit_offer', 'risk_reduction'];

/** Three industries where audit_offer gets 12% replies and the others 2%. */
const auditWinsElsewhere: AngleStat[] = ['healthcare', 'education', 'retail'].flatMap((industry) => [
  { industry, angle: 'audit_offer', sent: 200, replies: 24 },
  { industry, angle: 'cost_savings', sent: 200, replies: 4 },
  { industry, angle: 'risk_reduction', sent: 200, replies: 4 },
]);

const tally = (stats: AngleStat[], industry: string, draws = 400, seed = 1) => {
  const random = createSeededRandom(seed);
  const counts: Record<string, number> = {};
  const modes: Record<string, number> = {};
  for (let i = 0; i < draws; i++) {
    const choice = chooseAngle(stats, { industry, angles: ANGLES, random });
    counts[choice.angle] = (counts[choice.angle] ?? 0) + 1;
    modes[choice.mode] = (modes[choice.mode] ?? 0) + 1;
  }
  return { counts, modes };
};

describe('chooseAngle', () => {
  it('starts a new industry from what worked elsewhere (pooled prior)', () => {
    const { counts, modes } = tally(auditWinsElsewhere, 'Manufacturing');
    expect(counts.audit_offer! / 400).toBeGreaterThan(0.9);
    expect(modes.exploit).toBe(counts.audit_offer);
    const choice = chooseAngle(auditWinsElsewhere, { industry: 'manufacturing', angles: ANGLES, random: () => 0.5 });
    const audit = choice.estimates.find((e) => e.angle === 'audit_offer')!;
    expect(audit).toMatchObject({ sent: 0, pooledSent: 600, pooledReplies: 72 });
    expect(audit.posteriorMean).toBeGreaterThan(0.1);
  });

  it("lets the pooled prior outweigh a cell's first few sends", () => {
    // Three lucky replies from three sends of risk_reduction in a new industry: 100% observed, 2% elsewhere.
    const stats = [...auditWinsElsewhere, { industry: 'dental', angle: 'risk_reduction', sent: 3, replies: 3 }];
    const choice = chooseAngle(stats, { industry: 'dental', angles: ANGLES, random: createSeededRandom(3) });
    const risk = choice.estimates.find((e) => e.angle === 'risk_reduction')!;
    expect(risk.priorWeight).toBeGreaterThanOrEqual(5);
    expect(risk.posteriorMean).toBeLessThan(0.5);
    expect(tally(stats, 'dental').counts.audit_offer! / 400).toBeGreaterThan(0.6);
  });

  it("follows an industry's own data once it has plenty", () => {
    const stats = [
      ...auditWinsElsewhere,
      { industry: 'hospitality', angle: 'audit_offer', sent: 1500, replies: 15 },
      { industry: 'hospitality', angle: 'cost_savings', sent: 1500, replies: 150 },
      { industry: 'hospitality', angle: 'risk_reduction', sent: 1500, replies: 15 },
    ];
    const { counts } = tally(stats, 'hospitality');
    expect(counts.cost_savings! / 400).toBeGreaterThan(0.95);
  });

  it('weighs the other industries by how alike the table shows industries to be', () => {
    // Ten industries; in "agree" every one prefers audit_offer, in "disagree" each has its own favourite.
    const table = (favourite: (i: number) => string) =>
      Array.from({ length: 10 }, (_, i) =>
        ANGLES.map((angle) => ({ industry: `ind-${i}`, angle, sent: 400, replies: angle === favourite(i) ? 40 : 12 })),
      ).flat();
    const agree = table(() => 'audit_offer');
    const disagree = table((i) => ANGLES[i % ANGLES.length]!);
    const mine = ANGLES.map((angle) => ({
      industry: 'dental',
      angle,
      sent: 30,
      replies: angle === 'risk_reduction' ? 3 : 1,
    }));
    const pick = (stats: AngleStat[]) =>
      chooseAngle([...stats, ...mine], { industry: 'dental', angles: ANGLES, random: createSeededRandom(2) });
    const alike = pick(agree);
    const unlike = pick(disagree);
    expect(alike.industrySpread).toBeLessThan(0.1);
    expect(unlike.industrySpread).toBeGreaterThan(0.4);
    const weight = (c: AngleChoice) => c.estimates.find((e) => e.angle === 'audit_offer')!.priorWeight;
    expect(weight(alike)).toBeGreaterThan(10 * weight(unlike));
    // Alike: the other industries' favourite wins over dental's own 3/30; unlike: dental's own data decides.
    expect(alike.estimates.find((e) => e.angle === 'audit_offer')!.posteriorMean).toBeGreaterThan(0.08);
    expect(tally([...agree, ...mine], 'dental').counts.audit_offer! / 400).toBeGreaterThan(0.9);
    expect(tally([...disagree, ...mine], 'dental').counts.risk_reduction! / 400).toBeGreaterThan(0.5);
    expect(unlike.reason).toMatch(/industries differ by about ±\d+% on an angle/);
  });

  it('explores as well as exploits, and says which and why', () => {
    const stats: AngleStat[] = [
      { industry: 'healthcare', angle: 'audit_offer', sent: 30, replies: 3 },
      { industry: 'healthcare', angle: 'cost_savings', sent: 30, replies: 2 },
      { industry: 'healthcare', angle: 'risk_reduction', sent: 4, replies: 0 },
    ];
    const { modes } = tally(stats, 'healthcare');
    expect(modes.exploit).toBeGreaterThan(100);
    expect(modes.explore).toBeGreaterThan(50);
    const random = createSeededRandom(9);
    const seen = new Map<string, string>();
    for (let i = 0; i < 200 && seen.size < 2; i++) {
      const c = chooseAngle(stats, { industry: 'healthcare', angles: ANGLES, random });
      seen.set(c.mode, c.reason);
    }
    expect(seen.get('exploit')).toMatch(
      /^exploiting audit_offer: best expected reply rate for healthcare \(\d+\.\d%; 3\/30 replies in healthcare/,
    );
    expect(seen.get('explore')).toMatch(
      /^exploring (cost_savings|risk_reduction) \(expected .*\): its uncertainty drew higher than the favourite audit_offer/,
    );
  });

  it('explores evenly with no data at all', () => {
    const { counts, modes } = tally([], 'healthcare', 600);
    expect(modes).toEqual({ explore: 600 });
    for (const angle of ANGLES) expect(counts[angle]!).toBeGreaterThan(150);
    expect(chooseAngle([], { industry: 'x', angles: ANGLES, random: Math.random }).reason).toMatch(
      /^exploring (cost_savings|audit_offer|risk_reduction): no reply data yet, so every allowed angle is equally likely$/,
    );
  });

  it('is deterministic for a seeded random source', () => {
    const stats = [
      { industry: 'dental', angle: 'audit_offer', sent: 20, replies: 2 },
      { industry: 'dental', angle: 'cost_savings', sent: 20, replies: 1 },
    ];
    const sequence = (seed: number) => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 30 }, () => chooseAngle(stats, { industry: 'dental', angles: ANGLES, random }).angle);
    };
    expect(sequence(42)).toEqual(sequence(42));
    expect(sequence(42)).not.toEqual(sequence(43));
  });

  it('only ever returns an allowed angle, however well another does', () => {
    const stats = [{ industry: 'retail', angle: 'multi_site_savings', sent: 500, replies: 100 }, ...auditWinsElsewhere];
    const random = createSeededRandom(5);
    for (let i = 0; i < 100; i++)
      expect(ANGLES).toContain(chooseAngle(stats, { industry: 'retail', angles: ANGLES, random }).angle);
    expect(() => chooseAngle(stats, { industry: 'retail', angles: [], random })).toThrow(/at least one allowed angle/);
  });
});

describe('allowed angles from company facts', () => {
  const angles = loadWriterDirective(realDirectives()).angles;
  const keys = (siteCount: number | null, deregulated: boolean | null) =>
    allowedAngles(angles, { siteCount }, { deregulated }).map((a) => a.key);

  it('never offers multi-site to a single-site company or deregulation outside a deregulated state', () => {
    expect(keys(1, false)).toEqual(['cost_savings', 'audit_offer', 'risk_reduction']);
    expect(keys(null, null)).toEqual(['cost_savings', 'audit_offer', 'risk_reduction']);
    expect(keys(4, false)).toContain('multi_site_savings');
    expect(keys(1, true)).toContain('deregulation_opportunity');
    expect(keys(4, true)).toHaveLength(5);
  });

  it('holds under learning that favours the forbidden angles', () => {
    const winRates = ['healthcare', 'retail'].flatMap((industry) => [
      { industry, angle: 'multi_site_savings', sent: 300, replies: 60, positiveReplies: 30 },
      { industry, angle: 'deregulation_opportunity', sent: 300, replies: 60, positiveReplies: 30 },
    ]);
    const random = createSeededRandom(11);
    const company = { name: 'Corner Clinic', industry: 'healthcare', siteCount: 1 };
    for (let i = 0; i < 200; i++) {
      const { angle } = angleForCompany({ angles, company, features: { deregulated: false }, winRates, random });
      expect(['multi_site_savings', 'deregulation_opportunity']).not.toContain(angle.key);
    }
    expect(() =>
      angleForCompany({
        angles,
        company,
        features: { deregulated: false },
        winRates,
        random,
        fixed: { key: 'multi_site_savings', reason: 'asked' },
      }),
    ).toThrow(
      'Angle "multi_site_savings" is not allowed for Corner Clinic; allowed: cost_savings, audit_offer, risk_reduction',
    );
  });
});
