import type { NewCompany } from '../companies/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import { type CsvColumns, type CsvOptions, type CsvRow, csvCandidate, csvProblemRow } from '../scout/csv.js';
import type { CsvItem } from '../scout/csv-records.js';
import { type CompanyKeys, keysOf, keysOfNormalized, mergeCandidates } from '../scout/dedupe.js';
import type { MatchEntry, MatchIndex } from './match-index.js';
import type { ImportDeps, ImportIssue, KnownCompany, ScoredCompany } from './ports.js';

/** What every batch of one import shares: the file's layout, the companies seen so far, the scorer. */
export interface BatchContext {
  run: RunHandle;
  deps: ImportDeps;
  options: CsvOptions & { resolve: (text: string) => string };
  header: string[];
  columns: CsvColumns;
  index: MatchIndex;
  /** Cities whose stored companies are in the index. */
  seeded: Set<string>;
  score: (company: NewCompany) => Omit<ScoredCompany, 'company'>;
}

interface Fresh {
  line: number;
  company: CsvRow['company'];
  entry: MatchEntry;
  normalizedName: string;
}

/**
 * Reads, checks, dedupes, scores and stores one batch of rows, then records in the same transaction the per-row
 * report, the run's counters and the checkpoint (where the next batch starts): a restart repeats no row and loses
 * none. A row that is a company already known (stored before, or earlier in the file) is reported, not stored; one
 * repeated within the batch fills the gaps of the first.
 */
export async function storeBatch(items: CsvItem[], ctx: BatchContext): Promise<void> {
  const { run, deps, index } = ctx;
  const issues: ImportIssue[] = [];
  const rows: CsvRow[] = [];
  for (const item of items) {
    const row = item.problem
      ? csvProblemRow(item.problem, ctx.header)
      : csvCandidate(item.line, item.fields, ctx.columns, ctx.options);
    if ('problem' in row) issues.push({ kind: 'bad', ...row });
    else rows.push(row);
  }
  const keys = rows.map((r) => keysOfNormalized(r.company));
  await learnKnown(keys, ctx);
  const fresh: Fresh[] = [];
  const slots = new Map<MatchEntry, number>();
  rows.forEach((row, i) => {
    const match = index.find(keys[i]!);
    if (!match) {
      const entry: MatchEntry = { keys: keys[i]!, fromFile: true };
      index.add(entry);
      slots.set(entry, fresh.length);
      fresh.push({ line: row.line, company: row.company, entry, normalizedName: keys[i]!.name });
      return;
    }
    const slot = slots.get(match);
    if (slot !== undefined) {
      const kept = fresh[slot]!;
      kept.company = mergeCandidates(kept.company, row.company);
      index.update(match, { domain: kept.company.domain ?? undefined });
    }
    const existingId = match.fromFile ? undefined : match.id;
    issues.push({ kind: 'duplicate', line: row.line, name: row.company.name, ...(existingId ? { existingId } : {}) });
  });
  const scored = fresh.map((f): ScoredCompany => {
    const company: NewCompany = {
      ...f.company,
      normalizedName: f.normalizedName,
      status: 'pending',
      foundByRunId: run.id,
    };
    return { company, ...ctx.score(company) };
  });
  const last = items.at(-1)!;
  await deps.tx(async () => {
    const stored = await deps.imports.storeScored(scored, deps.now());
    const tiers = { high: 0, medium: 0, low: 0 };
    stored.forEach((id, i) => {
      const f = fresh[i]!;
      if (id !== undefined) {
        index.update(f.entry, { id });
        tiers[scored[i]!.score.tier] += 1;
      } else issues.push({ kind: 'duplicate', line: f.line, name: f.company.name });
    });
    issues.sort((a, b) => a.line - b.line);
    if (issues.length > 0) await deps.imports.addIssues(run.id, issues);
    await run.checkpoint({ offset: last.end, line: last.next });
    await run.count({
      rowsRead: items.length,
      companiesImported: tiers.high + tiers.medium + tiers.low,
      duplicates: issues.filter((x) => x.kind === 'duplicate').length,
      badRows: issues.filter((x) => x.kind === 'bad').length,
      ...tiers,
    });
  });
}

/** Puts the stored companies these rows could be into the index: same domain or name, or in a city not seen yet. */
async function learnKnown(keys: CompanyKeys[], ctx: BatchContext): Promise<void> {
  const { index } = ctx;
  const learn = (companies: KnownCompany[]) => {
    for (const c of companies) if (!index.has(c.id)) index.add({ keys: keysOf(c), id: c.id, fromFile: false });
  };
  const domains = [...new Set(keys.flatMap((k) => (k.domain ? [k.domain] : [])))];
  const names = [...new Set(keys.map((k) => k.name))];
  if (keys.length > 0) learn(await ctx.deps.imports.findKnown({ domains, names }));
  for (const city of new Set(keys.flatMap((k) => (k.city ? [k.city] : [])))) {
    if (ctx.seeded.has(city)) continue;
    ctx.seeded.add(city);
    learn(await ctx.deps.companies.listInCity(city));
  }
}
