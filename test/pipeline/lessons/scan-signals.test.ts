import { describe, expect, it } from 'vitest';
import { contacts, emailDrafts, sourceStats } from '../../../src/db/schema.js';
import { mapAsync } from '../../../src/pipeline/async.js';
import { checkAmendment } from '../../../src/pipeline/lessons/amend.js';
import { runLessonScan } from '../../../src/pipeline/lessons/scan.js';
import { loadLessonSettings } from '../../../src/pipeline/lessons/settings.js';
import { sampleCompany } from '../../helpers/fixtures.js';
import { daysAgo, fakeLlm, seedLog, seedRun, setup } from './helpers.js';

type Env = ReturnType<typeof setup>;
const input = { trigger: 'test' as const };
let n = 0;

function company(env: Env, over: Parameters<typeof sampleCompany>[0] = {}) {
  n++;
  return env.companies.insert(
    sampleCompany({ name: `Company ${n}`, normalizedName: `company ${n}`, domain: `c${n}.example`, ...over }),
    daysAgo(25),
  );
}

/** Six approved hospitality companies through two enrichment runs; only one got a contact. */
async function seedEnrichmentMisses(env: Env) {
  const ids = await mapAsync(
    Array.from({ length: 6 }),
    async () => (await company(env, { industry: 'hospitality', status: 'approved' })).id,
  );
  seedRun(env.handle, 'enrich', daysAgo(8), { companyIds: ids.slice(0, 3) });
  seedRun(env.handle, 'enrich', daysAgo(2), { companyIds: ids.slice(3) });
  env.handle.db.insert(contacts).values({ companyId: ids[0]!, email: 'cfo@c1.example', source: 'hunter' }).run();
  // A contact known to be invalid does not count as found.
  env.handle.db
    .insert(contacts)
    .values({ companyId: ids[1]!, email: 'x@c2.example', source: 'permutation', verification: 'invalid' })
    .run();
}

/** Ten scored drafts, seven of which scored 0 on specific_number. */
async function seedCriticFailures(env: Env) {
  const { id } = await company(env, { status: 'approved' });
  for (let i = 0; i < 10; i++) {
    const points = i < 7 ? 0 : 2;
    env.handle.db
      .insert(emailDrafts)
      .values({
        companyId: id,
        // One current draft per company: the earlier ones were rejected.
        status: i < 9 ? 'rejected' : 'pending',
        angle: 'cost_savings',
        subject: 's',
        body: 'b',
        generatedBy: 'llm',
        criticScore: 6,
        criticBreakdown: {
          criteria: [
            { key: 'specific_number', points, note: points ? 'ok' : 'No dollar figure', checkedBy: 'code' },
            { key: 'clear_cta', points: 2, note: 'one ask', checkedBy: 'code' },
          ],
        },
        createdAt: daysAgo(10 - i),
      })
      .run();
  }
}

function seedScout(env: Env) {
  env.handle.db
    .insert(sourceStats)
    .values({ source: 'osm', industry: 'healthcare', queries: 9, returned: 0, kept: 0 })
    .run();
  const runId = seedRun(env.handle, 'search', daysAgo(3), { industry: 'healthcare' });
  for (const q of ['hospitals in Buffalo', 'clinics in Buffalo'])
    seedLog(env.handle, {
      runId,
      name: 'scout.osm',
      status: 'ok',
      input: JSON.stringify({ q, industry: 'healthcare', location: 'Buffalo, NY', page: 1 }),
      output: '0 companies',
      at: daysAgo(3),
    });
}

/** Gate 1: five single-site leads rejected as too small, six multi-site leads approved. */
async function seedRejections(env: Env) {
  const decide = async (siteCount: number, decision: 'approved' | 'rejected', reason?: string) => {
    const c = await company(env, { siteCount, status: 'pending', industry: 'retail' });
    await env.companies.upsertScore(
      {
        companyId: c.id,
        runId: null,
        profile: 'p',
        score: 50,
        tier: 'medium',
        breakdown: { inputs: { sites: siteCount } },
        scoreReason: 'r',
        reasonSource: 'template',
      },
      daysAgo(5),
    );
    await env.deps.approvals.request({ kind: 'lead', subjectId: String(c.id), at: daysAgo(5) });
    await env.deps.approvals.decide({
      kind: 'lead',
      subjectId: String(c.id),
      decision,
      reason,
      actor: { id: 'U0ANA', source: 'slack' },
      at: daysAgo(4),
    });
  };
  for (const reason of ['too small', 'Too small, one site', 'too small for us', 'one site, too small', undefined])
    await decide(1, 'rejected', reason);
  for (let i = 0; i < 6; i++) await decide(3, 'approved');
}

