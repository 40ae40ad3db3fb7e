import type { AppError } from '../../errors.js';
import type { EmailKind, Verification } from '../contacts/ports.js';

/** The company a provider is asked about. */
export interface EnrichmentTarget {
  companyId: number;
  companyName: string;
  /** The company's own domain, lower case, without "www.". */
  domain: string;
  /** Other domains the company is known to answer from (e.g. where its site redirects). */
  aliases: string[];
  website: string | null;
  city: string | null;
  /** Target titles in priority order (best first), from directives/enrichment.md. */
  targetTitles: string[];
  /** Rank of a title among the targets (0 = best, null = not a target title); spellings normalised. */
  rankTitle(title: string | null | undefined): number | null;
}

/**
 * A person or address a provider found. Every field comes from the provider's answer: nothing is filled in by
 * us except `emailKind: 'guessed'` for an address built by permutation.
 */
export interface CandidateContact {
  fullName: string | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  email: string | null;
  emailKind: EmailKind;
  /** The provider that found it (hunter, apollo, website, …). */
  source: string;
  /** Where a person can see it: the page, profile or vendor record. */
  evidenceUrl: string | null;
  /** 0..1 as the provider states it (Hunter's 0–100 is divided by 100). */
  confidence: number | null;
  phone?: string | null;
  linkedinUrl?: string | null;
  /** The provider's own deliverability statement, when it makes one. */
  verification?: Verification;
}

export interface ProviderFindings {
  candidates: CandidateContact[];
  /** Domains the company was seen answering from (a redirect target), accepted by the domain gate. */
  aliasDomains?: string[];
  /** Short facts for the run log ("robots.txt disallows us", "2 pages read"). */
  notes?: string[];
  /** Credits the vendor charged for this answer, counted by its own billing rules (absent: a free provider). */
  credits?: number;
}

/** A contact an earlier provider found, with the rank of its title (0 = best target title, null = none). */
export interface KnownContact extends CandidateContact {
  titleRank: number | null;
}

export interface FindContext {
  /** What earlier providers found for this company (after the gates), best title first. */
  known: readonly KnownContact[];
}

/** A source of candidate contacts (an adapter in src/providers/enrichment). */
export interface EnrichmentProvider {
  readonly name: string;
  /** Whether it needs a paid key; keyless providers (website, permutation) run everywhere. */
  readonly keyless?: boolean;
  find(target: EnrichmentTarget, context: FindContext): Promise<ProviderFindings>;
  /** Turns a skip-worthy error into the reason shown to people ("403 plan has no API access"). */
  describeSkip?(error: AppError): string | undefined;
}

export type VerificationStatus = 'valid' | 'catch_all' | 'invalid' | 'unknown';

export interface VerificationResult {
  status: VerificationStatus;
  /** The vendor's own words ("mailbox_not_found", "catch-all"). */
  detail?: string;
  /** Credits the vendor charged for this check (absent: a free verifier). */
  credits?: number;
}

/** Checks whether an address accepts mail (ZeroBounce, or the sandbox). */
export interface EmailVerifier {
  readonly name: string;
  verify(email: string): Promise<VerificationResult>;
  describeSkip?(error: AppError): string | undefined;
}

/** The providers a run uses, shared across runs so each vendor's rate limit holds process-wide. */
export interface EnrichmentSet {
  mode: 'sandbox' | 'live';
  providers: EnrichmentProvider[];
  verifier?: EmailVerifier;
  /** Providers in ENRICHMENT_ORDER left out, and why ("hunter: HUNTER_API_KEY is not set"). */
  disabled: { name: string; reason: string }[];
}
