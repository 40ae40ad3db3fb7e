import { describe, expect, it } from 'vitest';
import { sendDue, stopSequence } from '../../../src/pipeline/outreach/send-due.js';
import { startSequence } from '../../../src/pipeline/outreach/start-sequence.js';
import { oldestSendAwaitingReply } from '../../../src/pipeline/tracker/awaiting-reply.js';
import { outreachWorld } from '../../helpers/outreach-world.js';

const DAY = 86_400_000;

describe('oldestSendAwaitingReply', () => {
  it('is the first send of the oldest sequence that can still get a reply; stopped sequences do not count', async () => {
    const w = outreachWorld();
    expect(await oldestSendAwaitingReply(w.deps.outreach)).toBeUndefined();
    const a = await w.approvedDraft();
    await startSequence(a.draft.id, w.deps);
    await sendDue(w.deps);
    const sentA = w.clock();
    w.clock.advance(2 * DAY);
    const b = await w.approvedDraft();
    await startSequence(b.draft.id, w.deps);
    await sendDue(w.deps);
    expect(await oldestSendAwaitingReply(w.deps.outreach)).toEqual(sentA);
    await stopSequence((await w.deps.outreach.sequenceForDraft(a.draft.id))!.id, 'replied (positive)', w.deps);
    expect((await oldestSendAwaitingReply(w.deps.outreach))!.getTime()).toBeGreaterThan(sentA.getTime());
  });
});
