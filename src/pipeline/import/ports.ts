import type { Transaction } from '../approvals/ports.js';
import type { CompanyFeatures, CompanyRecord, CompanyRepo, Lead, LeadScore, NewCompany } from '../companies/ports.js';
import type { DirectiveStore } from '../directives/store.js';
import type { RunTrigger } from '../runs/ports.js';
import type { RunRecorder } from '../runs/recorder.js';
import type { CsvBadRow } from '../scout/csv.js';

/** A row the import left out: unreadable or invalid (`problem`, `accepted`), or a company already known. */
export type ImportIssue =
  | { kind: 'bad'; line: number; problem: string; accepted: string }
  | { kind: 'duplicate'; line: number; name: string; existingId?: number };

/** What the import compares a stored company by. */
export type KnownCompany = Pick<CompanyRecord, 'id' | 'name' | 'domain' | 'website' | 'city'>;

/** A company scored before it is stored: written with its features and score in one go, waiting at Gate 1. */
export interface ScoredCompany {
  company: NewCompany;
  features: Omit<CompanyFeatures, 'companyId'>;
  score: Omit<LeadScore, 'companyId'>;
}

/**
 * What an import keeps in the database (implemented in src/db): the file itself, in numbered pieces, until the
 * import ends (so a restart can finish it); the per-row report; and the companies, written a batch at a time.
 */
export interface ImportRepo {
  putChunk(runId: string, seq: number, data: Uint8Array): Promise<void>;
  chunk(runId: string, seq: number): Promise<Uint8Array | undefined>;
  /** Forgets the file once the import has ended. */
  dropFile(runId: string): Promise<void>;
  addIssues(runId: string, issues: ImportIssue[]): Promise<void>;
  /** The per-row report, in line order. */
  issues(runId: string): Promise<ImportIssue[]>;
  /** Stored companies with one of these registrable domains or normalized names. */
  findKnown(keys: { domains: string[]; names: string[] }): Promise<KnownCompany[]>;
  /**
   * Stores scored companies with their features and scores; returns their ids in order. A company whose domain
   * another run stored meanwhile is not stored (undefined in its place).
   */
  storeScored(rows: ScoredCompany[], at: Date): Promise<(number | undefined)[]>;
}

export interface ImportDeps {
  imports: ImportRepo;
  companies: CompanyRepo;
  recorder: RunRecorder;
  directives: DirectiveStore;
  tx: Transaction;
  now: () => Date;
  /** Rows per transaction (default 2000). */
  batchRows?: number;
  /** Bytes per stored piece of the file (default 1 MiB). */
  chunkBytes?: number;
}

export interface ImportRequest {
  /** The file: its text, or its bytes as they are read (a file stream). */
  csv: string | AsyncIterable<Uint8Array>;
  fileName: string;
  /** Industry for rows without one. */
  industry?: string;
  trigger: RunTrigger;
  requestedBy?: string | null;
  slackChannel?: string | null;
  slackThreadTs?: string | null;
  onRunStarted?: (runId: string) => void;
}

export interface ImportResult {
  runId: string;
  summary: string;
  /** Companies stored and scored, waiting at Gate 1. */
  imported: number;
  tiers: { high: number; medium: number; low: number };
  /** The best-scored of them (at most TOP_LEADS). */
  leads: Lead[];
  /** Rows that are companies already known (in the file or the database). */
  duplicates: { line: number; name: string; existingId?: number }[];
  /** Rows left out: line, what is wrong and what would be accepted. */
  badRows: CsvBadRow[];
}

/** How many of the imported leads a result carries (the rest are listed with list-leads). */
export const TOP_LEADS = 20;
