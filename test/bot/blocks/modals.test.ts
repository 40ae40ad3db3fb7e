import { describe, expect, it } from 'vitest';
import {
  buildEditDraftModal,
  buildRegenerateModal,
  buildRejectLeadModal,
  buildSimulateReplyModal,
  type ModalView,
} from '../../../src/bot/blocks/modals.js';
import type { DraftRecord } from '../../../src/pipeline/drafts/ports.js';

const draft = { id: 7, subject: 'Hello', body: 'Body' } as DraftRecord;
const ref = { id: 7 };
const modals: ModalView[] = [
  buildEditDraftModal(draft, ref),
  buildRegenerateModal(draft, ref),
  buildRejectLeadModal('Acme', ref),
  buildSimulateReplyModal(7, 'ana@acme.example', [{ value: 'positive', label: 'Interested' }], ref),
];

describe('modal inputs', () => {
  it('label optional inputs once: Slack adds "(optional)" itself, so the label never says it', () => {
    const inputs = modals.flatMap((m) => m.blocks).filter((b) => b.type === 'input') as {
      label: unknown;
      optional?: boolean;
    }[];
    expect(inputs.filter((b) => b.optional).length).toBeGreaterThanOrEqual(3);
    for (const block of inputs) expect(JSON.stringify(block.label)).not.toMatch(/optional/i);
  });
});
