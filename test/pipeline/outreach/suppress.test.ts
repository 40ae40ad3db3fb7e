import { describe, expect, it } from 'vitest';
import { sendDue } from '../../../src/pipeline/outreach/send-due.js';
import { startSequence } from '../../../src/pipeline/outreach/start-sequence.js';
import { parseSuppressionTarget, suppressTarget } from '../../../src/pipeline/outreach/suppress.js';
import { outreachWorld } from '../../helpers/outreach-world.js';

describe('suppression', () => {
  it.each([
    ['Pat@Acme.example', { kind: 'email', value: 'pat@acme.example' }],
    ['mailto:pat@acme.example', { kind: 'email', value: 'pat@acme.example' }],
    ['acme.example', { kind: 'domain', value: 'acme.example' }],
    ['@acme.example', { kind: 'domain', value: 'acme.example' }],
    ['https://www.acme.example/contact', { kind: 'domain', value: 'acme.example' }],
  ])('reads %s', (raw, expected) => expect(parseSuppressionTarget(raw)).toEqual(expected));

  it('explains what it accepts', () => {
    expect(() => parseSuppressionTarget('the acme people')).toThrow(
      /neither an email address nor a domain.*acme\.example/,
    );
  });

  it('a domain suppression stops the sequences it covers, and the next send run skips them', async () => {
    const w = outreachWorld();
    const a = await w.approvedDraft({ email: 'pat@mail.acme.example' });
    const b = await w.approvedDraft();
    await startSequence(a.draft.id, w.deps);
    await startSequence(b.draft.id, w.deps);
    const result = await suppressTarget(
      { target: 'acme.example', actor: { id: 'U1', name: 'Ana', source: 'slack' } },
      w.deps,
    );
    expect(result.stoppedSequences).toBe(1);
    expect((await sendDue(w.deps)).sent).toBe(1);
    expect((await w.deps.outreach.listSends({ status: ['sent'] }))[0]!.recipient).toBe(b.contact.email);
  });
});
