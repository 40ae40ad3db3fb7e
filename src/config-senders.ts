import { z } from 'zod';

/** One mailbox of the sender pool, as MAIL_SENDERS describes it. */
export interface SenderConfig {
  name: string;
  from: string;
  transport: 'outbox' | 'smtp' | 'sendgrid';
  smtpUrl?: string;
  sendgridApiKey?: string;
  /** Where the outbox transport writes (default OUTBOX_DIR). */
  outboxDir?: string;
  dailyCap: number;
  /** Ramp up from the directive's warm-up start (a new mailbox); false for a mailbox that is already warm. */
  warmup: boolean;
}

const entrySchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/i, 'must be 1-32 letters, digits, "-" or "_" (e.g. "ana")'),
    from: z
      .string()
      .regex(
        /[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+/,
        'must be an email address, optionally with a name: "Ana <ana@yourco.com>"',
      ),
    transport: z.enum(['outbox', 'smtp', 'sendgrid'], { message: 'must be one of outbox, smtp, sendgrid' }),
    url: z
      .string()
      .regex(/^smtps?:\/\/\S+$/i, 'must be an smtp:// or smtps:// URL, e.g. smtps://user:pass@smtp.yourco.com:465')
      .optional(),
    apiKey: z.string().min(10, 'must be a SendGrid API key').optional(),
    dir: z.string().min(1).optional(),
    cap: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(10_000, 'must be at most 10000')
      .optional(),
    warmup: z.boolean({ message: 'must be true or false' }).optional(),
  })
  .strict();

/**
 * Parses MAIL_SENDERS: a JSON array of mailboxes, e.g.
 * `[{"name":"ana","from":"Ana <ana@yourco.com>","transport":"smtp","url":"smtps://…","cap":50}]`.
 * Returns one problem per mistake (never echoing credentials), or the senders.
 */
export function parseSenders(
  text: string,
  defaults: { dailyCap: number },
): { senders: SenderConfig[]; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { senders: [], problems: ['MAIL_SENDERS is not JSON; accepted: a JSON array of senders, see .env.example'] };
  }
  if (!Array.isArray(raw) || raw.length === 0)
    return {
      senders: [],
      problems: ['MAIL_SENDERS must be a non-empty JSON array of senders ([{"name":…,"from":…,"transport":…}])'],
    };
  const problems: string[] = [];
  const senders: SenderConfig[] = [];
  raw.forEach((item, i) => {
    const label = `MAIL_SENDERS[${i}]${typeof item?.name === 'string' ? ` (${String(item.name).slice(0, 32)})` : ''}`;
    const parsed = entrySchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.');
        const message =
          issue.code === 'unrecognized_keys'
            ? `has unknown fields (${issue.keys.join(', ')}); accepted: name, from, transport, url, apiKey, dir, cap, warmup`
            : issue.code === 'invalid_type' && issue.input === undefined
              ? `${field} is required`
              : `${field} ${issue.message}`;
        problems.push(`${label} ${message}`);
      }
      return;
    }
    const e = parsed.data;
    if (e.transport === 'smtp' && !e.url) problems.push(`${label} url is required for transport smtp`);
    if (e.transport === 'sendgrid' && !e.apiKey) problems.push(`${label} apiKey is required for transport sendgrid`);
    if (senders.some((s) => s.name.toLowerCase() === e.name.toLowerCase()))
      problems.push(`${label} name "${e.name}" is used twice; each sender needs its own name`);
    senders.push({
      name: e.name,
      from: e.from,
      transport: e.transport,
      smtpUrl: e.url,
      sendgridApiKey: e.apiKey,
      outboxDir: e.dir,
      dailyCap: e.cap ?? defaults.dailyCap,
      warmup: e.warmup ?? true,
    });
  });
  return { senders: problems.length > 0 ? [] : senders, problems };
}
