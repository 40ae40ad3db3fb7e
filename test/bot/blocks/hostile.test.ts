import { AIMessage, fakeModel } from 'langchain';
import { describe, expect, it } from 'vitest';
import { dispatchIntent } from '../../../src/agent/conversation/dispatch.js';
import { formatDrafts, formatLeads, formatWinRates } from '../../../src/agent/conversation/format.js';
import type { LeadbotServices } from '../../../src/agent/services.js';
import { formatDigest } from '../../../src/app/digest/format.js';
import { buildComplaintBlocks, buildHotLeadBlocks, complaintText, hotLeadText } from '../../../src/bot/blocks/alert.js';
import { buildHomeView } from '../../../src/bot/blocks/app-home.js';
import { buildDraftCardBlocks } from '../../../src/bot/blocks/draft-card.js';
import { buildImportSummaryBlocks, importSummaryText } from '../../../src/bot/blocks/import-summary.js';
import { buildLeadCardBlocks } from '../../../src/bot/blocks/lead-cards.js';
import { buildLessonBlocks, lessonText } from '../../../src/bot/blocks/lesson-card.js';
import {
  buildEditDraftModal,
  buildInfoModal,
  buildRejectLeadModal,
  buildSimulateReplyModal,
} from '../../../src/bot/blocks/modals.js';
import { buildDismissedBlocks, buildReplyBlocks, buildRequestBlocks } from '../../../src/bot/blocks/reply.js';
import { buildRunStatusBlocks, buildRunTimelineBlocks, runStatusText } from '../../../src/bot/blocks/run-status.js';
import type { ApprovalRecord } from '../../../src/pipeline/approvals/ports.js';
import type { Lead } from '../../../src/pipeline/companies/ports.js';
import type { ContactRecord } from '../../../src/pipeline/contacts/ports.js';
import type { DraftListItem } from '../../../src/pipeline/drafts/ports.js';
import type { RunRecord } from '../../../src/pipeline/runs/ports.js';
import { agentWorld, ctx } from '../../agent/react/world.js';
import { findActiveMrkdwn, HOSTILE, HOSTILE_ALL, visibleText } from '../../helpers/mrkdwn-check.js';

const at = new Date('2026-12-06T20:01:00Z');
const H = HOSTILE_ALL;
/** Every hostile string but the very long one. */
const SHORT = Object.values(HOSTILE)
  .filter((v) => v !== HOSTILE.long)
  .join(' ');
const SITE = 'https://lakeview.example/';

const lead: Lead = {
  company: {
    id: 7,
    name: HOSTILE.name,
    normalizedName: 'evil',
    domain: 'lakeview.example',
    website: 'lakeview.example',
    industry: HOSTILE.pings,
    address: H,
    city: HOSTILE.bare,
    state: HOSTILE.newline,
    postalCode: null,
    country: 'US',
    phone: null,
    employeeCount: 10,
    siteCount: 1,
    buildingSqft: null,
    latitude: null,
    longitude: null,
    sources: ['csv'],
    sourceRefs: {},
    status: 'pending',
    foundByRunId: null,
    createdAt: at,
    updatedAt: at,
  },
  score: {
    companyId: 7,
    runId: null,
    profile: 'p',
    score: 82,
    tier: 'high',
    breakdown: {},
    scoreReason: H,
    reasonSource: 'llm',
  },
  features: null,
};

const contact: ContactRecord = {
  id: 1,
  companyId: 7,
  fullName: HOSTILE.newline,
  firstName: null,
  lastName: null,
  title: HOSTILE.pings,
  titleRank: 0,
  email: 'dana|Click to approve@lakeview.example',
  emailKind: 'found',
  verification: 'valid',
  source: HOSTILE.name,
  evidenceUrl: 'https://evil.example/login',
  confidence: 0.8,
  phone: null,
  linkedinUrl: null,
  isPrimary: true,
  status: 'active',
  runId: null,
  createdAt: at,
  updatedAt: at,
};

const approval = (status: ApprovalRecord['status'], kind: ApprovalRecord['kind'] = 'lead'): ApprovalRecord => ({
  id: 3,
  kind,
  subjectId: '7',
  runId: null,
  status,
  requestedBy: 'agent',
  payload: { why: H, proposed: 'approve' },
  decidedBy: status === 'pending' ? null : 'U0APPROVER',
  decidedByName: null,
  decidedAt: status === 'pending' ? null : at,
  decisionSource: status === 'pending' ? null : 'slack',
  reason: status === 'pending' ? null : H,
  slackChannel: 'C0LEADS',
  slackTs: '1.2',
  createdAt: at,
  updatedAt: at,
});

