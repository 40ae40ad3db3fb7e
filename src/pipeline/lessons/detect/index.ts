import type {
  DetectedLesson,
  EnrichedCompanyRow,
  LeadDecisionRow,
  ProviderIncidentRow,
  ScoredDraftRow,
  ScoutQueryRow,
  SourceStatsRow,
} from '../ports.js';
import type { LessonSettings } from '../settings.js';
import { detectCriticFailures } from './critic-failures.js';
import { detectEnrichmentMisses } from './enrichment-misses.js';
import { detectLeadRejections } from './lead-rejections.js';
import { detectProviderFailures } from './provider-failures.js';
import { detectScoutDrySources } from './scout-dry-sources.js';

/** The rows every detector reads, gathered once per scan. */
export interface SignalSnapshot {
  incidents: ProviderIncidentRow[];
  enriched: EnrichedCompanyRow[];
  drafts: ScoredDraftRow[];
  sourceStats: SourceStatsRow[];
  scoutQueries: ScoutQueryRow[];
  decisions: LeadDecisionRow[];
}

/** Runs every detector over one snapshot. Pure: the same rows give the same lessons, in the same order. */
export function detectLessons(signals: SignalSnapshot, settings: LessonSettings): DetectedLesson[] {
  const { thresholds } = settings;
  return [
    ...detectProviderFailures(signals.incidents, thresholds),
    ...detectEnrichmentMisses(signals.enriched, thresholds),
    ...detectCriticFailures(signals.drafts, thresholds, settings.criticAdvice),
    ...detectScoutDrySources(signals.sourceStats, signals.scoutQueries, thresholds),
    ...detectLeadRejections(signals.decisions, thresholds, settings.words),
  ];
}
