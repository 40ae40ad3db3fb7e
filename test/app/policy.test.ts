import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/app/actor.js';
import { type Action, authorize, may, type PolicyDeps } from '../../src/app/policy.js';
import { isAppError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { createSlackMembership } from '../../src/providers/slack/membership.js';
import { memberDirectory } from './helpers.js';

const ana: Actor = { kind: 'user', surface: 'slack', id: 'U0ANA' };
const bob: Actor = { kind: 'user', surface: 'slack', id: 'U0BOB' };
const cli: Actor = { kind: 'cli', id: 'cli:ops' };

function policy(approverUserIds: string[], users: Parameters<typeof memberDirectory>[0] = {}): PolicyDeps {
  const membership = createSlackMembership(createLogger({ level: 'silent' }));
  membership.attach(memberDirectory(users));
  return { approverUserIds, membership };
}

async function refusal(actor: Actor, action: Action, deps: PolicyDeps, requestedBy?: string) {
  const err = await authorize(actor, action, deps, { requestedBy }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return isAppError(err, 'forbidden') ? err.message : undefined;
}

describe('the policy table', () => {
  it('members search and read; only approvers decide, send, run stages, suppress and apply lessons', async () => {
    const deps = policy(['U0ANA']);
    for (const action of ['search', 'read', 'digest', 'ask_agent', 'request_approval'] as const)
      expect(await may(bob, action, deps)).toBe(true);
    for (const action of [
      'decide_lead',
      'decide_draft',
      'edit_draft',
      'regenerate_draft',
      'send',
      'run_stage',
      'suppress',
      'decide_lesson',
      'retry_run',
      'simulate_reply',
      'ingest_reply',
    ] as const) {
      expect(await may(ana, action, deps)).toBe(true);
      expect(await may(bob, action, deps)).toBe(false);
      expect(await may(cli, action, deps)).toBe(true);
    }
    expect(await refusal(bob, 'send', deps)).toBe('Only approvers (<@U0ANA>) can send email. Nothing was changed.');
  });

  it('with APPROVER_USER_IDS empty every full member decides, but guests and other teams still do not', async () => {
    const deps = policy([], {
      U0GUEST: { is_restricted: true },
      U0SINGLE: { is_ultra_restricted: true },
      U0SHARED: { team_id: 'T0OTHER' },
    });
    expect(await may(bob, 'decide_lead', deps)).toBe(true);
    for (const id of ['U0GUEST', 'U0SINGLE']) {
      const guest: Actor = { kind: 'user', surface: 'slack', id };
      expect(await refusal(guest, 'search', deps)).toMatch(/^Guests .* cannot use leadbot here/);
      expect(await may(guest, 'decide_lead', deps)).toBe(false);
    }
    const shared: Actor = { kind: 'user', surface: 'slack', id: 'U0SHARED' };
    expect(await refusal(shared, 'read', deps)).toMatch(/not from people in shared channels/);
  });

  it('a request card is dismissed by whoever asked or an approver, nobody else', async () => {
    const deps = policy(['U0ANA']);
    expect(await may(bob, 'dismiss_request', deps, { requestedBy: 'U0BOB' })).toBe(true);
    expect(await may(ana, 'dismiss_request', deps, { requestedBy: 'U0BOB' })).toBe(true);
    const carol: Actor = { kind: 'user', surface: 'slack', id: 'U0CAROL' };
    expect(await refusal(carol, 'dismiss_request', deps, 'U0BOB')).toMatch(
      /^Only the person who asked, or an approver/,
    );
  });

  it('the agent reads for its person and only asks; the system continues work and decides nothing', async () => {
    const deps = policy(['U0ANA']);
    const forAna: Actor = { kind: 'agent', onBehalfOf: ana };
    expect(await may(forAna, 'read', deps)).toBe(true);
    expect(await may(forAna, 'request_approval', deps)).toBe(true);
    expect(await refusal(forAna, 'decide_lead', deps)).toMatch(/agent cannot decide leads itself/);
    expect(await may(forAna, 'run_stage', deps)).toBe(false);
    const forGuest: Actor = { kind: 'agent', onBehalfOf: { kind: 'user', surface: 'slack', id: 'U0G' } };
    expect(await may(forGuest, 'read', policy([], { U0G: { is_restricted: true } }))).toBe(false);
    const cron: Actor = { kind: 'system', job: 'outreach' };
    expect(await may(cron, 'send', deps)).toBe(true);
    expect(await may(cron, 'run_stage', deps)).toBe(true);
    expect(await refusal(cron, 'decide_draft', deps)).toMatch(/outreach job cannot decide drafts/);
    expect(await may(cron, 'suppress', deps)).toBe(false);
  });
});

describe('workspace membership from users.info', () => {
  it('is cached per user; a failed lookup refuses and is asked again next time', async () => {
    let lookups = 0;
    let fail = true;
    const membership = createSlackMembership(createLogger({ level: 'silent' }));
    membership.attach({
      auth: { test: async () => ({ ok: true, team_id: 'T1', enterprise_id: 'E1' }) },
      users: {
        info: async ({ user }) => {
          lookups++;
          if (fail)
            throw Object.assign(new Error('An API error occurred: ratelimited'), { data: { error: 'ratelimited' } });
          return { ok: true, user: { id: user, team_id: 'T2', enterprise_user: { enterprise_id: 'E1' } } };
        },
      },
    });
    expect(await membership.check('U1')).toMatchObject({ member: false, reason: expect.stringMatching(/try again/) });
    fail = false;
    // Another workspace of the same Enterprise Grid org counts as the team.
    expect(await membership.check('U1')).toEqual({ member: true });
    expect(await membership.check('U1')).toEqual({ member: true });
    expect(lookups).toBe(2);
  });

  it('without a Slack connection (the CLI), nobody is a Slack member', async () => {
    const membership = createSlackMembership(createLogger({ level: 'silent' }));
    expect(await membership.check('U1')).toMatchObject({ member: false });
  });
});
