import type { Container } from '../container/index.js';
import type { RunRecord } from '../pipeline/runs/ports.js';
import type { Actor } from './actor.js';
import * as agentPrompts from './agent-prompts.js';
import * as budgets from './budgets.js';
import * as costs from './costs.js';
import * as crm from './crm.js';
import * as drafts from './drafts.js';
import * as feedback from './feedback.js';
import type { Flow } from './flow.js';
import * as home from './home.js';
import * as inbound from './inbound-issues.js';
import * as leads from './leads.js';
import * as lessons from './lessons.js';
import * as mail from './mail.js';
import type { NotificationKind, Notifications } from './notifier.js';
import { type Action, authorize, type PolicyDeps } from './policy.js';
import * as reports from './reports.js';
import * as requests from './requests.js';
import * as runs from './runs.js';
import * as search from './search.js';
import * as sending from './sending.js';
import * as stages from './stages/use-case.js';
import * as surface from './surface-state.js';

type Bound<F> = F extends (input: infer I, actor: Actor, deps: never) => infer R
  ? (input: I, actor: Actor) => R
  : never;
type Query<F> = F extends (input: infer I, deps: never) => infer R ? (input: I) => R : never;

/**
 * Everything the surfaces (Slack, the local workspace, the CLI, the chat and the agent's tools) may do, each with
 * the actor asking. The same call from any surface has the same effects and the same authorization.
 */
export interface UseCases {
  searchCompanies: Bound<typeof search.searchCompanies>;
  importCompanies: Bound<typeof search.importCompanies>;
  decideLead: Bound<typeof leads.decideLead>;
  approveAllHigh: Bound<typeof leads.approveAllHigh>;
  decideDraft: Bound<typeof drafts.decideDraft>;
  editDraft: Bound<typeof drafts.editDraft>;
  regenerateDraft: Bound<typeof drafts.regenerateDraft>;
  openDraft: Bound<typeof drafts.openDraft>;
  runStage: Bound<typeof stages.runStage>;
  syncCrm: Bound<typeof crm.syncCrm>;
  crmStatus: Bound<typeof crm.crmStatus>;
  suppress: Bound<typeof mail.suppress>;
  ingestReply: Bound<typeof mail.ingestReply>;
  simulateReply: Bound<typeof mail.simulateReply>;
  requestApproval: Bound<typeof requests.requestApproval>;
  decideRequest: Bound<typeof requests.decideRequest>;
  dismissRequest: Bound<typeof requests.dismissRequest>;
  decideLesson: Bound<typeof lessons.decideLesson>;
  scanLessons: Bound<typeof lessons.scanLessons>;
  listLessons: Bound<typeof lessons.listLessons>;
  retryRun: Bound<typeof runs.retryRun>;
  listOutbox: Bound<typeof sending.listOutbox>;
  resolveSend: Bound<typeof sending.resolveSend>;
  senderPool: Bound<typeof sending.senderPool>;
  resumeSender: Bound<typeof sending.resumeSender>;
  moveSequences: Bound<typeof sending.moveSequences>;
  listRuns: Bound<typeof runs.listRuns>;
  listInboundIssues: Bound<typeof inbound.listInboundIssues>;
  inboundIssue: Bound<typeof inbound.inboundIssue>;
  runDetails: Bound<typeof runs.runDetails>;
  /** A person's verdict on an agent answer (the feedback buttons), and why. */
  recordFeedback: Bound<typeof feedback.recordFeedback>;
  /** Suggested prompts for a new agent thread, from what this person can do now. */
  agentPrompts: Bound<typeof agentPrompts.agentPrompts>;
  listLeads: Bound<typeof reports.listLeads>;
  companyInfo: Bound<typeof reports.companyInfo>;
  findCompanies: Bound<typeof reports.findCompanies>;
  companyCrm: Bound<typeof reports.companyCrm>;
  listDrafts: Bound<typeof reports.listDrafts>;
  winRates: Bound<typeof reports.winRates>;
  digest: Bound<typeof reports.digest>;
  costReport: Bound<typeof costs.costReport>;
  raiseBudget: Bound<typeof budgets.raiseBudget>;
  pipelineStatus(actor: Actor): ReturnType<typeof reports.pipelineStatus>;
  home(actor: Actor): ReturnType<typeof home.homeSummary>;
  /** Card read models and where cards live (no authorization: rendering what the surface already shows). */
  cards: {
    leads: Query<typeof leads.leadCards>;
    company: Query<typeof leads.getCompany>;
    recordLeads: Query<typeof leads.recordLeadCards>;
    leadPage: Query<typeof leads.leadCardPage>;
    draft: Query<typeof drafts.draftView>;
    recordDraft: Query<typeof drafts.recordDraftCard>;
    requests: Query<typeof requests.requestCards>;
    lesson: Query<typeof lessons.lessonCard>;
    recordLesson: Query<typeof lessons.recordLessonCard>;
    send: Query<typeof sending.sendReview>;
  };
  /** The surface's own bookkeeping (see surface-state.ts). */
  surface: {
    claimEvent: Query<typeof surface.claimEvent>;
    pruneEvents: Query<typeof surface.pruneEvents>;
    knowsConversation: Query<typeof surface.knowsConversation>;
    getRun: Query<typeof surface.getRun>;
    recordRunStatusMessage: Query<typeof surface.recordRunStatusMessage>;
    lastDigestAt(): Promise<Date | undefined>;
    recordDigestPosted(): Promise<void>;
    draftCardPosted: Query<typeof surface.draftCardPosted>;
    leadCardPosted: Query<typeof surface.leadCardPosted>;
    recordHotLeadMessage: Query<typeof surface.recordHotLeadMessage>;
    hotLeadMessage: Query<typeof surface.hotLeadMessage>;
    crmDeal: Query<typeof surface.crmDeal>;
  };
  /** What the pipeline announces (hot leads, drafts ready, runs moving), for surfaces to show. */
  events: {
    on<K extends NotificationKind>(kind: K, listener: (payload: Notifications[K]) => Promise<void> | void): () => void;
    onRun(listener: (run: RunRecord) => void): () => void;
  };
  /**
   * The policy's answer before a use case is called (to refuse before opening a form nobody could submit).
   * @throws AppError('forbidden') with the refusal to show.
   */
  check(action: Action, actor: Actor): Promise<void>;
  /** The authorization rule's inputs (App Home and doctor say when approvals are open to everyone). */
  policy: Pick<PolicyDeps, 'approverUserIds'>;
}

