import { existsSync, readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import { validateDetailed as validateCron } from 'node-cron';
import { z } from 'zod';
import { parseSenders, type SenderConfig } from './config-senders.js';
import { AppError } from './errors.js';

export type { SenderConfig } from './config-senders.js';

/** Vendors reached over HTTP. Each may have `<VENDOR>_BASE_URL` and `<VENDOR>_RATE_LIMIT`. */
export const VENDORS = [
  'nominatim',
  'overpass',
  'serper',
  'apollo',
  'hunter',
  'snov',
  'prospeo',
  'zerobounce',
  'website',
] as const;
export type Vendor = (typeof VENDORS)[number];

const DEFAULT_BASE_URLS: Record<Vendor, string> = {
  nominatim: 'https://nominatim.openstreetmap.org',
  overpass: 'https://overpass-api.de/api',
  serper: 'https://google.serper.dev',
  apollo: 'https://api.apollo.io',
  hunter: 'https://api.hunter.io',
  snov: 'https://api.snov.io',
  prospeo: 'https://api.prospeo.io',
  zerobounce: 'https://api.zerobounce.net',
  website: '',
};

/** Published or polite limits; each is overridable with `<VENDOR>_RATE_LIMIT` ("10/s", "60/min"). */
const DEFAULT_RATE_LIMITS: Record<Vendor, string> = {
  nominatim: '1/s',
  overpass: '2/s',
  serper: '5/s',
  apollo: '50/min',
  hunter: '15/s',
  snov: '60/min',
  prospeo: '5/s',
  zerobounce: '10/s',
  website: '2/s',
};

export const SCOUT_SOURCE_NAMES = ['sandbox', 'osm', 'serper', 'apollo'] as const;
export const ENRICHMENT_PROVIDER_NAMES = [
  'sandbox',
  'hunter',
  'apollo',
  'website',
  'serper',
  'snov',
  'prospeo',
  'permutation',
] as const;

/** Variables whose values must never be printed or logged. */
export const SECRET_VARIABLES = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'OPENAI_API_KEY',
  'SERPER_API_KEY',
  'APOLLO_API_KEY',
  'HUNTER_API_KEY',
  'SNOV_CLIENT_ID',
  'SNOV_CLIENT_SECRET',
  'PROSPEO_API_KEY',
  'ZEROBOUNCE_API_KEY',
  'SENDGRID_API_KEY',
  'SMTP_URL',
  'MAIL_SENDERS',
  'IMAP_URL',
  'DKIM_PRIVATE_KEY',
  'UNSUBSCRIBE_SECRET',
  'HUBSPOT_TOKEN',
  'METRICS_TOKEN',
] as const;

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const prefixed = (prefix: string, what: string) =>
  optionalString.refine((v) => v === undefined || (v.startsWith(prefix) && v.length > prefix.length + 4), {
    message: `must be ${what} starting with "${prefix}"`,
  });

const httpUrl = (what = 'an http(s) URL, e.g. http://127.0.0.1:11434') =>
  optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s/]+/i.test(v), { message: `must be ${what}` });

const intInRange = (min: number, max: number, fallback: number) =>
  optionalString.transform((v, ctx) => {
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return Number(v);
  });

const usd = optionalString.transform((v, ctx) => {
  if (v === undefined) return null;
  const amount = Number(v.replace(/^\$/, ''));
  if (!/^\$?\d+(\.\d+)?$/.test(v) || !(amount >= 0) || amount > 1_000_000) {
    ctx.addIssue({ code: 'custom', message: 'must be an amount in USD, e.g. 25 or 7.50 (empty: no limit)' });
    return z.NEVER;
  }
  return amount;
});

const csvList = <T extends string>(allowed: readonly T[], fallback: readonly T[]) =>
  optionalString.transform((v, ctx) => {
    if (v === undefined) return [...fallback];
    const items = v
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    const bad = items.filter((s) => !(allowed as readonly string[]).includes(s));
    if (bad.length > 0 || items.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `has unknown entries (${bad.join(', ') || 'empty'}); accepted: a comma-separated list of ${allowed.join(', ')}`,
      });
      return z.NEVER;
    }
    return [...new Set(items)] as T[];
  });

