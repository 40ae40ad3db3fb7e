import type { Verification } from '../contacts/ports.js';
import type { CandidateContact } from './ports.js';
import type { TitlePolicy } from './titles.js';

/** A kept candidate with its title rank and settled verification. */
export interface PooledContact extends CandidateContact {
  titleRank: number | null;
  verification: Verification;
}

const RANK_NONE = 999;
const rankOf = (c: { titleRank: number | null }) => c.titleRank ?? RANK_NONE;

/** "Dana O'Neil-Whitfield" → "danaoneilwhitfield": the key two providers' spellings of one person share. */
function personKey(c: Pick<CandidateContact, 'fullName' | 'firstName' | 'lastName'>): string | null {
  const name = c.fullName ?? [c.firstName, c.lastName].filter(Boolean).join(' ');
  const key = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  return key.length >= 3 ? key : null;
}

/** Best first: better title, verified before not, found before guessed, more confident. */
function compareContacts(a: PooledContact, b: PooledContact): number {
  const verified = (c: PooledContact) => (c.verification === 'valid' ? 0 : c.verification === 'invalid' ? 2 : 1);
  return (
    rankOf(a) - rankOf(b) ||
    Number(!a.email) - Number(!b.email) ||
    verified(a) - verified(b) ||
    Number(a.emailKind === 'guessed') - Number(b.emailKind === 'guessed') ||
    (b.confidence ?? 0) - (a.confidence ?? 0)
  );
}

/** The candidates kept for one company, merged across providers (one entry per address, or per person). */
export class ContactPool {
  private entries: PooledContact[] = [];
  constructor(private readonly titles: TitlePolicy) {}

  add(candidate: CandidateContact): void {
    const titleRank = this.titles.rank(candidate.title);
    const entry: PooledContact = { ...candidate, titleRank, verification: candidate.verification ?? 'unverified' };
    const key = personKey(entry);
    const same = entry.email
      ? this.entries.find((e) => e.email === entry.email)
      : this.entries.find((e) => key !== null && personKey(e) === key);
    if (same) {
      this.merge(same, entry);
      return;
    }
    if (entry.email && key) {
      const nameOnly = this.entries.findIndex((e) => !e.email && personKey(e) === key);
      if (nameOnly !== -1) {
        const [absorbed] = this.entries.splice(nameOnly, 1);
        this.merge(entry, { ...absorbed!, email: entry.email, emailKind: entry.emailKind, source: entry.source });
      }
    }
    this.entries.push(entry);
  }

  private merge(into: PooledContact, other: PooledContact): void {
    into.fullName ??= other.fullName;
    into.firstName ??= other.firstName;
    into.lastName ??= other.lastName;
    if (!into.title || (other.titleRank !== null && rankOf(other) < rankOf(into))) {
      into.title = other.title ?? into.title;
      into.titleRank = other.title ? other.titleRank : into.titleRank;
    }
    into.evidenceUrl ??= other.evidenceUrl;
    into.linkedinUrl ??= other.linkedinUrl;
    into.phone ??= other.phone;
    into.confidence = Math.max(into.confidence ?? 0, other.confidence ?? 0) || into.confidence;
    if (into.emailKind === 'guessed' && other.emailKind === 'found') {
      into.emailKind = 'found';
      into.source = other.source;
    }
    if (other.verification !== 'unverified' && into.verification !== 'valid') into.verification = other.verification;
  }

  /** Every entry, best first. */
  list(): PooledContact[] {
    return [...this.entries].sort(compareContacts);
  }

  /** The best title any provider has offered so far (null when none matched a target title). */
  bestSeenRank(): number | null {
    const ranks = this.entries.map((e) => e.titleRank).filter((r): r is number => r !== null);
    return ranks.length === 0 ? null : Math.min(...ranks);
  }

  /** The best verified title so far, or null. */
  bestVerifiedRank(): number | null {
    const ranks = this.entries
      .filter((e) => e.email && e.verification === 'valid' && e.titleRank !== null)
      .map((e) => e.titleRank!);
    return ranks.length === 0 ? null : Math.min(...ranks);
  }

  /** Whether the waterfall can stop: a verified contact holds the best title seen so far. */
  done(): boolean {
    const best = this.bestSeenRank();
    const verified = this.bestVerifiedRank();
    return best !== null && verified !== null && verified <= best;
  }

  /** Addresses still to verify, in the order worth checking. */
  unverified(): PooledContact[] {
    return this.list().filter((e) => e.email && e.verification === 'unverified');
  }

  /**
   * Keeps at most one guess per person: the first valid one, else the first catch-all, else (no verifier) the
   * likeliest unverified one. Invalid guesses and guesses for someone with a found address are discarded.
   */
  settleGuesses(): void {
    const keep = new Set<PooledContact>();
    const groups = new Map<string, PooledContact[]>();
    for (const e of this.entries) {
      if (e.emailKind !== 'guessed') {
        keep.add(e);
        continue;
      }
      const key = personKey(e) ?? e.email!;
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    const foundPeople = new Set(
      this.entries.filter((e) => e.emailKind === 'found' && e.email).map((e) => personKey(e)),
    );
    for (const [key, guesses] of groups) {
      if (foundPeople.has(key)) continue;
      const pick =
        guesses.find((g) => g.verification === 'valid') ??
        guesses.find((g) => g.verification === 'catch_all') ??
        guesses.find((g) => g.verification === 'unverified' || g.verification === 'unknown');
      if (pick) keep.add(pick);
    }
    this.entries = this.entries.filter((e) => keep.has(e));
  }
}