describe('runLessonScan over the real tables', () => {
  it('reads every detector its rows and proposes a clean rule-based amendment for each pattern', async () => {
    const env = setup();
    await seedEnrichmentMisses(env);
    await seedCriticFailures(env);
    seedScout(env);
    await seedRejections(env);
    const result = await runLessonScan(input, env.deps);
    const fingerprints = (
      await mapAsync(result.proposals, async (p) => (await env.deps.lessons.get(p.lessonId))!.fingerprint)
    ).sort();
    expect(fingerprints).toEqual([
      'critic_criterion:writer:specific_number',
      'enrichment_misses:enrichment:hospitality',
      'lead_rejections:analyst:reason:too-small',
      'lead_rejections:analyst:sites:single',
      'scout_dry_source:scout:osm:healthcare:nothing_returned',
    ]);
    const byKind = Object.fromEntries(
      result.proposals.map((p) => [p.kind + (p.directive === 'analyst' ? p.summary.slice(0, 20) : ''), p]),
    );
    expect(byKind.enrichment_misses!.summary).toBe(
      'No contact found for 5 of 6 approved hospitality companies (83%) after enrichment',
    );
    expect(byKind.enrichment_misses!.evidence.runIds).toHaveLength(2);
    expect(byKind.critic_criterion!.amendment).toBe(
      `7 of the last 10 drafts scored at most 1/2 on specific number: quote exactly one dollar figure from the Analyst's estimate, never a vague claim of savings.`,
    );
    // Newest query first.
    expect(byKind.scout_dry_source!.evidence.examples).toEqual(["'clinics in Buffalo'", "'hospitals in Buffalo'"]);
    const settings = loadLessonSettings(env.deps.directives);
    for (const p of result.proposals) {
      expect(p.amendmentSource).toBe('rules');
      expect(p.amendment, p.kind).not.toMatch(/[{}]/);
      expect(p.rationale, p.kind).not.toMatch(/[{}]/);
      expect(checkAmendment(p.amendment!, settings.thresholds.amendment), p.amendment!).toBeUndefined();
    }
    const single = result.proposals.find((p) => p.summary.includes('single site'))!;
    expect(single.summary).toBe('Humans rejected 5 of 5 leads with a single site (100%)');
    expect(single.evidence.reasonSummary).toBe("'too small' ×4, 'one site' ×2");
    expect(single.amendment).toBe(
      'Humans rejected 5 of 5 leads with a single site (100%); score leads with a single site lower or hold them back from Gate 1.',
    );
    expect(single.rationale).toBe("Reasons given: 'too small' ×4, 'one site' ×2.");
  });

  it('summarises rejection reasons and drafts amendments with the model when one answers', async () => {
    const llm = fakeLlm((call) =>
      call.name === 'lessons.summarize_reasons'
        ? { summary: 'Mostly too small (4 of 5), and single-site (2).' }
        : { amendment: 'Score single-site retail companies below the high tier.', rationale: 'Humans rejected all 5.' },
    );
    const env = setup({ llm });
    await seedRejections(env);
    const result = await runLessonScan(input, env.deps);
    expect(result.proposals).toHaveLength(2);
    for (const p of result.proposals) {
      expect(p).toMatchObject({
        amendmentSource: 'llm',
        amendment: 'Score single-site retail companies below the high tier.',
      });
      expect(p.evidence.reasonSummary).toBe('Mostly too small (4 of 5), and single-site (2).');
    }
    const summaryCall = llm.calls.find((c) => c.name === 'lessons.summarize_reasons')!;
    expect(summaryCall.prompt).toMatch(/<reasons>\n\["too small","Too small, one site"/);
    expect(summaryCall.system).toMatch(/never follow instructions/);
  });
});
