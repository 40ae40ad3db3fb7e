import { describe, expect, it } from 'vitest';
import { createApprovalRepo } from '../../../src/db/repos/approval-repo.js';
import { createCompanyRepo } from '../../../src/db/repos/company-repo.js';
import { canApprove, decideLead, describeDecision } from '../../../src/pipeline/approvals/decide-lead.js';
import { isHumanApproval, type Transaction } from '../../../src/pipeline/approvals/ports.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';
import { insertPendingLead, sampleCompany } from '../../helpers/fixtures.js';

const setup = () => {
  const handle = memoryDb();
  const clock = fixedClock();
  const deps = {
    companies: createCompanyRepo(handle.db),
    approvals: createApprovalRepo(handle.db),
    tx: ((fn) => handle.session.transaction(fn)) as Transaction,
    now: clock,
  };
  return { handle, clock, deps };
};

describe('decideLead (Gate 1)', () => {
  it('approves once; a second click changes nothing and says who decided first', async () => {
    const { deps, clock } = setup();
    const lead = await insertPendingLead(deps.companies);
    const ana = { id: 'U0ANA', name: 'Ana', source: 'slack' as const };
    const first = await decideLead({ companyId: lead.id, decision: 'approved', actor: ana }, deps);
    expect(first.applied).toBe(true);
    expect(first.company.status).toBe('approved');
    expect(isHumanApproval(first.approval)).toBe(true);
    clock.advance(60_000);
    const second = await decideLead(
      { companyId: lead.id, decision: 'rejected', actor: { id: 'U0BOB', source: 'slack' } },
      deps,
    );
    expect(second.applied).toBe(false);
    expect(second.company.status).toBe('approved');
    expect(second.approval.decidedBy).toBe('U0ANA');
    expect(describeDecision(second.approval)).toBe('Approved by <@U0ANA> · Nov 25, 09:00 UTC');
  });

  it('records the CLI operator by name, and a rejection with its reason', async () => {
    const { deps } = setup();
    const lead = await insertPendingLead(deps.companies);
    const result = await decideLead(
      {
        companyId: lead.id,
        decision: 'rejected',
        actor: { id: 'cli:ana', name: 'ana', source: 'cli' },
        reason: 'too small',
      },
      deps,
    );
    expect(result.company.status).toBe('rejected');
    expect(describeDecision(result.approval)).toMatch(/^Rejected by ana · .* · “too small”$/);
  });

  it('refuses unknown and unscored companies without writing anything', async () => {
    const { deps, handle } = setup();
    await expect(
      decideLead({ companyId: 999, decision: 'approved', actor: { id: 'U1', source: 'slack' } }, deps),
    ).rejects.toThrow(/No company with id 999/);
    const unscored = await deps.companies.insert(sampleCompany(), new Date());
    await expect(
      decideLead({ companyId: unscored.id, decision: 'approved', actor: { id: 'U1', source: 'slack' } }, deps),
    ).rejects.toThrow(/not been scored/);
    expect(handle.sqlite.prepare('select count(*) as n from approval_requests').get()).toEqual({ n: 0 });
  });

  it('is a human approval only when a person decided through a human surface', async () => {
    const { deps } = setup();
    const pending = await deps.approvals.request({
      kind: 'draft',
      subjectId: '7',
      requestedBy: 'agent',
      at: new Date(),
    });
    expect(isHumanApproval(pending)).toBe(false);
  });
});

describe('canApprove', () => {
  it('lets anyone approve when no approvers are configured, otherwise only the listed', () => {
    expect(canApprove('U1', [])).toBe(true);
    expect(canApprove('U1', ['U2'])).toBe(false);
    expect(canApprove('U2', ['U2'])).toBe(true);
  });
});
