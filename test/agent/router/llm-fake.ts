import { AppError } from '../../../src/errors.js';
import type { LlmCallOptions, LlmPort } from '../../../src/pipeline/llm/ports.js';

/** A scripted LLM: `answer(prompt)` returns the raw structured output (validated with the caller's schema). */
export function fakeLlm(answer: (options: LlmCallOptions) => unknown = () => ({ route: 'agent', confidence: 0.9 })) {
  const calls: LlmCallOptions[] = [];
  const port: LlmPort = {
    available: () => true,
    describe: () => 'fake',
    async structured(options) {
      calls.push(options);
      const raw = answer(options);
      if (raw instanceof Error) throw raw;
      const parsed = options.schema.safeParse(raw);
      if (!parsed.success) throw new AppError('llm_invalid_output', parsed.error.message);
      return parsed.data;
    },
    async text(options) {
      calls.push(options);
      return '';
    },
  };
  return { port, calls };
}
