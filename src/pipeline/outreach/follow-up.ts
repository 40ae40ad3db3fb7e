import { z } from 'zod';
import { renderTemplate } from '../directives/parse.js';
import type { RunHandle } from '../runs/recorder.js';
import { displayNameOf } from './compose-message.js';
import type { OutreachDeps } from './deps.js';
import type { OutreachEventRecord } from './ports.js';

const followUpSchema = z.object({
  body: z.string().min(20).max(1200).describe('the follow-up email body, plain text, signed by the sender'),
});

const DOLLARS = /\$\s?\d[\d,.]*\s?(k|m|mm|million|thousand)?/gi;

/**
 * Writes a follow-up touch: the directive's template for this touch, polished by the LLM from the thread so
 * far when one is available. The polish is rejected (template kept) if it brings a dollar figure the first
 * email did not contain, a link, or runs long — the human approved the sequence, not new claims.
 */
export async function writeFollowUp(
  event: OutreachEventRecord,
  deps: OutreachDeps,
  run?: RunHandle,
): Promise<{ subject: string; body: string; source: 'llm' | 'template' }> {
  const touchIndex = (event.touch ?? 1) - 1;
  const touch = deps.touches()[touchIndex];
  const draft = (await deps.drafts.get(event.draftId!))!;
  const contact = (await deps.contacts.get(event.contactId!))!;
  const company = (await deps.companies.get(event.companyId!))!;
  const sender = displayNameOf(deps.identity.from) ?? 'the team';
  const values = {
    firstName: contact.firstName ?? 'there',
    company: company.name,
    city: company.city ?? '',
    senderName: sender,
    originalSubject: draft.subject,
  };
  const template = renderTemplate(
    touch?.template ?? 'Hi {firstName}, just bumping this up in case it got buried.\n\n{senderName}',
    values,
  );
  const subject = event.subject ?? `Re: ${draft.subject}`;
  if (!deps.llm.available()) return { subject, body: template, source: 'template' };
  const previous = (await deps.outreach.eventsForSequence(event.sequenceId!))
    .filter((e) => e.kind === 'send' && e.status === 'sent')
    .map((e) => `--- touch ${e.touch} ---\n${e.body ?? ''}`)
    .join('\n');
  try {
    const { body } = await deps.llm.structured({
      name: 'outreach.polish_follow_up',
      system: deps.followUpPrompt(),
      prompt: renderTemplate(
        'Thread so far:\n{thread}\n\nThis follow-up (touch {touch}) should: {goal}\n\nDraft to polish:\n{template}',
        {
          thread: previous || draft.body,
          touch: touchIndex + 1,
          goal: touch?.goal ?? 'a short, polite nudge',
          template,
        },
      ),
      schema: followUpSchema,
      run,
    });
    const allowed = new Set([...(draft.body.match(DOLLARS) ?? []), ...(draft.subject.match(DOLLARS) ?? [])].map(norm));
    const invented = (body.match(DOLLARS) ?? []).some((d) => !allowed.has(norm(d)));
    const words = body.split(/\s+/).length;
    if (invented || /https?:\/\//i.test(body) || words > 160) return { subject, body: template, source: 'template' };
    return { subject, body: body.trim(), source: 'llm' };
  } catch {
    return { subject, body: template, source: 'template' };
  }
}

const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
