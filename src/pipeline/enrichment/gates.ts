import type { CandidateContact } from './ports.js';

export type DropReason =
  | 'no_source'
  | 'nothing_found'
  | 'bad_syntax'
  | 'placeholder'
  | 'role_address'
  | 'foreign_domain'
  | 'disposable'
  | 'bad_name';

const words = (text: string) => new Set(text.split(/\s+/).filter(Boolean));

export type GateResult = { ok: true; candidate: CandidateContact } | { ok: false; reason: DropReason; detail: string };

/** Mailboxes that reach a department or a robot, never the person we want. */
export const ROLE_LOCAL_PARTS = words(
  'info contact contacts contactus noreply no-reply donotreply do-not-reply support sales admin ' +
    'administrator office hello hi help helpdesk team billing accounts accounting ap ar invoices hr jobs ' +
    'careers recruiting marketing press media pr news newsletter webmaster postmaster hostmaster abuse ' +
    'privacy security legal compliance enquiries enquiry inquiries inquiry reception frontdesk front.desk ' +
    'service services customerservice customer.service customercare care orders order booking bookings ' +
    'appointments scheduling mail email general feedback it tech operations finance facilities ' +
    'mailer-daemon bounce bounces notifications alerts reply all staff',
);

/** Addresses vendors and templates put where no real address is known. */
const PLACEHOLDER_LOCAL_PARTS = words(
  'email_not_unlocked example test user username name yourname your.name firstname first.last ' +
    'firstname.lastname john.doe jane.doe johndoe janedoe someone somebody you your me xxx null undefined',
);
const PLACEHOLDER_DOMAINS = words(
  'domain.com example.com example.org example.net email.com yourdomain.com yourcompany.com company.com ' +
    'mysite.com website.com sentry.io wixpress.com sentry.wixpress.com',
);
/** "logo@2x.png" and friends: file names that look like addresses. */
const FILE_TLDS = words('png jpg jpeg gif svg webp css js ico pdf bmp avif');

const LOCAL = /^[a-z0-9](?:[a-z0-9._%+'-]{0,62}[a-z0-9_+-])?$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Syntax check: a pragmatic subset of RFC 5321 that real mailboxes use. */
export function isValidEmailSyntax(email: string): boolean {
  if (email.length > 254) return false;
  const at = email.lastIndexOf('@');
  if (at <= 0 || at !== email.indexOf('@')) return false;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (!LOCAL.test(local) || local.includes('..')) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return false;
  const tld = labels.at(-1)!;
  return /^[a-z]{2,24}$/.test(tld) && !FILE_TLDS.has(tld);
}

/** Whether `domain` is `base` or one of its subdomains (mail.acme.com belongs to acme.com). */
function belongsTo(domain: string, base: string): boolean {
  return domain === base || domain.endsWith(`.${base}`);
}

const NAME_WORD = /^[\p{Lu}][\p{L}'’.-]*$/u;
/** Words of page furniture and job titles: "Read More" and "Chief Financial" are not people. */
const NOT_NAME_WORDS = words(
  'read more contact us about our team learn home click here privacy policy terms services service meet the ' +
    'staff leadership chief officer director president vice manager finance financial operations facilities owner ' +
    'founder executive board company inc llc ltd corp group welcome view all news blog careers menu',
);

/** A person's name as printed: 2–4 capitalised words, no digits, no @, no page furniture. */
export function looksLikePersonName(name: string): boolean {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2 || parts.length > 4 || name.length > 60) return false;
  return parts.every((w) => NAME_WORD.test(w) && !NOT_NAME_WORDS.has(w.toLowerCase().replace(/[.,]/g, '')));
}

export interface GateContext {
  domain: string;
  aliases: readonly string[];
  isDisposable: (domain: string) => boolean;
}

/**
 * The quality gates every candidate passes before it is kept: a source, a real-looking name, and an address that
 * is well-formed, personal, on the company's domain (or a known alias), and not disposable.
 */
export function checkCandidate(candidate: CandidateContact, ctx: GateContext): GateResult {
  if (!candidate.source?.trim()) return { ok: false, reason: 'no_source', detail: 'no source given' };
  const fullName = candidate.fullName?.trim() || null;
  if (fullName && !looksLikePersonName(fullName))
    return { ok: false, reason: 'bad_name', detail: `"${fullName}" does not look like a person's name` };
  const email = candidate.email?.trim().toLowerCase() || null;
  if (!email) {
    if (!fullName) return { ok: false, reason: 'nothing_found', detail: 'neither a name nor an address' };
    return { ok: true, candidate: { ...candidate, fullName, email: null } };
  }
  if (!isValidEmailSyntax(email)) return { ok: false, reason: 'bad_syntax', detail: `${email} is not a valid address` };
  const [local, domain] = email.split('@') as [string, string];
  if (PLACEHOLDER_LOCAL_PARTS.has(local) || PLACEHOLDER_DOMAINS.has(domain) || local.includes('*'))
    return { ok: false, reason: 'placeholder', detail: `${email} is a placeholder` };
  if (ROLE_LOCAL_PARTS.has(local) || ROLE_LOCAL_PARTS.has(local.replace(/[._-]/g, '')))
    return { ok: false, reason: 'role_address', detail: `${email} is a role address` };
  const own = [ctx.domain, ...ctx.aliases].some((d) => belongsTo(domain, d));
  if (!own) return { ok: false, reason: 'foreign_domain', detail: `${email} is not on ${ctx.domain}` };
  if (ctx.isDisposable(domain)) return { ok: false, reason: 'disposable', detail: `${domain} is a disposable domain` };
  return { ok: true, candidate: { ...candidate, fullName, email } };
}
