import { AppError } from '../../errors.js';
import type { Actor, Transaction } from '../approvals/ports.js';
import type { ContactRepo } from '../contacts/ports.js';
import type { OutreachRepo, SuppressionRecord, SuppressionRepo } from './ports.js';
import { stopSequence } from './sequence.js';

const EMAIL = /^[^\s@<>()]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
const DOMAIN = /^(?!-)[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$/i;

/** Parses what a person asked to suppress: an email address or a domain (with or without "@"). */
export function parseSuppressionTarget(raw: string): { kind: 'email' | 'domain'; value: string } {
  const text = raw
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^@/, '')
    .replace(/^https?:\/\//i, '')
    .replace(/\/.*$/, '')
    .replace(/^www\./i, '')
    .toLowerCase();
  if (EMAIL.test(text)) return { kind: 'email', value: text };
  if (DOMAIN.test(text)) return { kind: 'domain', value: text };
  throw new AppError(
    'invalid_input',
    `"${raw}" is neither an email address nor a domain; give one like pat@acme.example or acme.example`,
  );
}

/**
 * Adds an address or domain to the suppression list on a human's say-so and stops every sequence it covers.
 * Idempotent.
 */
export async function suppressTarget(
  input: { target: string; reason?: string; actor: Actor },
  deps: {
    suppressions: SuppressionRepo;
    contacts: ContactRepo;
    outreach: OutreachRepo;
    tx: Transaction;
    now: () => Date;
  },
): Promise<{ record: SuppressionRecord; stoppedSequences: number }> {
  const target = parseSuppressionTarget(input.target);
  return deps.tx(async () => {
    const at = deps.now();
    const record = await deps.suppressions.add(
      {
        ...target,
        reason: input.reason ?? `suppressed by ${input.actor.name ?? input.actor.id}`,
        source: input.actor.source,
        createdBy: input.actor.id,
      },
      at,
    );
    let stopped = 0;
    for (const sequence of await deps.outreach.listSequences({ status: ['active', 'paused'] })) {
      const contact = await deps.contacts.get(sequence.contactId);
      if (contact?.email && (await deps.suppressions.match(contact.email))) {
        await stopSequence(sequence.id, 'suppressed', deps);
        stopped++;
      }
    }
    return { record, stoppedSequences: stopped };
  });
}
