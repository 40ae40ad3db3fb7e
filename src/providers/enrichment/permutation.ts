import type { CandidateContact, EnrichmentProvider, KnownContact } from '../../pipeline/enrichment/ports.js';
import { mailboxWord, splitName } from './names.js';

export type Pattern = (first: string, last: string) => string;

/** Common company address formats, likeliest first. */
export const PATTERNS: Record<string, Pattern> = {
  'first.last': (f, l) => `${f}.${l}`,
  flast: (f, l) => `${f[0]}${l}`,
  first: (f) => f,
  firstlast: (f, l) => `${f}${l}`,
  first_last: (f, l) => `${f}_${l}`,
  last: (_f, l) => l,
  'f.last': (f, l) => `${f[0]}.${l}`,
  firstl: (f, l) => `${f}${l[0]}`,
  'last.first': (f, l) => `${l}.${f}`,
};

/** First and last name as mailbox words, or null when the person has no usable first and last name. */
export function mailboxName(c: Pick<CandidateContact, 'fullName' | 'firstName' | 'lastName'>) {
  const parts =
    c.firstName && c.lastName ? { firstName: c.firstName, lastName: c.lastName } : splitName(c.fullName ?? '');
  const first = mailboxWord((parts.firstName ?? '').split(/[\s-]/)[0] ?? '');
  const last = mailboxWord(parts.lastName ?? '');
  return first.length >= 2 && last.length >= 2 ? { first, last } : null;
}

/** The company's format, read from an address already found for a named person on the domain. */
export function inferPattern(known: readonly CandidateContact[], domain: string): string | undefined {
  for (const k of known) {
    if (!k.email?.endsWith(`@${domain}`) || k.emailKind !== 'found') continue;
    const name = mailboxName(k);
    const local = k.email.split('@')[0]!;
    if (!name) continue;
    const match = Object.entries(PATTERNS).find(([, p]) => p(name.first, name.last) === local);
    if (match) return match[0];
  }
  return undefined;
}

export interface PermutationOptions {
  /** People to guess for (best titles first). Default 2. */
  maxPeople?: number;
  /** Guesses per person. Default 6. */
  maxGuesses?: number;
}

/**
 * Guesses addresses (first.last@, flast@, first@, …) for people an earlier provider named with a target title and
 * no address, on the company's own domain. Every guess is `guessed`, carries the name's evidence, and is never
 * sendable until verification says valid.
 */
export function createPermutationProvider(options: PermutationOptions = {}): EnrichmentProvider {
  const maxPeople = options.maxPeople ?? 2;
  const maxGuesses = options.maxGuesses ?? 6;
  return {
    name: 'permutation',
    keyless: true,
    async find(target, { known }) {
      const withAddress = new Set(known.filter((k) => k.email && k.emailKind === 'found').map((k) => k.fullName));
      const people = known
        .filter((k: KnownContact) => !k.email && k.titleRank !== null && !withAddress.has(k.fullName))
        .slice(0, maxPeople);
      const inferred = inferPattern(known, target.domain);
      const order = inferred
        ? [inferred, ...Object.keys(PATTERNS).filter((p) => p !== inferred)]
        : Object.keys(PATTERNS);
      const candidates: CandidateContact[] = [];
      for (const person of people) {
        const name = mailboxName(person);
        if (!name) continue;
        const locals = [...new Set(order.map((p) => PATTERNS[p]!(name.first, name.last)))].slice(0, maxGuesses);
        for (const [i, local] of locals.entries())
          candidates.push({
            fullName: person.fullName,
            firstName: person.firstName,
            lastName: person.lastName,
            title: person.title,
            email: `${local}@${target.domain}`,
            emailKind: 'guessed',
            source: 'permutation',
            evidenceUrl: person.evidenceUrl,
            confidence: Math.max(0.05, (inferred && i === 0 ? 0.6 : 0.35) - i * 0.05),
            linkedinUrl: person.linkedinUrl ?? null,
          });
      }
      const notes = people.length === 0 ? ['no named person without an address to guess for'] : [];
      if (inferred) notes.push(`company format ${inferred}@ inferred from a found address`);
      return { candidates, notes };
    },
  };
}
