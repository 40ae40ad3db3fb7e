import { type Analysed, firstContent, hasTag, politeBefore } from './analyse.js';
import { type Candidate, candidate } from './candidate.js';
import {
  familySpans,
  findIndustries,
  findTargets,
  type IndustrySlot,
  rawIndustry,
  stagesIn,
  tokensOf,
} from './slots.js';

/** An intent named by one phrase and no arguments: pipeline_status, digest. */
function phraseCandidate(
  a: Analysed,
  intent: 'pipeline_status' | 'digest',
  base: number,
  explains: string[],
): Candidate | undefined {
  const spans = familySpans(a, `intent.${intent}`).filter((s) => !s.shadowed);
  if (spans.length === 0) return undefined;
  const used = new Set(tokensOf(spans));
  return candidate({ intent, args: {}, base, used, explains: [`intent.${intent}`, 'verb.list', ...explains] });
}

export function pipelineStatusCandidate(a: Analysed): Candidate | undefined {
  // "status pending" / "status: approved" names a filter, not the pipeline.
  const filterWord = (i: number) =>
    ['status', 'state'].includes(a.keys[i]!) &&
    [i - 1, i + 1, i + 2].some((j) => hasTag(a, j, 'leadStatus.') || hasTag(a, j, 'draftStatus.'));
  if (a.tokens.some((_t, i) => filterWord(i)) && familySpans(a, 'intent.pipeline_status').every((s) => s.len === 1)) {
    return undefined;
  }
  return (
    stageProgress(a) ??
    phraseCandidate(a, 'pipeline_status', 0.93, [
      'noun.owned',
      'noun.lead',
      'noun.draft',
      'noun.company',
      'noun.step',
      'leadStatus.',
      'draftStatus.',
      'quantity',
    ])
  );
}

const AUXILIARIES = new Set(['is', 'are', 'has', 'have', 'did', 'was', 'were']);
const PROGRESS = new Set([
  'done',
  'finish',
  'finished',
  'complete',
  'completed',
  'over',
  'running',
  'ready',
  'through',
]);

/** "is scoring done yet?", "has outreach finished?": a yes/no question about a stage's progress, not a run. */
function stageProgress(a: Analysed): Candidate | undefined {
  const first = a.tokens.findIndex((t) => t.kind === 'word');
  const progress = a.keys.findIndex((k) => PROGRESS.has(k));
  const stages = stagesIn(a);
  if (!AUXILIARIES.has(a.keys[first] ?? '') || progress < 0 || stages.length !== 1) return undefined;
  return candidate({
    intent: 'pipeline_status',
    args: {},
    base: 0.9,
    used: new Set([first, progress, ...stages[0]!.used]),
    explains: ['intent.pipeline_status', 'stage.', 'noun.step', 'noun.score', 'verb.run', 'noun.lead', 'noun.draft'],
  });
}

export function digestCandidate(a: Analysed): Candidate | undefined {
  return phraseCandidate(a, 'digest', 0.95, ['verb.deliver']);
}

const SCOPE_WORDS = new Set(['for', 'in', 'among', 'with', 'across']);

/** An industry no list names, after "for"/"in" ("reply rates for hvac contractors"): the user's own words. */
function termAfter(a: Analysed): IndustrySlot | undefined {
  const at = a.keys.findIndex((k, i) => SCOPE_WORDS.has(k) && i > 0);
  return at < 0 ? undefined : rawIndustry(a, at + 1, a.tokens.length);
}

/** win_rates {industry?}: "win rates for healthcare". */
export function winRatesCandidate(a: Analysed): Candidate | undefined {
  const spans = familySpans(a, 'intent.win_rates').filter((s) => !s.shadowed);
  if (spans.length === 0) return undefined;
  const industries = findIndustries(a, new Set());
  const industry = industries.length === 1 ? industries[0] : industries.length === 0 ? termAfter(a) : undefined;
  return candidate({
    intent: 'win_rates',
    args: industry ? { industry: industry.key } : {},
    base: 0.95,
    used: new Set([...tokensOf(spans), ...(industry?.used ?? [])]),
    explains: ['intent.win_rates', 'verb.list', 'noun.draft', 'noun.company', 'noun.target', 'verb.deliver'],
    multi: industries.length > 1,
  });
}

/** run_stage {stage}: "run enrich", "score the new leads", "send the approved drafts". */
export function runStageCandidate(a: Analysed): Candidate | undefined {
  const stages = stagesIn(a);
  const runVerbs = familySpans(a, 'verb.run').filter((s) => !s.shadowed);
  if (stages.length === 0) return undefined;
  const stage = stages[0]!;
  const first = Math.min(...stage.used);
  const start = firstContent(a);
  let before = first - 1;
  const skippable = (i: number) =>
    ['the', 'a', 'an', 'our', 'my'].includes(a.keys[i]!) || (hasTag(a, i, 'noun.step') && !hasTag(a, i, 'verb.run'));
  while (before >= 0 && skippable(before)) before--;
  const leading = first === start || (before >= 0 && hasTag(a, before, 'verb.run')) || politeBefore(a, first);
  // "send them", "enrich those": a stage runs on everything eligible, not on what "them" points at.
  let after = Math.max(...stage.used) + 1;
  while (['all', 'of'].includes(a.keys[after] ?? '')) after++;
  const pronoun = ['them', 'it', 'those', 'these', 'this', 'that'].includes(a.keys[after] ?? '');
  return candidate({
    intent: 'run_stage',
    args: { stage: stage.value },
    base: (leading ? 0.93 : 0.72) - (pronoun ? 0.2 : 0),
    used: new Set([...stage.used, ...tokensOf(runVerbs)]),
    anchor: stage.used,
    explains: [
      'stage.',
      'verb.run',
      'noun.lead',
      'noun.draft',
      'noun.step',
      'noun.company',
      'leadStatus.',
      'draftStatus.',
      'verb.deliver',
    ],
    penalty: 0.2,
    multi: stages.length > 1,
  });
}

/** suppress {target}: "suppress someone@company.example", "add acme.example to the suppression list". */
export function suppressCandidate(a: Analysed): Candidate | undefined {
  const spans = familySpans(a, 'intent.suppress').filter((s) => !s.shadowed);
  if (spans.length === 0) return undefined;
  const targets = findTargets(a);
  const target = targets[0];
  return candidate({
    intent: 'suppress',
    args: target ? { target: target.value } : {},
    base: 0.95,
    used: new Set([...tokensOf(spans), ...targets.flatMap((t) => t.used)]),
    anchor: tokensOf(spans),
    explains: ['intent.suppress', 'verb.add', 'noun.company', 'noun.lead', 'noun.target'],
    penalty: 0.2,
    missing: target ? undefined : 'target',
    multi: targets.length > 1,
  });
}
