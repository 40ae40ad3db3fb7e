import type { CompanyRecord } from '../companies/ports.js';
import type { ContactRecord } from '../contacts/ports.js';
import { renderTemplate } from '../directives/parse.js';
import type { LlmPort } from '../llm/ports.js';
import type { RunHandle } from '../runs/recorder.js';

/** A suggested answer to a hot lead: the LLM from the reply, or the directive's template. A human sends it. */
export async function suggestResponse(
  input: { reply: string; contact: ContactRecord; company: CompanyRecord },
  deps: { llm: LlmPort; suggestPrompt: () => string; suggestTemplate: () => string },
  run?: RunHandle,
): Promise<string> {
  const template = renderTemplate(deps.suggestTemplate(), {
    firstName: input.contact.firstName ?? 'there',
    company: input.company.name,
  });
  if (!deps.llm.available()) return template;
  try {
    const text = await deps.llm.text({
      name: 'tracker.suggest_response',
      system: deps.suggestPrompt(),
      prompt: `Company: ${input.company.name}\nContact: ${input.contact.fullName ?? ''} (${input.contact.title ?? 'unknown title'})\n\n<reply>\n${input.reply.slice(0, 3000)}\n</reply>`,
      run,
    });
    const trimmed = text.trim();
    return trimmed.length >= 20 && trimmed.length <= 1500 ? trimmed : template;
  } catch {
    return template;
  }
}