const oneOf = <T extends string>(values: readonly T[]) =>
  optionalString.transform((v, ctx) => {
    if (v === undefined) return undefined;
    const lower = v.toLowerCase();
    if ((values as readonly string[]).includes(lower)) return lower as T;
    ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')}` });
    return z.NEVER;
  });

const rateLimit = optionalString.refine((v) => v === undefined || parseRateLimit(v) !== undefined, {
  message: 'must look like "10/s", "60/min", "100/10s" or "1000/day"',
});

const pattern = (re: RegExp, what: string) =>
  optionalString.refine((v) => v === undefined || re.test(v), { message: `must be ${what}` });

const CRON_FIELDS: Record<string, string> = { dayOfMonth: 'day-of-month', dayOfWeek: 'day-of-week' };

const cronExpr = optionalString.superRefine((v, ctx) => {
  if (v === undefined) return;
  const { valid, errors } = validateCron(v);
  if (valid) return;
  const what = errors.map((e) =>
    e.field === 'expression' || /impossible/.test(e.message)
      ? e.message
      : `the ${CRON_FIELDS[e.field] ?? e.field} field "${e.value ?? ''}" is out of range or malformed`,
  );
  ctx.addIssue({
    code: 'custom',
    message:
      `is not a cron expression (${what.join('; ') || 'unreadable'}); accepted: 5 fields (minute hour ` +
      'day-of-month month day-of-week, e.g. "0 9 * * 1-5"), 6 with seconds first, or @hourly/@daily/@weekly',
  });
});

const timezone = optionalString.refine(
  (v) => {
    if (v === undefined) return true;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: v });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone, e.g. America/New_York or UTC' },
);

const slackUserIds = optionalString.transform((v, ctx) => {
  if (v === undefined) return [] as string[];
  const ids = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = ids.filter((id) => !/^[UW][A-Z0-9]{2,}$/.test(id));
  if (bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `has invalid Slack user ids (${bad.join(', ')}); accepted: comma-separated ids like U012ABCDEF`,
    });
    return z.NEVER;
  }
  return ids;
});

const bool = (fallback: boolean) =>
  optionalString.transform((v, ctx) => {
    if (v === undefined) return fallback;
    if (/^(1|true|yes|on)$/i.test(v)) return true;
    if (/^(0|false|no|off)$/i.test(v)) return false;
    ctx.addIssue({ code: 'custom', message: 'must be true or false' });
    return z.NEVER;
  });

