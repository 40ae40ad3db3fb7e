/** A sender was paused: sequences on it wait until an approver resumes it or moves them. */
export interface SenderPausedAlert {
  sender: string;
  address: string;
  /** Why, in words: the server's answer, or the numbers. */
  reason: string;
  cause: 'sender_broken' | 'bounce_rate' | 'complaint';
  /** For the bounce rate: hard bounces among the last `sends` sends, and the policy's threshold. */
  numbers?: { hardBounces: number; sends: number; threshold: number; over: number };
  /** Sequences on this sender that now wait. */
  waiting: number;
}

/** A sender whose sends keep failing with "try again" outcomes (once per run of failures). */
export interface SenderFailingAlert {
  sender: string;
  address: string;
  failures: number;
  lastFailure: string;
}

/** A send a person must decide about: it may have left (uncertain), or it failed after every retry. */
export interface SendReviewAlert {
  eventId: number;
  status: 'uncertain' | 'failed';
  reason: string;
}

/** Where the outreach stage tells the team (ALERT_CHANNEL through the notifier). */
export interface SendAlertPort {
  senderPaused(alert: SenderPausedAlert): Promise<void>;
  senderFailing(alert: SenderFailingAlert): Promise<void>;
  sendNeedsReview(alert: SendReviewAlert): Promise<void>;
}
