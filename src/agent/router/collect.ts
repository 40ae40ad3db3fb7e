import type { Analysed } from './analyse.js';
import { approvalCandidate } from './approvals.js';
import { type Candidate, type Scored, scoreCandidate } from './candidate.js';
import { companyInfoCandidate } from './company.js';
import { moreCandidate, type ParseMemory, redoCandidate } from './followups.js';
import { listDraftsCandidate, listLeadsCandidate, searchCandidate } from './intents-find.js';
import {
  digestCandidate,
  pipelineStatusCandidate,
  runStageCandidate,
  suppressCandidate,
  winRatesCandidate,
} from './intents-other.js';

const BUILDERS = [
  searchCandidate,
  listLeadsCandidate,
  listDraftsCandidate,
  pipelineStatusCandidate,
  winRatesCandidate,
  runStageCandidate,
  companyInfoCandidate,
  digestCandidate,
  suppressCandidate,
];

/** Every reading the rules find, scored, best first. */
export function candidates(a: Analysed, mem: ParseMemory): Scored[] {
  const list: Candidate[] = [];
  for (const build of BUILDERS) {
    const c = build(a);
    if (c) list.push(c);
  }
  for (const build of [moreCandidate, redoCandidate, approvalCandidate]) {
    const c = build(a, mem);
    if (c) list.push(c);
  }
  // A reading with everything it needs beats one that would have to ask.
  const rank = (s: Scored) => s.confidence - (s.candidate.missing ? 0.1 : 0);
  return list.map((c) => scoreCandidate(a, c)).sort((x, y) => rank(y) - rank(x));
}