const emailAddress = optionalString.refine((v) => v === undefined || /[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+/.test(v), {
  message: 'must be an email address, optionally with a name: "Ana Ruiz <ana@yourco.com>"',
});

const vendorShape = Object.fromEntries(
  VENDORS.flatMap((v) => [
    [`${v.toUpperCase()}_BASE_URL`, httpUrl()],
    [`${v.toUpperCase()}_RATE_LIMIT`, rateLimit],
  ]),
) as Record<string, typeof optionalString>;

const envSchema = z.object({
  NODE_ENV: optionalString,
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
  // Slack
  SLACK_BOT_TOKEN: prefixed('xoxb-', 'a bot token'),
  SLACK_SIGNING_SECRET: optionalString.refine((v) => v === undefined || /^[0-9a-f]{16,}$/i.test(v), {
    message: 'must be the hex signing secret from your Slack app\'s "Basic Information" page',
  }),
  SLACK_APP_TOKEN: prefixed('xapp-', 'an app-level token'),
  SLACK_API_URL: httpUrl('an http(s) URL ending in /api/, e.g. https://slack.com/api/'),
  APPROVER_USER_IDS: slackUserIds,
  DIGEST_CHANNEL: optionalString,
  ALERT_CHANNEL: optionalString,
  LEADS_CHANNEL: optionalString,
  ANSWER_WITHOUT_MENTION: bool(true),
  WORKSPACE_ALLOW_REMOTE: bool(false),
  // HTTP
  PORT: intInRange(0, 65535, 3000),
  PUBLIC_BASE_URL: httpUrl('an http(s) URL, e.g. https://leadbot.yourco.com'),
  METRICS_TOKEN: optionalString,
  // Storage
  DATABASE_PATH: optionalString,
  DATABASE_URL: optionalString.refine((v) => v === undefined || v === '' || /^postgres(ql)?:\/\/[^\s]+$/i.test(v), {
    message: 'must be a PostgreSQL URL, e.g. postgres://leadbot:secret@db.internal:5432/leadbot (or unset for SQLite)',
  }),
  DIRECTIVES_DIR: optionalString,
  // LLM
  LLM_PROVIDER: oneOf(['ollama', 'openai', 'none'] as const),
  OLLAMA_HOST: httpUrl(),
  OLLAMA_MODEL: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: httpUrl('an http(s) URL of an OpenAI-compatible API, e.g. https://api.openai.com/v1'),
  OPENAI_MODEL: optionalString,
  LLM_TIMEOUT_MS: intInRange(1000, 600_000, 60_000),
  AGENT_MAX_MODEL_CALLS: intInRange(1, 50, 8),
  LLM_MAX_OUTPUT_TOKENS: intInRange(16, 100_000, 1024),
  // Schedules
  DIGEST_CRON: cronExpr,
  OUTREACH_CRON: cronExpr,
  TZ: timezone,
  // Mail
  MAIL_TRANSPORT: oneOf(['outbox', 'smtp', 'sendgrid'] as const),
  MAIL_SENDERS: optionalString,
  MAIL_FROM: emailAddress,
  MAIL_POSTAL_ADDRESS: optionalString,
  DAILY_SEND_CAP: intInRange(1, 10_000, 30),
  DOMAIN_SEND_INTERVAL_MINUTES: intInRange(0, 10_080, 60),
  OUTBOX_DIR: optionalString,
  SMTP_URL: optionalString.refine((v) => v === undefined || /^smtps?:\/\//i.test(v), {
    message: 'must be an smtp:// or smtps:// URL, e.g. smtps://user:pass@smtp.yourco.com:465',
  }),
  DKIM_DOMAIN: optionalString,
  DKIM_SELECTOR: optionalString,
  DKIM_PRIVATE_KEY: optionalString,
  SENDGRID_API_KEY: optionalString,
  IMAP_URL: optionalString.refine((v) => v === undefined || /^imaps?:\/\//i.test(v), {
    message: 'must be an imap:// or imaps:// URL, e.g. imaps://user:pass@imap.yourco.com:993',
  }),
  UNSUBSCRIBE_SECRET: optionalString,
  // Pipeline
  SCOUT_SOURCES: csvList(SCOUT_SOURCE_NAMES, ['sandbox']),
  ENRICHMENT_ORDER: csvList(ENRICHMENT_PROVIDER_NAMES, [
    'hunter',
    'apollo',
    'website',
    'serper',
    'snov',
    'prospeo',
    'permutation',
  ]),
  REQUIRE_VERIFIED_GUESSES: bool(true),
  // Costs
  BUDGET_VENDOR_DAILY_USD: usd,
  BUDGET_VENDOR_RUN_USD: usd,
  BUDGET_MODEL_DAILY_USD: usd,
  BUDGET_MODEL_RUN_USD: usd,
  LOOKUP_REUSE_DAYS: intInRange(0, 3650, 90),
  // Providers
  SERPER_API_KEY: optionalString,
  APOLLO_API_KEY: optionalString,
  HUNTER_API_KEY: optionalString,
  SNOV_CLIENT_ID: optionalString,
  SNOV_CLIENT_SECRET: optionalString,
  PROSPEO_API_KEY: optionalString,
  ZEROBOUNCE_API_KEY: optionalString,
  OSM_CONTACT_EMAIL: emailAddress,
  ...vendorShape,
  // CRM
  HUBSPOT_TOKEN: optionalString,
  HUBSPOT_BASE_URL: httpUrl('an http(s) URL, e.g. https://api.hubapi.com'),
  HUBSPOT_API_VERSION: pattern(/^\d{4}-\d{2}$/, 'a date version like 2026-09'),
  HUBSPOT_RATE_LIMIT: rateLimit,
  HUBSPOT_SEARCH_RATE_LIMIT: rateLimit,
  HUBSPOT_DAILY_LIMIT: intInRange(1, 100_000_000, 250_000),
  HUBSPOT_DEAL_PIPELINE: optionalString,
  HUBSPOT_DEAL_STAGE: optionalString,
  HUBSPOT_OWNER_ID: pattern(/^\d+$/, 'a HubSpot owner id (digits)'),
  HUBSPOT_BOUNCE_PROPERTY: pattern(/^[a-z][a-z0-9_]{0,99}$/, 'a property internal name (lowercase, digits, _)'),
  HUBSPOT_LEAD_SOURCE: optionalString,
  CRM_RECENT_DAYS: intInRange(0, 3650, 90),
  CRM_INCLUDE_KNOWN: bool(false),
});

