import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { ApprovalRepo, Transaction } from '../pipeline/approvals/ports.js';
import type { CompanyRepo } from '../pipeline/companies/ports.js';
import type { ContactRepo } from '../pipeline/contacts/ports.js';
import type { DirectiveStore } from '../pipeline/directives/store.js';
import type { DraftRepo, WinRateRepo } from '../pipeline/drafts/ports.js';
import type { LlmPort } from '../pipeline/llm/ports.js';
import { addressOf } from '../pipeline/outreach/compose-message.js';
import type { FollowUpTouch, OutreachDeps } from '../pipeline/outreach/deps.js';
import type { SendAlertPort } from '../pipeline/outreach/pool/alerts.js';
import { createSenderHealth } from '../pipeline/outreach/pool/health.js';
import { type SendingPolicy, sendingPolicySchema } from '../pipeline/outreach/pool/policy.js';
import type { PoolMember, SenderRepo } from '../pipeline/outreach/pool/ports.js';
import type { MailTransport, OutreachRepo, SuppressionRepo } from '../pipeline/outreach/ports.js';
import type { KeyValueStore } from '../pipeline/state/ports.js';
import type { AlertPort, TrackerDeps } from '../pipeline/tracker/ingest.js';
import type { InboundIssueRepo } from '../pipeline/tracker/ports.js';
import { createTimeZoneLookup } from '../providers/geo/time-zone.js';
import { createOutboxTransport } from '../providers/mail/outbox.js';
import { createSendgridTransport } from '../providers/mail/sendgrid.js';
import { createSmtpTransport } from '../providers/mail/smtp.js';

const sequenceSchema = z.object({
  touches: z
    .array(z.object({ day: z.number().int().min(1).max(90), goal: z.string().min(1), template: z.string().min(1) }))
    .max(6),
});

/** The transport a sender names: outbox (default, never sends), smtp, or sendgrid. */
function transportFor(sender: Config['mail']['senders'][number], config: Config): MailTransport {
  const { dkim } = config.mail;
  if (sender.transport === 'smtp') return createSmtpTransport({ url: sender.smtpUrl!, dkim });
  if (sender.transport === 'sendgrid') return createSendgridTransport({ apiKey: sender.sendgridApiKey! });
  return createOutboxTransport({ dir: sender.outboxDir ?? config.mail.outboxDir, dkim });
}

/** The sender pool (MAIL_SENDERS, or the one mailbox MAIL_TRANSPORT describes), each with its own transport. */
export function createSenderPool(config: Config): PoolMember[] {
  return config.mail.senders.map((s) => ({
    name: s.name,
    from: s.from,
    dailyCap: s.dailyCap,
    warmup: s.warmup,
    transport: transportFor(s, config),
  }));
}

/** UNSUBSCRIBE_SECRET, or a random secret generated once and kept in app_state (links stay valid across restarts). */
export async function unsubscribeSecret(config: Config, state: KeyValueStore, now: Date): Promise<string> {
  if (config.mail.unsubscribeSecret) return config.mail.unsubscribeSecret;
  const existing = await state.get('secret:unsubscribe');
  if (existing) return existing;
  const generated = randomBytes(32).toString('base64url');
  await state.set('secret:unsubscribe', generated, now);
  return (await state.get('secret:unsubscribe')) ?? generated;
}

export interface OutreachWiring {
  outreach: OutreachRepo;
  suppressions: SuppressionRepo;
  /** The sender pool, each member with its transport. */
  senders: PoolMember[];
  senderState: SenderRepo;
  /** Inbound messages that could not be read or matched, kept for a person. */
  issues: InboundIssueRepo;
  /** Dependencies of the send job (sendDue) and sequences. */
  deps: OutreachDeps;
  /** Dependencies of reply ingestion; `alerts` is replaced by the Slack side when it starts. */
  trackerDeps(alerts: AlertPort): TrackerDeps;
}

/** Wires Outreach and the Tracker: repos, transport, identity, limits, directive-driven sequence and prompts. */
export async function wireOutreach(input: {
  config: Config;
  outreach: OutreachRepo;
  suppressions: SuppressionRepo;
  issues: InboundIssueRepo;
  senderState: SenderRepo;
  state: KeyValueStore;
  approvals: ApprovalRepo;
  drafts: DraftRepo;
  contacts: ContactRepo;
  companies: CompanyRepo;
  winRates: WinRateRepo;
  directives: DirectiveStore;
  llm: LlmPort;
  tx: Transaction;
  now: () => Date;
  logger: Logger;
  alerts: SendAlertPort;
}): Promise<OutreachWiring> {
  const { config, directives } = input;
  const { outreach, suppressions, issues, senderState } = input;
  const senders = createSenderPool(config);
  await senderState.sync(
    senders.map((s) => ({ name: s.name, address: addressOf(s.from) })),
    input.now(),
  );
  const text = (directive: string, label: string) => () => String(directives.get(directive).blocks[label] ?? '');
  const policy = (): SendingPolicy => directives.block('outreach', 'sending', sendingPolicySchema);
  const touches = (): FollowUpTouch[] => directives.block('outreach', 'sequence', sequenceSchema).touches;
  const deps: OutreachDeps = {
    outreach,
    suppressions,
    approvals: input.approvals,
    drafts: input.drafts,
    contacts: input.contacts,
    companies: input.companies,
    winRates: input.winRates,
    senders,
    senderState,
    identity: {
      from: config.mail.from,
      postalAddress: config.mail.postalAddress,
      publicBaseUrl: config.http.publicBaseUrl,
      unsubscribeSecret: await unsubscribeSecret(config, input.state, input.now()),
    },
    limits: {
      domainIntervalMinutes: config.mail.domainSendIntervalMinutes,
      timeZone: config.schedules.timezone,
      requireVerifiedGuesses: config.pipeline.requireVerifiedGuesses,
      reconcileAfterMs: 2 * 60_000,
    },
    policy,
    zones: createTimeZoneLookup(),
    alerts: input.alerts,
    touches,
    llm: input.llm,
    followUpPrompt: text('outreach', 'follow-up-prompt'),
    tx: input.tx,
    now: input.now,
    random: Math.random,
  };
  return {
    outreach,
    suppressions,
    senders,
    senderState,
    issues,
    deps,
    trackerDeps: (alerts) => ({
      issues,
      outreach,
      suppressions,
      contacts: input.contacts,
      companies: input.companies,
      winRates: input.winRates,
      alerts,
      senderHealth: createSenderHealth(deps),
      llm: input.llm,
      classifyPrompt: text('tracker', 'classify-prompt'),
      suggestPrompt: text('tracker', 'suggest-prompt'),
      suggestTemplate: text('tracker', 'suggest-template'),
      tx: input.tx,
      now: input.now,
    }),
  };
}
