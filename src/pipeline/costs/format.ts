import type { CostFigures } from './report.js';

/** "$12.40", "$0.0245" (small amounts keep four decimals), "—" for nothing bought. */
export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return '—';
  if (usd === 0) return '$0';
  return Math.abs(usd) < 1 ? `$${usd.toFixed(4).replace(/0{1,2}$/, '')}` : `$${usd.toFixed(2)}`;
}

/** "$0.12/lead · $0.40/contact · $1.10/email · $5.50/reply · $11.00/positive reply", leaving out what had none. */
export function unitCosts(f: CostFigures): string {
  const parts: [number | null, string][] = [
    [f.perLead, 'lead'],
    [f.perContact, 'contact'],
    [f.perEmail, 'email'],
    [f.perReply, 'reply'],
    [f.perPositiveReply, 'positive reply'],
  ];
  return parts
    .filter(([v]) => v !== null)
    .map(([v, what]) => `${formatUsd(v)}/${what}`)
    .join(' · ');
}