type Env = z.infer<typeof envSchema>;

export interface RateLimitSpec {
  count: number;
  perMs: number;
}

export interface VendorConfig {
  baseUrl: string;
  rateLimit: RateLimitSpec;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  logLevel: string;
  mode: 'sandbox' | 'live';
  slack: {
    mode: 'socket' | 'http' | 'workspace';
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    approverUserIds: string[];
    digestChannel?: string;
    alertChannel?: string;
    leadsChannel?: string;
    /**
     * In LEADS_CHANNEL (#leads in the local workspace) a confident search or read-only command needs no mention;
     * anything that acts or asks for an approval still does.
     */
    answerWithoutMention: boolean;
    /** The local workspace answers other machines too (default: this machine only). */
    workspaceAllowRemote: boolean;
  };
  http: {
    port: number;
    publicBaseUrl: string;
    /** When set, GET /metrics answers only requests with `Authorization: Bearer <token>`. */
    metricsToken?: string;
  };
  storage: {
    databasePath: string;
    /** PostgreSQL instead of the SQLite file: several instances can share it. */
    databaseUrl?: string;
    directivesDir: string;
  };
  llm: {
    provider: 'ollama' | 'openai' | 'none';
    ollamaHost: string;
    ollamaModel: string;
    openaiApiKey?: string;
    openaiBaseUrl?: string;
    openaiModel: string;
    timeoutMs: number;
    agentMaxModelCalls: number;
    /** The most tokens one model call may answer with; each call reserves its cost at this. */
    maxOutputTokens: number;
  };
  schedules: { digestCron: string; outreachCron: string; timezone: string };
  mail: {
    /** The first sender's transport and address (the only ones without MAIL_SENDERS). */
    transport: 'outbox' | 'smtp' | 'sendgrid';
    from: string;
    /** The sender pool: MAIL_SENDERS, or one sender named "default" from MAIL_TRANSPORT, MAIL_FROM and DAILY_SEND_CAP. */
    senders: SenderConfig[];
    postalAddress?: string;
    dailySendCap: number;
    domainSendIntervalMinutes: number;
    outboxDir: string;
    smtpUrl?: string;
    dkim?: { domainName: string; keySelector: string; privateKey: string };
    sendgridApiKey?: string;
    imapUrl?: string;
    unsubscribeSecret?: string;
  };
  costs: {
    /** Spend limits in USD per day (in TZ) and per run, for paid vendors and for the model; null: no limit. */
    budgets: {
      vendor: { dailyUsd: number | null; runUsd: number | null };
      model: { dailyUsd: number | null; runUsd: number | null };
    };
    /** Days a bought vendor lookup is answered from leadbot's records instead of bought again (0: never). */
    lookupReuseDays: number;
  };
  pipeline: {
    scoutSources: (typeof SCOUT_SOURCE_NAMES)[number][];
    enrichmentOrder: (typeof ENRICHMENT_PROVIDER_NAMES)[number][];
    requireVerifiedGuesses: boolean;
  };
  providers: {
    keys: {
      serper?: string;
      apollo?: string;
      hunter?: string;
      snov?: { clientId: string; clientSecret: string };
      prospeo?: string;
      zerobounce?: string;
    };
    vendors: Record<Vendor, VendorConfig>;
    osmContactEmail?: string;
  };
  crm: {
    /** A contact touched within this many days makes a company "known" (left out of searches, no Approve all). */
    recentDays: number;
    /** Show companies the CRM knows in search results (marked) instead of leaving them out. */
    includeKnown: boolean;
    /** HubSpot, enabled by HUBSPOT_TOKEN. */
    hubspot?: HubspotConfig;
  };
}