const draft: DraftListItem = {
  id: 9,
  companyId: 7,
  contactId: 1,
  runId: null,
  replacesDraftId: null,
  angle: HOSTILE.markdown,
  angleMode: 'explore',
  reasoning: H,
  subject: HOSTILE.name,
  body: `${H}\n${HOSTILE.newline}`,
  generatedBy: 'llm',
  criticScore: 5,
  criticBreakdown: { criteria: [{ key: 'personalised', points: 1, note: H, checkedBy: 'llm' }] },
  criticFeedback: [H],
  attempts: 3,
  lowConfidence: true,
  lowConfidenceReasons: [H],
  instructions: H,
  status: 'pending',
  slackChannel: null,
  slackTs: null,
  createdAt: at,
  updatedAt: at,
  companyName: HOSTILE.name,
  industry: HOSTILE.pings,
  contactEmail: 'dana|Click to approve@lakeview.example',
  contactName: HOSTILE.newline,
};

const run: RunRecord = {
  id: 'run_1',
  kind: 'enrich',
  trigger: 'slack',
  requestedBy: H,
  status: 'failed',
  currentStage: 'enrich',
  counters: { with_contact: 1 },
  input: { companyIds: [7] },
  checkpoint: {},
  summary: H,
  error: H,
  attempts: 1,
  parentRunId: null,
  slackChannel: 'C0LEADS',
  slackThreadTs: null,
  slackStatusTs: null,
  startedAt: at,
  updatedAt: at,
  finishedAt: at,
};

/** Our own mentions and links: the approver who decided, the channel leadbot stored, the stored website. */
const OURS = { mentions: ['U0APPROVER', 'U0CLICKER', 'C0LEADS'], links: [SITE] };

function expectInert(payload: unknown, options: { links?: string[] } = {}) {
  expect(findActiveMrkdwn(payload, { ...OURS, links: options.links ?? OURS.links })).toEqual([]);
}

