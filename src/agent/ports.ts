import type { Actor } from '../app/actor.js';
import type { Lead } from '../pipeline/companies/ports.js';

/** Where a message came from; decides how approvals are recorded and how replies render. */
export type Surface = 'slack' | 'workspace' | 'cli';

/** Who is talking and where: the same shape for Slack, the local workspace and `leadbot chat`. */
export interface TurnContext {
  /** One conversation = one Slack thread or DM, or one `leadbot chat` session: `slack:C123:1700000000.000100`. */
  conversationKey: string;
  userId: string;
  userName?: string;
  surface: Surface;
  /** Who is asking, as the policy sees them (the agent's tools ask as the agent, for this person). */
  actor: Actor;
  slackChannel?: string;
  slackThreadTs?: string;
  /** Called as soon as a message starts a tracked run, so the surface can show live progress. */
  onRunStarted?: (runId: string) => void;
  /** Where the agent's answer is shown as it is written (Slack's streamed messages); absent: the answer comes whole. */
  stream?: AnswerStream;
}

/** A step the agent takes while answering (one tool call), shown as a task beside the streamed text. */
export interface AnswerStep {
  id: string;
  /** What the step does, in a few words ("Searching for dentists in Denver"). */
  title: string;
  status: 'in_progress' | 'complete' | 'error';
  /** A short result or error, shown under the title. */
  output?: string;
}

/**
 * A surface's live view of an answer being written. Both calls return at once (the surface queues and batches its
 * own output); everything passed is already safe to show (the agent neutralises model text before it gets here).
 */
export interface AnswerStream {
  /** More of the answer, as Markdown. */
  text(markdown: string): void;
  step(step: AnswerStep): void;
}

/** A clarifying option: a button (or numbered choice) that sends `text` as if the user typed it. */
export interface ReplyChoice {
  label: string;
  text: string;
}

/** What the brain answers. `text` is always a complete mrkdwn answer; the rest lets surfaces render richer. */
export interface Reply {
  text: string;
  /** Lead cards to show with Approve / Reject (Gate 1). */
  leads?: Lead[];
  /** Draft ids to show as Gate 2 cards. */
  draftIds?: number[];
  /** The run this message started, if any. */
  runId?: string;
  choices?: ReplyChoice[];
  /** Approval requests the agent created for a human to click (never decided by the agent). */
  approvalRequestIds?: number[];
  /** Machine-readable result for `--json` surfaces. */
  data?: unknown;
  /** 'agent' for the ReAct agent's answers (they get feedback buttons, recorded against `runId`). */
  answeredBy?: 'agent';
}

/** The router + agent behind one call; every surface talks to leadbot through this. */
export interface ConversationPort {
  respond(text: string, ctx: TurnContext): Promise<Reply>;
  /**
   * A message in a watched channel that does not mention leadbot: answered only when the parser alone (no model
   * call) reads it as a confident search or read-only command and then `proceed()` agrees (the surface's own checks:
   * who is asking, not answered yet); undefined otherwise, with nothing answered or remembered.
   */
  respondUnmentioned(text: string, ctx: TurnContext, proceed: () => Promise<boolean>): Promise<Reply | undefined>;
}