/** Binds every use case to its dependencies, once, for the composition root. */
export function createUseCases(container: Container, flow: Flow, policy: PolicyDeps): UseCases {
  // Deps read the container through its prototype, so a test that swaps a container member (a failing search)
  // reaches every use case.
  const base: Container & { policy: PolicyDeps; flow: Flow } = Object.assign(Object.create(container), {
    policy,
    flow,
  });
  const runStage = (input: stages.RunStageInput, actor: Actor) => stages.runStage(input, actor, { container, policy });
  const withStages = Object.assign(Object.create(base), { runStage });
  const whole = { container, policy };
  return {
    searchCompanies: (i, a) => search.searchCompanies(i, a, base),
    importCompanies: (i, a) => search.importCompanies(i, a, base),
    decideLead: (i, a) => leads.decideLead(i, a, base),
    approveAllHigh: (i, a) => leads.approveAllHigh(i, a, base),
    decideDraft: (i, a) => drafts.decideDraft(i, a, base),
    editDraft: (i, a) => drafts.editDraft(i, a, base),
    regenerateDraft: (i, a) => drafts.regenerateDraft(i, a, base),
    openDraft: (i, a) => drafts.openDraft(i, a, base),
    runStage,
    syncCrm: (i, a) => crm.syncCrm(i, a, base),
    crmStatus: (i, a) => crm.crmStatus(i, a, base),
    suppress: (i, a) => mail.suppress(i, a, whole),
    ingestReply: (i, a) => mail.ingestReply(i, a, whole),
    simulateReply: (i, a) => mail.simulateReply(i, a, whole),
    requestApproval: (i, a) => requests.requestApproval(i, a, base),
    decideRequest: (i, a) => requests.decideRequest(i, a, withStages),
    dismissRequest: (i, a) => requests.dismissRequest(i, a, base),
    decideLesson: (i, a) => lessons.decideLesson(i, a, base),
    scanLessons: (i, a) => lessons.scanLessons(i, a, base),
    listLessons: (i, a) => lessons.listLessons(i, a, base),
    retryRun: (i, a) => runs.retryRun(i, a, whole),
    listOutbox: (i, a) => sending.listOutbox(i, a, base),
    resolveSend: (i, a) => sending.resolveSend(i, a, base),
    senderPool: (i, a) => sending.senderPool(i, a, base),
    resumeSender: (i, a) => sending.resumeSender(i, a, base),
    moveSequences: (i, a) => sending.moveSequences(i, a, base),
    listRuns: (i, a) => runs.listRuns(i, a, base),
    listInboundIssues: (i, a) => inbound.listInboundIssues(i, a, base),
    inboundIssue: (i, a) => inbound.inboundIssue(i, a, base),
    runDetails: (i, a) => runs.runDetails(i, a, base),
    recordFeedback: (i, a) => feedback.recordFeedback(i, a, base),
    agentPrompts: (i, a) => agentPrompts.agentPrompts(i, a, base),
    listLeads: (i, a) => reports.listLeads(i, a, base),
    companyInfo: (i, a) => reports.companyInfo(i, a, base),
    findCompanies: (i, a) => reports.findCompanies(i, a, base),
    companyCrm: (i, a) => reports.companyCrm(i, a, base),
    listDrafts: (i, a) => reports.listDrafts(i, a, base),
    winRates: (i, a) => reports.winRates(i, a, base),
    digest: (i, a) => reports.digest(i, a, base),
    costReport: (i, a) => costs.costReport(i, a, base),
    raiseBudget: (i, a) => budgets.raiseBudget(i, a, base),
    pipelineStatus: (a) => reports.pipelineStatus(a, base),
    home: (a) => home.homeSummary(a, base),
    cards: {
      leads: (ids) => leads.leadCards(ids, base),
      company: (id) => leads.getCompany(id, base),
      recordLeads: (i) => leads.recordLeadCards(i, base),
      leadPage: (id) => leads.leadCardPage(id, base),
      draft: (id) => drafts.draftView(id, base),
      recordDraft: (i) => drafts.recordDraftCard(i, base),
      requests: (ids) => requests.requestCards(ids, base),
      lesson: (id) => lessons.lessonCard(id, base),
      recordLesson: (i) => lessons.recordLessonCard(i, base),
      send: (id) => sending.sendReview(id, base),
    },
    surface: {
      claimEvent: (i) => surface.claimEvent(i, base),
      pruneEvents: (before) => surface.pruneEvents(before, base),
      knowsConversation: (key) => surface.knowsConversation(key, base),
      getRun: (id) => surface.getRun(id, base),
      recordRunStatusMessage: (i) => surface.recordRunStatusMessage(i, base),
      lastDigestAt: () => surface.lastDigestAt(base),
      recordDigestPosted: () => surface.recordDigestPosted(base),
      draftCardPosted: (id) => surface.draftCardPosted(id, base),
      leadCardPosted: (id) => surface.leadCardPosted(id, base),
      recordHotLeadMessage: (i) => surface.recordHotLeadMessage(i, base),
      hotLeadMessage: (id) => surface.hotLeadMessage(id, base),
      crmDeal: (id) => surface.crmDeal(id, base),
    },
    events: {
      on: (kind, listener) => container.notifier.on(kind, listener),
      onRun: (listener) => container.recorder.subscribe(listener),
    },
    check: (action, actor) => authorize(actor, action, policy),
    policy: { approverUserIds: policy.approverUserIds },
  };
}
