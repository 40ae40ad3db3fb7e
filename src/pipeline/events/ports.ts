/** Slack event ids already handled (`processed_events`), so a retried delivery never runs twice. */
export interface ProcessedEventRepo {
  /** Records the id; false when it was already there (a retry or a duplicate delivery). */
  claim(eventId: string, kind: string, at: Date): Promise<boolean>;
  /** Links the run the event started, for the run timeline. */
  attachRun(eventId: string, runId: string): Promise<void>;
  /** Forgets ids older than `before` (Slack retries within minutes; a week is plenty). */
  prune(before: Date): Promise<number>;
}
