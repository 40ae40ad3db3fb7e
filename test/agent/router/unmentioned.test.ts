import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConversation } from '../../../src/agent/conversation.js';
import type { TurnContext } from '../../../src/agent/ports.js';
import { createRouter } from '../../../src/agent/router/route.js';
import { createConversationMemoryRepo } from '../../../src/db/repos/conversation-memory-repo.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import type { LlmPort } from '../../../src/pipeline/llm/ports.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';
import { fakeServices } from './fake-services.js';

/** A model that is "available" but must never be asked: unaddressed messages are judged by the parser alone. */
const asked = () => Promise.reject(new Error('the model was asked about an unaddressed message'));
const untouchable: LlmPort = { available: () => true, describe: () => 'untouchable', text: asked, structured: asked };

function setup() {
  const fake = fakeServices();
  const conversation = createConversation({
    router: createRouter({ directives: createDirectiveStore(resolve('directives')), llm: untouchable }),
    services: fake.services,
    memory: createConversationMemoryRepo(memoryDb().db),
    llm: untouchable,
    now: fixedClock(),
  });
  let n = 0;
  const ctx = (): TurnContext => ({
    conversationKey: `slack:C1:170000000${n++}.000100`,
    userId: 'U1',
    surface: 'slack',
    actor: { kind: 'user', surface: 'slack', id: 'U1' },
  });
  return { fake, conversation, ctx };
}

// Searches and questions that only read, in their natural phrasings.
const ANSWERED = [
  'find 5 healthcare companies in Buffalo',
  'find 12 veterinary hospitals in Omaha',
  'get me 20 biotech startups in Boston',
  'show me dentists in Denver',
  'list pending leads in Buffalo',
  'show drafts',
  'pipeline status',
  'win rates for healthcare',
  'tell me about Lakeview Family Health',
  'digest',
];

// Chatter, greetings, actions, approvals, negations, hypotheticals, several requests and open questions.
const IGNORED = [
  'anyone up for lunch?',
  'hi',
  'thanks!',
  'help',
  'run enrich',
  'write drafts',
  'run outreach',
  'suppress acme.example',
  "don't email anyone at fabrikam.example",
  'approve the first two',
  "don't search for law firms in Denver",
  'what would happen if we searched for dentists in Denver?',
  'find dentists in Denver and then write drafts for them',
  'which pitch works best for dentists, and why?',
  'I think the Buffalo leads were better last week',
];

describe('messages nobody addressed to leadbot', () => {
  it.each(ANSWERED)('answers "%s" (a confident search or read-only command)', async (text) => {
    const t = setup();
    const reply = await t.conversation.respondUnmentioned(text, t.ctx(), async () => true);
    expect(reply?.text).toBeTruthy();
  });

  it.each(IGNORED)('ignores "%s", and remembers nothing of it', async (text) => {
    const t = setup();
    const ctx = t.ctx();
    expect(await t.conversation.respondUnmentioned(text, ctx, async () => true)).toBeUndefined();
    expect(t.fake.calls).toEqual([]);
  });

  it('asks the surface before answering, and answers nothing when it says no', async () => {
    const t = setup();
    let asked = 0;
    const reply = await t.conversation.respondUnmentioned('find 5 dentists in Denver', t.ctx(), async () => {
      asked++;
      return false;
    });
    expect([reply, asked, t.fake.calls]).toEqual([undefined, 1, []]);
  });
});
