import type { Transaction } from '../approvals/ports.js';
import type { ContactRepo } from '../contacts/ports.js';
import type { OutreachRepo, SuppressionRepo } from './ports.js';
import { stopSequence } from './sequence.js';
import { verifyUnsubscribeToken } from './unsubscribe-token.js';

export interface UnsubscribeDeps {
  outreach: OutreachRepo;
  suppressions: SuppressionRepo;
  contacts: ContactRepo;
  secret: string;
  tx: Transaction;
  now: () => Date;
}

/** The address a token stands for, or undefined for a bad token (which changes nothing). */
export function resolveUnsubscribe(token: string, deps: Pick<UnsubscribeDeps, 'secret'>): string | undefined {
  return verifyUnsubscribeToken(token, deps.secret);
}

/**
 * Suppresses the address at once and stops every sequence to it (RFC 8058 one-click, or the confirmation
 * page's button). Idempotent. Returns the address, or undefined when the token is not valid.
 */
export async function unsubscribe(
  token: string,
  via: 'one-click' | 'page' | 'reply',
  deps: UnsubscribeDeps,
): Promise<string | undefined> {
  const email = verifyUnsubscribeToken(token, deps.secret);
  if (!email) return undefined;
  await deps.tx(async () => {
    const at = deps.now();
    const already = await deps.suppressions.match(email);
    await deps.suppressions.add(
      { kind: 'email', value: email, reason: `unsubscribed (${via})`, source: 'unsubscribe' },
      at,
    );
    for (const contact of await deps.contacts.findByEmail(email)) {
      for (const sequence of await deps.outreach.sequencesForContact(contact.id))
        await stopSequence(sequence.id, 'unsubscribed', deps);
      if (!already)
        await deps.outreach.insertEvent(
          {
            kind: 'unsubscribe',
            status: 'received',
            contactId: contact.id,
            companyId: contact.companyId,
            recipient: email,
            classification: 'unsubscribe',
            classificationSource: 'rules',
            detail: { via },
            occurredAt: at,
          },
          at,
        );
    }
  });
  return email;
}
