/** What a person thought of one of the agent's answers (Slack's feedback buttons, the workspace, the CLI). */
export type FeedbackVerdict = 'helpful' | 'not_helpful';

export interface FeedbackRecord {
  id: number;
  /** The agent run that produced the answer. */
  runId: string;
  /** Who clicked (a Slack user id, or `cli:<user>`). */
  userId: string;
  verdict: FeedbackVerdict;
  /** Why it was not helpful, when the person said. */
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Feedback on agent answers (`answer_feedback`): one verdict per person and run. */
export interface FeedbackRepo {
  /** Records a verdict; a second click by the same person on the same run replaces the first (and its reason). */
  record(input: { runId: string; userId: string; verdict: FeedbackVerdict; at: Date }): Promise<FeedbackRecord>;
  /** Adds the reason to that person's verdict on the run; undefined when there is no verdict to explain. */
  setReason(input: { runId: string; userId: string; reason: string; at: Date }): Promise<FeedbackRecord | undefined>;
  forRun(runId: string): Promise<FeedbackRecord[]>;
  /** Verdicts given or changed in [since, until). */
  counts(window: { since: Date; until: Date }): Promise<{ helpful: number; notHelpful: number; withReason: number }>;
}
