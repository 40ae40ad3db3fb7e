import type { CandidateContact, EmailVerifier, EnrichmentProvider } from '../../pipeline/enrichment/ports.js';
import { mailboxWord } from './names.js';
import { PATTERNS } from './permutation.js';

/**
 * Sandbox enrichment: fictional people for the sample directory's companies, which all live on `.example` domains
 * (RFC 2606, never real). Deterministic per domain, with a realistic mix: some companies list a CFO, some only an
 * owner, some a name without an address (permutation plus the sandbox verifier find it), some only a role address
 * (the gates drop it), and a few nothing at all.
 */

const FIRST =
  'Dana Morgan Priya Luis Grace Omar Helen Tomasz Keisha Arjun Nadia Victor Irene Malik Sofia Declan Ruth Kenji Alma Felix Rosa Bennett Lena Idris Carla Hugo Maeve Rafael Ingrid Tobias'.split(
    ' ',
  );
const LAST =
  'Whitfield Okafor Lindqvist Moreau Castellano Brennan Haddad Novak Pemberton Achebe Rinaldi Sorensen Varga Delgado Ashworth Kowalczyk Mbeki Thornbury Quinlan Estrada Halvorsen Nakamura Oduya Fairbanks Calloway Dunmore Petrakis Abernathy Solberg Vance'.split(
    ' ',
  );
const TITLES: [string, string[]][] = [
  ['cfo', ['Chief Financial Officer', 'CFO']],
  ['finance', ['VP, Finance', 'Finance Director']],
  ['facilities', ['Facilities Director', 'Director of Facilities']],
  ['operations', ['Vice President of Operations', 'COO']],
  ['owner', ['Owner', 'Founder & CEO', 'President']],
];

export interface SandboxPerson {
  fullName: string;
  firstName: string;
  lastName: string;
  title: string;
  /** The mailbox that exists (the sandbox verifier says valid for it). */
  mailbox: string;
  /** Whether the company's site prints the address (else only the name and title). */
  published: boolean;
}

export interface SandboxCompany {
  people: SandboxPerson[];
  roleAddresses: string[];
  catchAll: boolean;
}

/** FNV-1a, then mulberry32: the same domain always gives the same company. */
function rng(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isSandboxDomain = (domain: string) => /\.example$/i.test(domain);

/** The fictional staff of a `.example` company (empty for any other domain). */
export function sandboxCompany(domain: string): SandboxCompany {
  const empty: SandboxCompany = { people: [], roleAddresses: [], catchAll: false };
  if (!isSandboxDomain(domain)) return empty;
  const r = rng(domain.toLowerCase());
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  const pattern = pick(['first.last', 'first.last', 'flast', 'first', 'firstlast'] as const);
  const catchAll = r() < 0.1;
  const person = (kind: string, published: boolean): SandboxPerson => {
    const firstName = pick(FIRST);
    const lastName = pick(LAST);
    const title = pick(TITLES.find(([k]) => k === kind)![1]);
    const mailbox = `${PATTERNS[pattern]!(mailboxWord(firstName), mailboxWord(lastName))}@${domain}`;
    return { fullName: `${firstName} ${lastName}`, firstName, lastName, title, mailbox, published };
  };
  const bucket = r();
  const role = [`info@${domain}`];
  if (bucket < 0.3) return { people: [person('cfo', true), person('owner', true)], roleAddresses: role, catchAll };
  if (bucket < 0.5) return { people: [person('owner', true)], roleAddresses: [], catchAll };
  if (bucket < 0.62)
    return { people: [person(pick(['facilities', 'operations', 'finance']), true)], roleAddresses: role, catchAll };
  if (bucket < 0.74) return { people: [person('owner', false)], roleAddresses: role, catchAll: false };
  if (bucket < 0.87) return { people: [], roleAddresses: [`office@${domain}`, ...role], catchAll };
  return empty;
}

/** Finds the sandbox company's published people, names and role addresses, with evidence on its own site. */
export function createSandboxProvider(): EnrichmentProvider {
  return {
    name: 'sandbox',
    async find(target) {
      if (!isSandboxDomain(target.domain))
        return { candidates: [], notes: ['the sandbox only knows the sample directory (.example domains)'] };
      const company = sandboxCompany(target.domain);
      const site = `https://${target.domain}`;
      const candidates: CandidateContact[] = company.people.map((p) => ({
        fullName: p.fullName,
        firstName: p.firstName,
        lastName: p.lastName,
        title: p.title,
        email: p.published ? p.mailbox : null,
        emailKind: 'found',
        source: 'sandbox',
        evidenceUrl: `${site}/${p.published ? 'team' : 'about'}`,
        confidence: p.published ? 0.9 : 0.7,
      }));
      for (const email of company.roleAddresses)
        candidates.push({
          fullName: null,
          firstName: null,
          lastName: null,
          title: null,
          email,
          emailKind: 'found',
          source: 'sandbox',
          evidenceUrl: `${site}/contact`,
          confidence: 0.5,
        });
      return { candidates };
    },
  };
}

/** Answers like a verification service for `.example` mailboxes: valid, invalid or catch-all, deterministically. */
export function createSandboxVerifier(): EmailVerifier {
  return {
    name: 'sandbox-verifier',
    async verify(email) {
      const domain = email.split('@')[1] ?? '';
      if (!isSandboxDomain(domain))
        return { status: 'unknown', detail: 'the sandbox only verifies .example addresses' };
      const company = sandboxCompany(domain);
      if (company.catchAll) return { status: 'catch_all', detail: 'domain accepts all addresses' };
      const exists = company.people.some((p) => p.mailbox === email) || company.roleAddresses.includes(email);
      return exists ? { status: 'valid' } : { status: 'invalid', detail: 'mailbox_not_found' };
    },
  };
}
