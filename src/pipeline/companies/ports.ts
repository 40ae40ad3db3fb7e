import { LEAD_STATUSES } from '../statuses.js';

export { LEAD_STATUSES };
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export type Tier = 'high' | 'medium' | 'low';

/** A company as stored; `status` is its place at Gate 1. */
export interface CompanyRecord {
  id: number;
  name: string;
  normalizedName: string;
  domain: string | null;
  website: string | null;
  industry: string;
  address: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  phone: string | null;
  employeeCount: number | null;
  siteCount: number | null;
  buildingSqft: number | null;
  latitude: number | null;
  longitude: number | null;
  sources: string[];
  sourceRefs: Record<string, string>;
  status: LeadStatus;
  foundByRunId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewCompany = Omit<CompanyRecord, 'id' | 'createdAt' | 'updatedAt' | 'status'> & { status?: LeadStatus };
export type CompanyPatch = Partial<Omit<CompanyRecord, 'id' | 'createdAt'>>;

export interface CompanyFeatures {
  companyId: number;
  annualSpendEstimate: number | null;
  savingsLow: number | null;
  savingsMid: number | null;
  savingsHigh: number | null;
  deregulated: boolean | null;
  energyIntensity: number | null;
  stateRate: number | null;
  dataGaps: string[];
  reenrichAttempts: number;
}

export interface LeadScore {
  companyId: number;
  runId: string | null;
  profile: string;
  score: number;
  tier: Tier;
  breakdown: Record<string, unknown>;
  scoreReason: string;
  reasonSource: 'llm' | 'template';
}

/** A company with its score and features: what lead cards, list-leads and the agent show. */
export interface Lead {
  company: CompanyRecord;
  score: LeadScore | null;
  features: CompanyFeatures | null;
}

export interface LeadFilter {
  status?: LeadStatus[];
  industry?: string;
  /** Matches city or state, case-insensitive ("Buffalo", "Buffalo, NY", "NY"). */
  location?: string;
  ids?: number[];
  runId?: string;
  /** First found in [createdFrom, createdTo) (the digest's "new leads"). */
  createdFrom?: Date;
  createdTo?: Date;
  limit?: number;
  offset?: number;
}

/** Companies, their features and scores (implemented in src/db). */
export interface CompanyRepo {
  insert(company: NewCompany, at: Date): Promise<CompanyRecord>;
  update(id: number, patch: CompanyPatch, at: Date): Promise<CompanyRecord>;
  get(id: number): Promise<CompanyRecord | undefined>;
  findByDomain(domain: string): Promise<CompanyRecord | undefined>;
  /** Companies with this normalized name (any city); callers narrow by city. */
  findByNormalizedName(normalizedName: string): Promise<CompanyRecord[]>;
  /** Companies in a city (case-insensitive), for fuzzy matching. */
  listInCity(city: string, limit?: number): Promise<CompanyRecord[]>;
  /** Exact or partial name match, best first. */
  searchByName(text: string, limit?: number): Promise<CompanyRecord[]>;
  setStatus(id: number, status: LeadStatus, at: Date): Promise<void>;
  getFeatures(companyId: number): Promise<CompanyFeatures | undefined>;
  upsertFeatures(features: CompanyFeatures, at: Date): Promise<void>;
  getScore(companyId: number): Promise<LeadScore | undefined>;
  upsertScore(score: LeadScore, at: Date): Promise<void>;
  listLeads(filter: LeadFilter): Promise<Lead[]>;
  countByStatus(): Promise<Record<LeadStatus, number>>;
}
