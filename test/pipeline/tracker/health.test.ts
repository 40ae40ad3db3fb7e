import { describe, expect, it } from 'vitest';
import { sendDue } from '../../../src/pipeline/outreach/send-due.js';
import { startSequence } from '../../../src/pipeline/outreach/start-sequence.js';
import { findStuckWork } from '../../../src/pipeline/tracker/health.js';
import { insertPendingLead } from '../../helpers/fixtures.js';
import { outreachWorld } from '../../helpers/outreach-world.js';

describe('daily health check', () => {
  it('finds approved leads without a contact, waiting drafts, uncertain sends and unmatched replies', async () => {
    const w = outreachWorld();
    const lonely = await insertPendingLead(w.deps.companies, {
      name: 'Lonely Co',
      normalizedName: 'lonely co',
      domain: 'lonely.example',
    });
    await w.deps.companies.setStatus(lonely.id, 'approved', w.clock());
    const waiting = await w.approvedDraft();
    await w.drafts.update(waiting.draft.id, { status: 'pending' }, w.clock());
    const sent = await w.approvedDraft();
    await startSequence(sent.draft.id, w.deps);
    await sendDue(w.deps);
    const event = (await w.deps.outreach.listSends({ status: ['sent'] }))[0]!;
    await w.deps.outreach.updateEvent(event.id, { status: 'uncertain' }, w.clock());
    await w.deps.outreach.insertEvent(
      { kind: 'reply', status: 'received', recipient: 'x@else.example', subject: 'hi' },
      w.clock(),
    );
    expect((await findStuckWork(w.deps)).leadsWithoutContact).toEqual([]);
    w.clock.advance(3 * 86_400_000 + 1);
    const stuck = await findStuckWork(w.deps);
    expect(stuck.leadsWithoutContact.map((l) => l.name)).toEqual(['Lonely Co']);
    expect(stuck.draftsWaiting.map((d) => d.draftId)).toEqual([waiting.draft.id]);
    expect(stuck.uncertainSends).toHaveLength(1);
    expect(stuck.unmatchedReplies.map((r) => r.from)).toEqual(['x@else.example']);
  });
});
