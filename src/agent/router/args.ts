import { foldTerm } from '../../pipeline/scout/industry.js';
import { LISTED_DRAFT_STATUSES, LISTED_LEAD_STATUSES } from '../../pipeline/statuses.js';
import { STAGES, type Stage } from '../services.js';
import type { CompiledLexicon } from './lexicon.js';
import type { IntentName, RouteArgs } from './types.js';

const EMAIL = /^[\w.+-]+@[\w-]+(\.[\w-]+)+$/;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;

/** An industry as the user's term ("Veterinary Hospitals" → "veterinary hospitals", "SaaS companies" → "saas"). */
export function industryKey(text: string, _lex?: CompiledLexicon): string {
  return foldTerm(text) || text.trim().toLowerCase();
}

function int(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? Math.round(n) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Checks and normalises arguments for an intent (as an LLM might return them): catalogue names only, integers for
 * count/limit, known statuses and stages, an email or domain for suppress. Undefined when required ones are missing.
 */
export function normalizeArgs(
  intent: IntentName,
  raw: Record<string, unknown>,
  lex: CompiledLexicon,
): RouteArgs | undefined {
  const industry = str(raw.industry);
  const status = str(raw.status)?.toLowerCase();
  const limit = int(raw.limit);
  const withLimit = limit !== undefined && limit >= 1 ? { limit } : {};
  switch (intent) {
    case 'search_companies': {
      const location = str(raw.location);
      const count = int(raw.count) ?? 10;
      if (!industry || !location || count < 1 || count > 100) return undefined;
      return { industry: industryKey(industry, lex), location, count };
    }
    case 'list_leads': {
      if (status && !(LISTED_LEAD_STATUSES as readonly string[]).includes(status)) return undefined;
      const location = str(raw.location);
      return {
        ...(status ? { status } : {}),
        ...(industry ? { industry: industryKey(industry, lex) } : {}),
        ...(location ? { location } : {}),
        ...withLimit,
      };
    }
    case 'list_drafts':
      if (status && !(LISTED_DRAFT_STATUSES as readonly string[]).includes(status)) return undefined;
      return { ...(status ? { status } : {}), ...withLimit };
    case 'win_rates':
      return industry ? { industry: industryKey(industry, lex) } : {};
    case 'run_stage': {
      const stage = str(raw.stage)?.toLowerCase();
      return stage && (STAGES as readonly string[]).includes(stage) ? { stage: stage as Stage } : undefined;
    }
    case 'company_info': {
      const company = str(raw.company);
      return company ? { company } : undefined;
    }
    case 'suppress': {
      const target = str(raw.target)
        ?.toLowerCase()
        .replace(/^mailto:/, '')
        .replace(/^https?:\/\//, '')
        .replace(/^www\./, '')
        .replace(/\/.*$/, '');
      return target && (EMAIL.test(target) || DOMAIN.test(target)) ? { target } : undefined;
    }
    case 'pipeline_status':
    case 'digest':
      return {};
    default:
      return undefined;
  }
}
