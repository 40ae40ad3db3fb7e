import type { Logger } from '../logger.js';
import type { BudgetRefusal } from '../pipeline/costs/ports.js';
import type { SenderFailingAlert, SenderPausedAlert, SendReviewAlert } from '../pipeline/outreach/pool/alerts.js';
import type { ComplaintAlert } from '../pipeline/tracker/complaint.js';
import type { HotLeadAlert } from '../pipeline/tracker/ingest.js';

/** What the pipeline tells the surfaces (Slack, the local workspace) without knowing them. */
export interface Notifications {
  /** A positive reply: post to ALERT_CHANNEL. */
  hotLead: HotLeadAlert;
  /** The CRM opened a deal for a positive reply: the hot-lead alert links to it. */
  crmDealOpened: { sequenceId: number; crm: string; crmId: string; url: string | null };
  /** A spam complaint (feedback loop): the address is suppressed and its sequences stopped; post to ALERT_CHANNEL. */
  complaint: ComplaintAlert;
  /** A sender was paused (broken, bounce rate, complaint): post once to ALERT_CHANNEL with Resume. */
  senderPaused: SenderPausedAlert;
  /** A sender keeps failing to send (once per run of failures): post to ALERT_CHANNEL. */
  senderFailing: SenderFailingAlert;
  /** A send that may have left, or failed after every retry: a card with Resend / Mark as sent / Cancel. */
  sendNeedsReview: SendReviewAlert;
  /** Leads waiting at Gate 1 from a run that finished without a surface waiting for it (resumed after a restart). */
  leadsFound: { runId: string; companyIds: number[] };
  /** A CSV import ended: its summary and how many leads of each tier wait at Gate 1 (one message, not a card each). */
  importFinished: {
    runId: string;
    summary: string;
    imported: number;
    tiers: { high: number; medium: number; low: number };
  };
  /** New drafts waiting at Gate 2 (after an automatic or requested write). */
  draftsReady: { draftIds: number[]; runId: string | null };
  /** Sends could not be made and are due again at `at` (backoff with jitter, Retry-After): a pass is queued then. */
  sendRetryDue: { at: Date };
  /** Draft sends happened (the card can show "Sent"). */
  draftsSent: { draftIds: number[] };
  /** A lesson was proposed as a directive amendment (Apply / Dismiss). */
  lessonProposed: { lessonId: number };
  /** A background step failed; the run keeps what was done. */
  runFailed: { runId: string; error: string };
  /** A spend limit was reached (said once per limit, across instances): paid steps wait until it is raised. */
  budgetReached: BudgetRefusal;
}

export type NotificationKind = keyof Notifications;
type Listener<K extends NotificationKind> = (payload: Notifications[K]) => Promise<void> | void;

/** A small typed fan-out: surfaces subscribe, the composition root emits. A failing listener is logged, never thrown. */
export interface Notifier {
  on<K extends NotificationKind>(kind: K, listener: Listener<K>): () => void;
  emit<K extends NotificationKind>(kind: K, payload: Notifications[K]): Promise<void>;
}

export function createNotifier(logger: Logger): Notifier {
  const listeners = new Map<NotificationKind, Set<Listener<never>>>();
  return {
    on(kind, listener) {
      const set = listeners.get(kind) ?? new Set();
      set.add(listener as Listener<never>);
      listeners.set(kind, set);
      return () => set.delete(listener as Listener<never>);
    },
    async emit(kind, payload) {
      for (const listener of listeners.get(kind) ?? []) {
        try {
          await (listener as Listener<typeof kind>)(payload);
        } catch (err) {
          logger.error({ err, notification: kind }, 'a notification listener failed');
        }
      }
    },
  };
}
