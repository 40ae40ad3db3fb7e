import { beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../helpers/db.js';
import {
  agentTool,
  chat,
  DECISIONS,
  type Decision,
  direct,
  type Surface,
  slack,
  terminal,
  workspace,
} from './parity-drivers.js';
import { APPROVER, buildTemplate, copyWorld, snapshot, type Template } from './parity-world.js';

/**
 * The policy table of the README, executed: each decision taken through each surface that offers it has, for an
 * approver, exactly the database effects of the use case called directly (for the agent: once its request is
 * confirmed), and for a member who is not an approver, the same refusal and no effect at all.
 */

const VERB: Record<Decision, string> = {
  approve_lead: 'decide leads',
  reject_lead: 'decide leads',
  approve_all_high: 'decide leads',
  approve_draft: 'decide drafts',
  edit_draft: 'edit drafts',
  reject_draft: 'decide drafts',
  regenerate_draft: 'regenerate drafts',
  suppress: 'suppress addresses',
  apply_lesson: 'apply or dismiss lessons',
  run_stage: 'run pipeline stages',
  send: 'run pipeline stages',
};
const refusalFor = (d: Decision) => `Only approvers (<@${APPROVER}>) can ${VERB[d]}. Nothing was changed.`;
/** A refusal as the person reads it: without the emoji a surface puts in front, entities decoded. */
const plain = (text: string) =>
  text
    .replace(/^(:[a-z_]+: )+/, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

// The parity of surfaces does not depend on the database; the template is copied as a SQLite file.
const sqliteOnly = onPostgres();

let template: Template;
let unchanged: string;
const expected = new Map<Decision, string>();

beforeAll(async () => {
  if (sqliteOnly) return;
  template = await buildTemplate();
  unchanged = snapshot(copyWorld(template));
  for (const decision of DECISIONS) {
    const env = copyWorld(template);
    const session = await direct.open(env, 'approver');
    await session.take(decision, template.targets);
    await session.settle();
    await session.close();
    expected.set(decision, snapshot(env));
    expect(expected.get(decision), `${decision} changes something`).not.toBe(unchanged);
  }
}, 180_000);

async function approverCase(surface: Surface, decision: Decision) {
  const env = copyWorld(template);
  const session = await surface.open(env, 'approver');
  try {
    await session.take(decision, template.targets);
    const want = expected.get(decision)!;
    await eventuallyAsync(async () => {
      await session.settle();
      return snapshot(env) === want ? true : undefined;
    }).catch(() => undefined);
    await session.settle();
    expect(JSON.parse(snapshot(env))).toEqual(JSON.parse(want));
    expect(await session.refusals()).toEqual([]);
  } finally {
    await session.close();
  }
}

async function memberCase(surface: Surface, decision: Decision) {
  const env = copyWorld(template);
  const session = await surface.open(env, 'member');
  try {
    await session.take(decision, template.targets);
    const refusals = await eventuallyAsync(async () => {
      const seen = await session.refusals();
      return seen.length > 0 ? seen : undefined;
    });
    expect(refusals.map(plain)).toEqual([refusalFor(decision)]);
    await session.settle();
    expect(JSON.parse(snapshot(env))).toEqual(JSON.parse(unchanged));
  } finally {
    await session.close();
  }
}

async function eventuallyAsync<T>(fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out waiting for a refusal');
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const surface of [terminal, chat, agentTool, slack, workspace]) {
  describe.skipIf(sqliteOnly)(`${surface.name}`, { timeout: 60_000 }, () => {
    for (const decision of surface.offers) {
      if (surface.who.includes('approver'))
        it(`${decision}: an approver's decision has the use case's effects`, () => approverCase(surface, decision));
      if (surface.who.includes('member'))
        it(`${decision}: a member who is not an approver is refused, and nothing changes`, () =>
          memberCase(surface, decision));
    }
  });
}
