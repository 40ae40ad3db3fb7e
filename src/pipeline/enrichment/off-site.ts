import { getDomain } from 'tldts';
import type { CandidateContact } from './ports.js';

/** "mail.acme.co.uk" → "acme.co.uk" (the public suffix list); the host itself when it has no registrable domain. */
function registrableDomain(host: string): string {
  const h = host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\./, '');
  return getDomain(h) ?? h;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}

type Found = Pick<CandidateContact, 'email' | 'source' | 'evidenceUrl'>;

/**
 * Where a contact was found when that is not the company's own registrable domain: the domain of the address, or,
 * for what the website crawler read, of the page it was read on (a site that redirects to another company's site
 * shows that company's staff). Undefined when the contact is the company's own, or the company has no domain.
 */
export function foundOffSite(contact: Found, companyDomain: string | null | undefined): string | undefined {
  if (!companyDomain) return undefined;
  const own = registrableDomain(companyDomain);
  const mailDomain = contact.email?.split('@')[1];
  if (mailDomain && registrableDomain(mailDomain) !== own) return registrableDomain(mailDomain);
  const page = contact.source === 'website' && contact.evidenceUrl ? hostOf(contact.evidenceUrl) : undefined;
  if (page && registrableDomain(page) !== own) return registrableDomain(page);
  return undefined;
}