describe('hostile text in every card and message leadbot posts', () => {
  it('lead card: the name and place show as text; the only link is the stored website; no fake decision line', () => {
    const blocks = buildLeadCardBlocks({ lead, contact }, 'UTC');
    expectInert(blocks);
    const visible = visibleText(blocks);
    expect(visible).toContain('<!channel> Evil <https://evil.example|Click to approve>');
    expect(visible).toContain('@here @channel #general evil.example/login');
    expect(visible).not.toMatch(/^:white_check_mark: Approved by/m);
    for (const control of ['\u0000', '\u0007', '\u001b', '\u202e', '\u2066']) expect(visible).not.toContain(control);
    expect(JSON.stringify(blocks)).toContain(`<${SITE}|&lt;!channel&gt; Evil`);
    const decided = buildLeadCardBlocks({ lead, approval: approval('rejected'), contact }, 'UTC');
    expectInert(decided);
    expect(visibleText(decided)).toContain('Rejected by @U0APPROVER');
  });

  it('a website that is not http(s) is never a link', () => {
    for (const website of ['javascript:alert(1)', 'https://user:pw@evil.example', 'evil.example/a b|c']) {
      const blocks = buildLeadCardBlocks({ lead: { ...lead, company: { ...lead.company, website } } }, 'UTC');
      expectInert(blocks, { links: [] });
    }
  });

  it('draft card, pending and decided, with its confirm dialog', () => {
    expectInert(buildDraftCardBlocks({ draft, note: 'Regenerating…' }, 'UTC'));
    const decided = buildDraftCardBlocks(
      { draft: { ...draft, status: 'approved' }, approval: approval('approved', 'draft') },
      'UTC',
    );
    expectInert(decided);
    expect(visibleText(decided)).toContain('<!channel> Evil');
  });

  it('run status, its notification text, and the run details modal', () => {
    for (const status of ['running', 'completed', 'failed'] as const) {
      expectInert(buildRunStatusBlocks({ ...run, status }));
      expectInert({ text: runStatusText({ ...run, status }) });
    }
    const logs = [
      {
        runId: 'run_1',
        kind: 'provider' as const,
        name: H,
        status: 'error' as const,
        durationMs: 5,
        error: H,
        createdAt: at,
      },
      {
        runId: 'run_1',
        kind: 'tool' as const,
        name: H,
        status: 'ok' as const,
        durationMs: 5,
        outputSummary: H,
        createdAt: at,
      },
    ];
    expectInert(buildInfoModal(`Run ${run.kind}`, buildRunTimelineBlocks(run, logs)));
  });

  it('import summary and its notification text (the file name is data)', () => {
    const done = {
      runId: 'run-1',
      summary: `3 companies imported from ${H}`,
      imported: 3,
      tiers: { high: 1, medium: 1, low: 1 },
    };
    const blocks = buildImportSummaryBlocks(done);
    expectInert(blocks);
    expectInert({ text: importSummaryText(done) });
    const short = visibleText(buildImportSummaryBlocks({ ...done, summary: `3 companies imported from ${SHORT}` }));
    expect(short).toContain('<!channel> Evil <https://evil.example|Click to approve>');
    expect(short).toContain('1 high · 1 medium · 1 low waiting for your decision');
  });

  it('hot-lead alert and its notification text', () => {
    const alert = {
      companyId: 7,
      companyName: HOSTILE.name,
      contactName: HOSTILE.newline,
      contactEmail: 'x|Click to approve@evil.example',
      contactTitle: HOSTILE.pings,
      subject: HOSTILE.markdown,
      reply: `${H}\n${HOSTILE.newline}\n${HOSTILE.long}`,
      suggestedResponse: H,
      sequenceId: 1,
      eventId: 2,
    };
    expectInert({ text: hotLeadText(alert), blocks: buildHotLeadBlocks(alert) });
  });

  it('spam complaint alert and its notification text', () => {
    const alert = {
      address: 'x|Click to approve@evil.example',
      companyName: HOSTILE.name,
      reason: H,
      sequencesStopped: 1,
      eventId: 3,
    };
    expectInert({ text: complaintText(alert), blocks: buildComplaintBlocks(alert) });
  });

  it('digest', () => {
    const text = formatDigest({
      since: at,
      until: at,
      timeZone: 'UTC',
      newLeads: { total: 1, byTier: { high: 1, medium: 0, low: 0 } },
      waiting: { leads: 1, drafts: 0 },
      sends: { firstEmails: 1, followUps: 0 },
      replies: { total: 1, byClass: { [HOSTILE.pings]: 1 }, unmatched: 0 },
      hot: [{ eventId: 1, companyName: HOSTILE.name, contactName: HOSTILE.newline, excerpt: H }],
      winRates: [
        {
          industry: HOSTILE.pings,
          angle: HOSTILE.name,
          added: { sent: 1, replies: 1, positive: 1 },
          total: { sent: 1, replies: 1, positiveReplies: 1 },
        },
      ],
      stuck: {
        leadsWithoutContact: [],
        draftsWaiting: [],
        overdueSequences: [],
        uncertainSends: [],
        unmatchedReplies: [],
      },
      review: { count: 1, byReason: { [HOSTILE.pings]: 1 } },
      feedback: { helpful: 1, notHelpful: 1, withReason: 1 },
      costs: {
        spendUsd: 1.5,
        vendorUsd: 1,
        modelUsd: 0.5,
        leads: 3,
        contacts: 2,
        emailsSent: 2,
        replies: 1,
        positiveReplies: 1,
        perLead: 0.5,
        perContact: 0.75,
        perEmail: 0.75,
        perReply: 1.5,
        perPositiveReply: 1.5,
      },
      trends: [
        {
          metric: `${HOSTILE.pings} error rate`,
          direction: 'up',
          good: false,
          before: { value: 0.01, text: HOSTILE.markdown },
          after: { value: 0.2, text: H },
          pValue: 0.001,
        },
      ],
    });
    expectInert({ text, blocks: buildReplyBlocks(text) });
    expect(text.split('\n').filter((l) => l.startsWith(':white_check_mark:'))).toEqual([]);
  });

  it('App Home', () => {
    const view = buildHomeView({
      userId: 'U0CLICKER',
      isApprover: false,
      mode: 'sandbox',
      llm: H,
      status: {
        leads: { pending: 1 },
        contacts: 1,
        drafts: {},
        sent: 0,
        replies: 0,
        awaitingApproval: 1,
        activeRuns: [],
      },
      pending: [
        { kind: 'lead', label: HOSTILE.name, channel: 'C0LEADS', ts: '1.2' },
        { kind: H, label: H, channel: '<!channel>', ts: '1.3' },
      ],
      runs: [run, { ...run, id: H }],
      winRates: [{ industry: HOSTILE.pings, angle: HOSTILE.name, sent: 2, replies: 1, positiveReplies: 1 }],
      inbound: { count: 7, latest: [{ reason: H, detail: HOSTILE.newline, subject: HOSTILE.markdown }] },
    });
    expectInert(view);
  });

  it('lesson card, its notification text, and a decided lesson', () => {
    const lesson = {
      lessonId: 4,
      directive: H,
      kind: 'k',
      status: 'proposed' as const,
      summary: H,
      amendment: HOSTILE.newline,
      rationale: H,
      amendmentSource: 'llm' as const,
      effect: H,
      evidence: { count: 2, unit: H, runIds: ['r'], examples: [H], firstSeen: '', lastSeen: '', reasonSummary: H },
      approvalId: null,
      decision: null,
      slack: null,
      createdAt: '',
      updatedAt: '',
    };
    expectInert({ text: lessonText(lesson), blocks: buildLessonBlocks(lesson) });
    expectInert(buildLessonBlocks({ ...lesson, decision: { status: 'applied', by: H, at: null } }));
  });

  it('approval requests, dismissed requests, and the reply blocks around them', () => {
    const card = { request: approval('pending'), label: H };
    expectInert(buildRequestBlocks(card, 'UTC'));
    expectInert(buildRequestBlocks({ ...card, request: approval('approved') }, 'UTC'));
    expectInert(buildDismissedBlocks(card, 'U0CLICKER'));
    expectInert(buildReplyBlocks('Pick one', [{ label: H, text: H }]));
  });

  it('modals: reject a lead, edit a draft, simulate a reply', () => {
    const ref = { id: 7 };
    expectInert(buildRejectLeadModal(HOSTILE.name, ref));
    expectInert(buildEditDraftModal(draft, ref));
    expectInert(buildSimulateReplyModal(9, HOSTILE.name, [{ value: 'positive', label: H }], ref));
  });

  it('conversation answers: lead lists, drafts, win rates and company info', async () => {
    expectInert({ text: formatLeads([lead], `*${'heading'}*`) });
    expectInert({ text: formatDrafts([draft], '*Drafts*') });
    expectInert({ text: formatWinRates([{ industry: H, angle: H, sent: 1, replies: 0, positiveReplies: 0 }], H) });
    const services = {
      companyInfo: async () => ({ lead, contacts: [contact], drafts: [] }),
      searchCompanies: async () => ({ runId: 'r', leads: [lead], summary: H }),
      runStage: async () => ({ runId: 'r', summary: H }),
    } as unknown as LeadbotServices;
    const state = { searchShownIds: [] } as never;
    for (const [intent, args] of [
      ['company_info', { company: H }],
      ['search_companies', { industry: H, location: H, count: 1 }],
      ['run_stage', { stage: 'score' }],
      ['list_leads', { industry: H, location: H }],
    ] as const) {
      const s = { ...services, listLeads: async () => [lead] } as LeadbotServices;
      const out = await dispatchIntent(intent, args as never, ctx, state, s);
      expectInert({ text: out.reply.text, blocks: buildReplyBlocks(out.reply.text) });
    }
    const unknown = await dispatchIntent('company_info', { company: H }, ctx, state, {
      ...services,
      companyInfo: async () => undefined,
    } as LeadbotServices);
    expectInert({ text: unknown.reply.text });
  });

  it("agent answer: the model's mentions and links are neutralised; the stored website stays a link", async () => {
    const w = await agentWorld({ injectedName: HOSTILE.name });
    const model = fakeModel()
      .respondWithTools([{ name: 'list_leads', args: { status: 'pending' } }])
      .respond(
        new AIMessage(
          `*Top pick:* <https://harbordental.example|Harbor> (https://harbordental.example). ${SHORT} ` +
            '[site](https://harbordental.example) <https://evil.example/harbordental.example|harbordental.example>',
        ),
      );
    const reply = await w.runner(model).run('which lead first?', ctx, []);
    const blocks = buildReplyBlocks(reply.text, reply.choices);
    expect(findActiveMrkdwn({ text: reply.text, blocks }, { links: ['https://harbordental.example/'] })).toEqual([]);
    expect(reply.text).toContain('*Top pick:* <https://harbordental.example/|Harbor>');
    expect(visibleText(blocks)).toContain('<https://evil.example/harbordental.example|harbordental.example>');
    expect(visibleText(blocks)).toContain('[Click to approve](https://evil.example)');
  });
});
