import { createInboundIssueRepo } from '../../src/db/repos/inbound-issue-repo.js';
import { sendDue } from '../../src/pipeline/outreach/send-due.js';
import { startSequence } from '../../src/pipeline/outreach/start-sequence.js';
import type { ComplaintAlert } from '../../src/pipeline/tracker/complaint.js';
import type { HotLeadAlert, TrackerDeps } from '../../src/pipeline/tracker/ingest.js';
import { parseEml } from '../../src/providers/mail/parse-eml.js';
import { outreachWorld } from './outreach-world.js';

/** An outreach world with one first email sent, a tracker that records its alerts, and a reply builder. */
export async function sentWorld() {
  const w = outreachWorld();
  const lead = await w.approvedDraft();
  await startSequence(lead.draft.id, w.deps);
  await sendDue(w.deps);
  const first = (await w.deps.outreach.listSends({ status: ['sent'] }))[0]!;
  const alerts: HotLeadAlert[] = [];
  const complaints: ComplaintAlert[] = [];
  const issues = createInboundIssueRepo(w.handle.db);
  const tracker: TrackerDeps = {
    ...w.deps,
    alerts: { hotLead: async (a) => void alerts.push(a), complaint: async (a) => void complaints.push(a) },
    issues,
    classifyPrompt: () => '',
    suggestPrompt: () => '',
    suggestTemplate: () => 'Hi {firstName}, would Tuesday work for {company}?',
  };
  const reply = (body: string, headers: Record<string, string> = {}, inReplyTo: string | null = first.messageId) =>
    parseEml(
      [
        `From: Pat <${lead.contact.email}>`,
        'To: ana@leadbot-sandbox.example',
        `Subject: ${headers.Subject ?? 'Re: your note'}`,
        `Message-ID: <r${Math.random().toString(36).slice(2)}@x.example>`,
        ...(inReplyTo ? [`In-Reply-To: ${inReplyTo}`, `References: ${inReplyTo}`] : []),
        ...Object.entries(headers)
          .filter(([k]) => k !== 'Subject')
          .map(([k, v]) => `${k}: ${v}`),
        '',
        body,
      ].join('\n'),
    );
  return { w, lead, first, alerts, complaints, issues, tracker, reply };
}
