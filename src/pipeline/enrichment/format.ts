import type { ContactRecord } from '../contacts/ports.js';
import { type ProviderSkip, providerLabel } from '../guard/provider-guard.js';
import type { CompanyEnrichment } from './enrich.js';

const VERIFICATION_TEXT: Record<ContactRecord['verification'], string> = {
  valid: 'verified',
  catch_all: 'catch-all (unconfirmed)',
  invalid: 'invalid',
  unknown: 'verification inconclusive',
  unverified: 'not verified',
};

/** "verified", "guessed, not verified": what a person should know before sending. */
export function describeVerification(c: Pick<ContactRecord, 'emailKind' | 'verification'>): string {
  const text = VERIFICATION_TEXT[c.verification];
  return c.emailKind === 'guessed' ? `guessed, ${text}` : text;
}

/** One line: "Dana Whitfield · CFO · dana.whitfield@acme.example · verified · via hunter". */
export function describeContact(c: ContactRecord): string {
  const who = [c.fullName ?? '(no name)', c.title].filter(Boolean).join(' · ');
  const address = c.email ? `${c.email} · ${describeVerification(c)}` : 'no address';
  return `${who} · ${address} · via ${c.source}`;
}

/**
 * Contacts for a terminal: the primary first (★), each with its address, verification, source and evidence.
 * For `leadbot company-info` and the CLI output of `run-stage enrich`.
 */
export function formatContactsForCli(contacts: readonly ContactRecord[]): string {
  if (contacts.length === 0) return '  No contacts found yet.';
  const sorted = [...contacts].sort(
    (a, b) => Number(b.isPrimary) - Number(a.isPrimary) || (a.titleRank ?? 999) - (b.titleRank ?? 999) || a.id - b.id,
  );
  return sorted
    .map((c) => {
      const mark = c.isPrimary ? '★' : ' ';
      const status = c.status === 'active' ? '' : ` [${c.status.replace('_', ' ')}]`;
      const confidence = c.confidence === null ? '' : ` · confidence ${Math.round(c.confidence * 100)}%`;
      const evidence = c.evidenceUrl ? `\n      evidence: ${c.evidenceUrl}` : '';
      return `  ${mark} ${describeContact(c)}${confidence}${status}${evidence}`;
    })
    .join('\n');
}

/** The run's one-line summary: counts, then every skipped provider with its reason. */
export function summarizeEnrichment(
  results: readonly CompanyEnrichment[],
  skipped: readonly ProviderSkip[],
  mode: 'sandbox' | 'live',
): string {
  if (results.length === 0) return 'No approved companies without a contact to enrich.';
  const count = (o: CompanyEnrichment['outcome']) => results.filter((r) => r.outcome === o).length;
  const parts = [`${count('found')} with a contact`];
  const none = count('none') + count('no_domain');
  if (none > 0) parts.push(`${none} with no findable contact`);
  if (count('failed') > 0) parts.push(`${count('failed')} failed`);
  const waiting = results.find((r) => r.outcome === 'paused');
  if (waiting) parts.push(`${count('paused')} waiting for the budget (${waiting.note})`);
  const plural = results.length === 1 ? 'company' : 'companies';
  const skips = skipped.map((s) => `${providerLabel(s.provider)} skipped: ${s.reason.replace(/[.\s]+$/, '')}`);
  const sandbox = mode === 'sandbox' ? ' (sandbox providers)' : '';
  const spent = results.reduce((sum, r) => sum + r.costUsd, 0);
  const cost = spent > 0 ? ` Paid lookups: $${spent.toFixed(2)}.` : '';
  const head = `Enriched ${results.length} ${plural}${sandbox}: ${parts.join(', ')}.${cost}`;
  return skips.length > 0 ? `${head} ${skips.join('; ')}.` : head;
}