export interface HubspotConfig {
  token: string;
  baseUrl: string;
  /** The date-versioned API path segment ("2026-09" in /crm/objects/2026-09/companies). */
  apiVersion: string;
  /** The burst limit (HubSpot: 100 per 10 seconds for Free/Starter apps). */
  burst: RateLimitSpec;
  /** The CRM search endpoints' own limit (HubSpot documents 4–5 per second). */
  search: RateLimitSpec;
  daily: number;
  dealPipeline: string;
  dealStage: string;
  /** Owner for deals and tasks when the company has none in HubSpot. */
  ownerId?: string;
  /** Contact property set on a hard bounce (a datetime), so other tools skip the address. */
  bounceProperty: string;
  /** The value of leadbot's lead-source property on companies and contacts it creates. */
  leadSource: string;
}

/** Thrown by loadConfig; `problems` has one line per invalid variable. */
export class ConfigError extends AppError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('invalid_config', `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/** Parses "10/s", "60/min", "100/10s", "1000/day" into a count per window. */
export function parseRateLimit(text: string): RateLimitSpec | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+)?\s*(ms|s|sec|second|m|min|minute|h|hour|d|day)\s*$/i.exec(text);
  if (!m) return undefined;
  const count = Number(m[1]);
  const times = m[2] === undefined ? 1 : Number(m[2]);
  if (!(count > 0) || !(times > 0)) return undefined;
  const unit = m[3]!.toLowerCase();
  const perMs =
    unit === 'ms'
      ? 1
      : unit.startsWith('s')
        ? 1000
        : unit.startsWith('m')
          ? 60_000
          : unit.startsWith('h')
            ? 3_600_000
            : 86_400_000;
  return { count, perMs: perMs * times };
}

/** Reads `.env` from `cwd` when present; real environment variables win. */
export function readEnvironment(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const path = `${cwd}/.env`;
  const fromFile = existsSync(path) ? parseDotenv(readFileSync(path)) : {};
  const merged: Record<string, string> = { ...fromFile };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  return merged;
}

/**
 * Validates the environment and builds the typed config.
 * @throws ConfigError listing every invalid variable, what was wrong and what is accepted.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(envSchema.shape)) {
    const parsed = (schema as z.ZodType).safeParse(env[name]);
    if (parsed.success) values[name] = parsed.data;
    else for (const issue of parsed.error.issues) problems.push(describeProblem(name, env[name], issue.message));
  }
  // Cross-field checks run on what did parse: a variable that failed its own check still counts as set.
  const isSet = (name: keyof Env) => (env[name] ?? '').trim() !== '';
  problems.push(...crossFieldProblems(values as Partial<Env>, isSet));
  const pool =
    typeof values.MAIL_SENDERS === 'string'
      ? parseSenders(values.MAIL_SENDERS, { dailyCap: (values.DAILY_SEND_CAP as number | undefined) ?? 30 })
      : undefined;
  problems.push(...(pool?.problems ?? []));
  if (pool && pool.problems.length === 0) problems.push(...poolProblems(pool.senders, isSet));
  if (problems.length > 0) throw new ConfigError(problems);
  return buildConfig(values as Env, pool?.senders);
}

/** With MAIL_SENDERS, the one-mailbox variables would be ignored: say so rather than guess which wins. */
function poolProblems(senders: SenderConfig[], isSet: (name: keyof Env) => boolean): string[] {
  const problems = (['MAIL_TRANSPORT', 'MAIL_FROM', 'SMTP_URL', 'SENDGRID_API_KEY'] as const)
    .filter(isSet)
    .map((name) => `${name} cannot be set together with MAIL_SENDERS (give each sender its own settings there)`);
  const live = senders.find((s) => s.transport !== 'outbox');
  if (live) {
    if (!isSet('MAIL_POSTAL_ADDRESS'))
      problems.push(
        `MAIL_POSTAL_ADDRESS is required when a sender uses ${live.transport} (CAN-SPAM needs a postal address)`,
      );
    if (!isSet('PUBLIC_BASE_URL'))
      problems.push(`PUBLIC_BASE_URL is required when a sender uses ${live.transport} (unsubscribe links use it)`);
  }
  return problems;
}

function describeProblem(name: string, value: string | undefined, message: string): string {
  const shown = (SECRET_VARIABLES as readonly string[]).includes(name) || value === undefined ? '' : ` "${value}"`;
  return `${name}${shown} ${message}`;
}

/** Problems between variables. `e` holds the variables that parsed; `isSet` is true for any non-empty variable. */
function crossFieldProblems(e: Partial<Env>, isSet: (name: keyof Env) => boolean): string[] {
  const problems: string[] = [];
  if (isSet('SLACK_APP_TOKEN') && !isSet('SLACK_BOT_TOKEN'))
    problems.push('SLACK_BOT_TOKEN is required when SLACK_APP_TOKEN is set (Socket Mode needs both)');
  if (isSet('SLACK_SIGNING_SECRET') && !isSet('SLACK_BOT_TOKEN'))
    problems.push('SLACK_BOT_TOKEN is required when SLACK_SIGNING_SECRET is set (HTTP mode needs both)');
  if (isSet('SLACK_BOT_TOKEN') && !isSet('SLACK_APP_TOKEN') && !isSet('SLACK_SIGNING_SECRET'))
    problems.push(
      'SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is',
    );
  if (e.LLM_PROVIDER === 'openai' && !isSet('OPENAI_API_KEY') && !isSet('OPENAI_BASE_URL'))
    problems.push('OPENAI_API_KEY is required when LLM_PROVIDER=openai (or set OPENAI_BASE_URL for a keyless server)');
  if (e.MAIL_TRANSPORT === 'smtp' && !isSet('SMTP_URL')) problems.push('SMTP_URL is required when MAIL_TRANSPORT=smtp');
  if (e.MAIL_TRANSPORT === 'sendgrid' && !isSet('SENDGRID_API_KEY'))
    problems.push('SENDGRID_API_KEY is required when MAIL_TRANSPORT=sendgrid');
  if (e.MAIL_TRANSPORT && e.MAIL_TRANSPORT !== 'outbox') {
    if (!isSet('MAIL_FROM')) problems.push(`MAIL_FROM is required when MAIL_TRANSPORT=${e.MAIL_TRANSPORT}`);
    if (!isSet('MAIL_POSTAL_ADDRESS'))
      problems.push(
        `MAIL_POSTAL_ADDRESS is required when MAIL_TRANSPORT=${e.MAIL_TRANSPORT} (CAN-SPAM needs a postal address)`,
      );
    if (!isSet('PUBLIC_BASE_URL'))
      problems.push(`PUBLIC_BASE_URL is required when MAIL_TRANSPORT=${e.MAIL_TRANSPORT} (unsubscribe links use it)`);
  }
  const dkim = (['DKIM_DOMAIN', 'DKIM_SELECTOR', 'DKIM_PRIVATE_KEY'] as const).map(isSet);
  if (dkim.some(Boolean) && !dkim.every(Boolean))
    problems.push('DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY must be set together');
  if (isSet('SNOV_CLIENT_ID') !== isSet('SNOV_CLIENT_SECRET'))
    problems.push('SNOV_CLIENT_ID and SNOV_CLIENT_SECRET must be set together');
  return problems;
}

function buildConfig(e: Env, pool: SenderConfig[] | undefined): Config {
  const raw = e as unknown as Record<string, string | undefined>;
  const vendors = Object.fromEntries(
    VENDORS.map((v) => {
      const up = v.toUpperCase();
      const baseUrl = (raw[`${up}_BASE_URL`] ?? DEFAULT_BASE_URLS[v]).replace(/\/+$/, '');
      const rateLimit = parseRateLimit(raw[`${up}_RATE_LIMIT`] ?? DEFAULT_RATE_LIMITS[v])!;
      return [v, { baseUrl, rateLimit }];
    }),
  ) as Record<Vendor, VendorConfig>;
  const port = e.PORT;
  const transport = e.MAIL_TRANSPORT ?? 'outbox';
  const from = e.MAIL_FROM ?? 'leadbot sandbox <outreach@leadbot-sandbox.example>';
  const senders: SenderConfig[] = pool ?? [
    {
      name: 'default',
      from,
      transport,
      smtpUrl: e.SMTP_URL,
      sendgridApiKey: e.SENDGRID_API_KEY,
      dailyCap: e.DAILY_SEND_CAP,
      // The one mailbox of a single-sender setup keeps its whole cap from day one, as before the pool existed.
      warmup: false,
    },
  ];
  const live =
    Boolean(e.SLACK_BOT_TOKEN) ||
    senders.some((s) => s.transport !== 'outbox') ||
    e.SCOUT_SOURCES.some((s) => s !== 'sandbox');
  const nodeEnv = e.NODE_ENV === 'production' || e.NODE_ENV === 'test' ? e.NODE_ENV : 'development';
  return {
    env: nodeEnv,
    logLevel: e.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    mode: live ? 'live' : 'sandbox',
    slack: {
      mode: e.SLACK_APP_TOKEN ? 'socket' : e.SLACK_SIGNING_SECRET ? 'http' : 'workspace',
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      approverUserIds: e.APPROVER_USER_IDS,
      digestChannel: e.DIGEST_CHANNEL,
      alertChannel: e.ALERT_CHANNEL ?? e.DIGEST_CHANNEL,
      leadsChannel: e.LEADS_CHANNEL,
      answerWithoutMention: e.ANSWER_WITHOUT_MENTION,
      workspaceAllowRemote: e.WORKSPACE_ALLOW_REMOTE,
    },
    http: {
      port,
      publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
      metricsToken: e.METRICS_TOKEN,
    },
    storage: {
      databasePath: e.DATABASE_PATH ?? 'data/leadbot.db',
      databaseUrl: e.DATABASE_URL || undefined,
      directivesDir: e.DIRECTIVES_DIR ?? 'directives',
    },
    llm: {
      provider: e.LLM_PROVIDER ?? 'ollama',
      ollamaHost: (e.OLLAMA_HOST ?? 'http://127.0.0.1:11434').replace(/\/+$/, ''),
      ollamaModel: e.OLLAMA_MODEL ?? 'llama3.2',
      openaiApiKey: e.OPENAI_API_KEY,
      openaiBaseUrl: e.OPENAI_BASE_URL,
      openaiModel: e.OPENAI_MODEL ?? 'gpt-4o-mini',
      timeoutMs: e.LLM_TIMEOUT_MS,
      agentMaxModelCalls: e.AGENT_MAX_MODEL_CALLS,
      maxOutputTokens: e.LLM_MAX_OUTPUT_TOKENS,
    },
    schedules: {
      digestCron: e.DIGEST_CRON ?? '0 9 * * 1-5',
      outreachCron: e.OUTREACH_CRON ?? '*/15 * * * *',
      timezone: e.TZ ?? 'UTC',
    },
    mail: {
      transport: senders[0]!.transport,
      from: senders[0]!.from,
      senders,
      postalAddress: e.MAIL_POSTAL_ADDRESS,
      dailySendCap: e.DAILY_SEND_CAP,
      domainSendIntervalMinutes: e.DOMAIN_SEND_INTERVAL_MINUTES,
      outboxDir: e.OUTBOX_DIR ?? 'data/outbox',
      smtpUrl: e.SMTP_URL,
      dkim:
        e.DKIM_DOMAIN && e.DKIM_SELECTOR && e.DKIM_PRIVATE_KEY
          ? {
              domainName: e.DKIM_DOMAIN,
              keySelector: e.DKIM_SELECTOR,
              privateKey: e.DKIM_PRIVATE_KEY.replace(/\\n/g, '\n'),
            }
          : undefined,
      sendgridApiKey: e.SENDGRID_API_KEY,
      imapUrl: e.IMAP_URL,
      unsubscribeSecret: e.UNSUBSCRIBE_SECRET,
    },
    costs: {
      budgets: {
        vendor: { dailyUsd: e.BUDGET_VENDOR_DAILY_USD, runUsd: e.BUDGET_VENDOR_RUN_USD },
        model: { dailyUsd: e.BUDGET_MODEL_DAILY_USD, runUsd: e.BUDGET_MODEL_RUN_USD },
      },
      lookupReuseDays: e.LOOKUP_REUSE_DAYS,
    },
    pipeline: {
      scoutSources: e.SCOUT_SOURCES,
      enrichmentOrder: e.ENRICHMENT_ORDER,
      requireVerifiedGuesses: e.REQUIRE_VERIFIED_GUESSES,
    },
    providers: {
      keys: {
        serper: e.SERPER_API_KEY,
        apollo: e.APOLLO_API_KEY,
        hunter: e.HUNTER_API_KEY,
        snov:
          e.SNOV_CLIENT_ID && e.SNOV_CLIENT_SECRET
            ? { clientId: e.SNOV_CLIENT_ID, clientSecret: e.SNOV_CLIENT_SECRET }
            : undefined,
        prospeo: e.PROSPEO_API_KEY,
        zerobounce: e.ZEROBOUNCE_API_KEY,
      },
      vendors,
      osmContactEmail: e.OSM_CONTACT_EMAIL,
    },
    crm: {
      recentDays: e.CRM_RECENT_DAYS,
      includeKnown: e.CRM_INCLUDE_KNOWN,
      hubspot: e.HUBSPOT_TOKEN
        ? {
            token: e.HUBSPOT_TOKEN,
            baseUrl: (e.HUBSPOT_BASE_URL ?? 'https://api.hubapi.com').replace(/\/+$/, ''),
            apiVersion: e.HUBSPOT_API_VERSION ?? '2026-09',
            burst: parseRateLimit(e.HUBSPOT_RATE_LIMIT ?? '100/10s')!,
            search: parseRateLimit(e.HUBSPOT_SEARCH_RATE_LIMIT ?? '4/s')!,
            daily: e.HUBSPOT_DAILY_LIMIT,
            dealPipeline: e.HUBSPOT_DEAL_PIPELINE ?? 'default',
            dealStage: e.HUBSPOT_DEAL_STAGE ?? 'appointmentscheduled',
            ownerId: e.HUBSPOT_OWNER_ID,
            bounceProperty: e.HUBSPOT_BOUNCE_PROPERTY ?? 'leadbot_hard_bounce_date',
            leadSource: e.HUBSPOT_LEAD_SOURCE ?? 'leadbot',
          }
        : undefined,
    },
  };
}
