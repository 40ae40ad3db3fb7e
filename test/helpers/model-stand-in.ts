import { type LlmStandIn, startOpenAiStandIn } from '../providers/llm/stand-ins.js';

/** Tokens every answer reports: with gpt-4o-mini's price, each call costs (100 × 0.15 + 50 × 0.60) / 1e6 USD. */
export const MODEL_USAGE = { in: 100, out: 50 };

/**
 * An OpenAI-compatible model that answers whatever leadbot asks with something usable, chosen by the JSON schema
 * in the system message: query variants, a draft, the Critic's verdict, a reply's intent; a sentence otherwise.
 */
export function startModelStandIn(): Promise<LlmStandIn> {
  const answer = (body: Record<string, unknown>) => {
    const messages = body.messages as { role: string; content: string }[];
    const system = messages.find((m) => m.role === 'system')?.content ?? '';
    const json = (value: unknown) => ({ content: JSON.stringify(value), usage: MODEL_USAGE });
    if (system.includes('"variants"'))
      return json({ variants: ['medical clinics', 'urgent care centers', 'family practices'] });
    if (system.includes('"subject"') && system.includes('"body"'))
      return json({
        reasoning: 'A finance lead cares about the bill; one concrete saving and one ask.',
        angle: 'savings',
        subject: 'Your energy bill this winter',
        body: 'Hi Dana,\n\nClinics like yours often overpay on supply contracts. Worth a 15-minute call next week to see what you could save?\n\nBest,\nAna',
      });
    if (system.includes('"points"')) return json({ points: 2, note: 'Reads like a person wrote it.' });
    if (system.includes('"intent"')) return json({ intent: 'positive', reason: 'asks for a call' });
    return { content: 'A clinic of this size spends heavily on energy.', usage: MODEL_USAGE };
  };
  return startOpenAiStandIn(Array.from({ length: 500 }, () => answer));
}
