/** One per-recipient block of an RFC 3464 delivery-status report. */
export interface RecipientReport {
  finalRecipient?: string;
  originalRecipient?: string;
  action?: string;
  status?: string;
  diagnostic: string;
}

const ADDRESS = /[^\s<>;:"(),[\]]+@[^\s<>;:"(),[\]]+\.[^\s<>;:"(),[\]]+/;

/** The address in an address-type field value ("rfc822; pat@x.example", "utf-8; <pat@x.example>"). */
export const fieldAddress = (value: string | undefined) =>
  value ? ADDRESS.exec(value)?.[0]?.replace(/\.$/, '').toLowerCase() : undefined;

function fields(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of block.replace(/\r?\n[ \t]+/g, ' ').matchAll(/^([A-Za-z][\w-]*):[ \t]*(.*)$/gm))
    out[m[1]!.toLowerCase()] ??= m[2]!.trim();
  return out;
}

/**
 * The per-recipient blocks of a delivery-status report (RFC 3464 §2.3): blocks are separated by blank lines, and
 * a recipient block is one with Final-Recipient, Original-Recipient, Action or Status. Tolerates the flattened
 * text some gateways send instead of a message/delivery-status part.
 */
export function parseDeliveryStatus(text: string | undefined): RecipientReport[] {
  if (!text) return [];
  const reports: RecipientReport[] = [];
  for (const block of text.replace(/\r\n/g, '\n').split(/\n[ \t]*\n/)) {
    const f = fields(block);
    if (!f['final-recipient'] && !f.action && !f['original-recipient']) continue;
    if (!f['final-recipient'] && !f['original-recipient'] && !f.status) continue;
    reports.push({
      finalRecipient: fieldAddress(f['final-recipient']),
      originalRecipient: fieldAddress(f['original-recipient']),
      action: f.action?.toLowerCase().split(/[\s(;]/)[0],
      status: /[245]\.\d{1,3}\.\d{1,3}/.exec(f.status ?? '')?.[0],
      diagnostic: [f['diagnostic-code'], f['x-display-name'], f['x-supplementary-info']].filter(Boolean).join(' '),
    });
  }
  return reports;
}

/** The overall outcome of a report's recipients: any failure wins, then a delay, then success. */
export function reportOutcome(reports: RecipientReport[]): 'failed' | 'delayed' | 'delivered' | undefined {
  const outcome = (r: RecipientReport) =>
    r.action === 'failed'
      ? 'failed'
      : r.action === 'delayed'
        ? 'delayed'
        : r.action === 'delivered' || r.action === 'relayed' || r.action === 'expanded'
          ? 'delivered'
          : r.status?.startsWith('5')
            ? 'failed'
            : r.status?.startsWith('4')
              ? 'delayed'
              : r.status?.startsWith('2')
                ? 'delivered'
                : undefined;
  const all = reports.map(outcome);
  return all.includes('failed') ? 'failed' : all.includes('delayed') ? 'delayed' : all.find(Boolean);
}
