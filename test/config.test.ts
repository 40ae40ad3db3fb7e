import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseRateLimit, readEnvironment } from '../src/config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('runs on embedded defaults with no variables at all (sandbox mode)', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('sandbox');
    expect(config.http.port).toBe(3000);
    expect(config.storage.databasePath).toBe('data/leadbot.db');
    expect(config.llm.provider).toBe('ollama');
    expect(config.llm.ollamaHost).toBe('http://127.0.0.1:11434');
    expect(config.llm.ollamaModel).toBe('llama3.2');
    expect(config.mail.transport).toBe('outbox');
    expect(config.mail.dailySendCap).toBe(30);
    expect(config.slack.mode).toBe('workspace');
    expect(config.pipeline.scoutSources).toEqual(['sandbox']);
    expect(config.schedules.digestCron).toBe('0 9 * * 1-5');
  });

  it('lists every invalid variable with what is accepted, never echoing secrets', () => {
    const problems = problemsOf({ DAILY_SEND_CAP: 'abc', SLACK_BOT_TOKEN: 'foo', PORT: '99999', LLM_PROVIDER: 'gpt' });
    // Four invalid values, and the bot token (set, if invalid) still lacks an app token or signing secret.
    expect(problems).toHaveLength(5);
    expect(problems).toContain(
      'SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is',
    );
    expect(problems.find((p) => p.startsWith('DAILY_SEND_CAP'))).toMatch(/"abc".*whole number from 1 to 10000/);
    const token = problems.find((p) => p.startsWith('SLACK_BOT_TOKEN'));
    expect(token).toMatch(/xoxb-/);
    expect(token).not.toContain('foo');
    expect(problems.find((p) => p.startsWith('PORT'))).toMatch(/0 to 65535/);
    expect(problems.find((p) => p.startsWith('LLM_PROVIDER'))).toMatch(/ollama, openai, none/);
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ PORT: '', SLACK_BOT_TOKEN: '', DAILY_SEND_CAP: ' ' });
    expect(config.http.port).toBe(3000);
    expect(config.slack.mode).toBe('workspace');
  });

  it('picks the Slack mode from the tokens present', () => {
    const bot = 'xoxb-1234-5678-abcdef';
    expect(loadConfig({ SLACK_BOT_TOKEN: bot, SLACK_APP_TOKEN: 'xapp-1-A1-abcdef' }).slack.mode).toBe('socket');
    expect(loadConfig({ SLACK_BOT_TOKEN: bot, SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef' }).slack.mode).toBe(
      'http',
    );
    expect(problemsOf({ SLACK_BOT_TOKEN: bot })[0]).toMatch(/neither SLACK_APP_TOKEN/);
    expect(problemsOf({ SLACK_APP_TOKEN: 'xapp-1-A1-abcdef' })[0]).toMatch(/SLACK_BOT_TOKEN is required/);
  });

  it('requires what a live mail transport needs', () => {
    const problems = problemsOf({ MAIL_TRANSPORT: 'smtp' });
    expect(problems.join('\n')).toMatch(/SMTP_URL is required/);
    expect(problems.join('\n')).toMatch(/MAIL_POSTAL_ADDRESS is required/);
    expect(problems.join('\n')).toMatch(/MAIL_FROM is required/);
  });

  it('parses lists, approvers and vendor overrides', () => {
    const config = loadConfig({
      SCOUT_SOURCES: 'osm, sandbox',
      APPROVER_USER_IDS: 'U012ABC,W99XYZ',
      OVERPASS_BASE_URL: 'http://127.0.0.1:9999/',
      HUNTER_RATE_LIMIT: '10/s',
    });
    expect(config.pipeline.scoutSources).toEqual(['osm', 'sandbox']);
    expect(config.slack.approverUserIds).toEqual(['U012ABC', 'W99XYZ']);
    expect(config.providers.vendors.overpass.baseUrl).toBe('http://127.0.0.1:9999');
    expect(config.providers.vendors.hunter.rateLimit).toEqual({ count: 10, perMs: 1000 });
    expect(config.mode).toBe('live');
    expect(problemsOf({ SCOUT_SOURCES: 'google' })[0]).toMatch(
      /unknown entries \(google\).*sandbox, osm, serper, apollo/,
    );
    expect(problemsOf({ APPROVER_USER_IDS: 'bob' })[0]).toMatch(/U012ABCDEF/);
    expect(problemsOf({ HUNTER_RATE_LIMIT: 'fast' })[0]).toMatch(/"10\/s"/);
  });

  it('rejects an unknown time zone and a malformed cron', () => {
    const problems = problemsOf({ TZ: 'Mars/Olympus', DIGEST_CRON: 'every morning' });
    expect(problems).toHaveLength(2);
  });

  it('validates cron expressions field by field, as the scheduler will read them', () => {
    const problems = problemsOf({ DIGEST_CRON: '61 9 * * 1-5', OUTREACH_CRON: '0 9 31 2 *' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^DIGEST_CRON "61 9 \* \* 1-5" is not a cron expression \(the minute field "61"/);
    expect(problems[0]).toMatch(
      /accepted: 5 fields \(minute hour day-of-month month day-of-week, e\.g\. "0 9 \* \* 1-5"\)/,
    );
    expect(problems[1]).toMatch(/^OUTREACH_CRON .*impossible day of month/);
    expect(problemsOf({ DIGEST_CRON: '0 9 * * 8' })[0]).toMatch(/day-of-week field "8"/);
    for (const ok of ['0 9 * * 1-5', '30 0 9 * * mon-fri', '@daily', '*/15 * * * *'])
      expect(loadConfig({ DIGEST_CRON: ok }).schedules.digestCron).toBe(ok);
  });

  it('reports type errors and cross-field problems in one pass', () => {
    const problems = problemsOf({
      DAILY_SEND_CAP: 'abc',
      DIGEST_CRON: 'at nine',
      MAIL_TRANSPORT: 'smtp',
      DKIM_DOMAIN: 'yourco.example',
      SLACK_BOT_TOKEN: 'foo',
    });
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'SLACK_BOT_TOKEN',
      'DIGEST_CRON',
      'DAILY_SEND_CAP',
      'SLACK_BOT_TOKEN',
      'SMTP_URL',
      'MAIL_FROM',
      'MAIL_POSTAL_ADDRESS',
      'PUBLIC_BASE_URL',
      'DKIM_DOMAIN,',
    ]);
    expect(problems[3]).toMatch(/neither SLACK_APP_TOKEN .* nor SLACK_SIGNING_SECRET/);
    expect(problems.join('\n')).not.toContain('foo');
  });

  it('counts a variable that failed its own check as set, and skips rules that need its value', () => {
    // An invalid token is still a token: no "SLACK_BOT_TOKEN is required" on top of "must be a bot token".
    const problems = problemsOf({ SLACK_BOT_TOKEN: 'foo', SLACK_APP_TOKEN: 'xapp-1-A1-abcdef' });
    expect(problems).toEqual(['SLACK_BOT_TOKEN must be a bot token starting with "xoxb-"']);
    // An unknown transport cannot say what it needs: only the transport is reported.
    expect(problemsOf({ MAIL_TRANSPORT: 'pigeon' })).toEqual([
      'MAIL_TRANSPORT "pigeon" must be one of outbox, smtp, sendgrid',
    ]);
  });
});

describe('parseRateLimit', () => {
  it.each([
    ['10/s', { count: 10, perMs: 1000 }],
    ['60/min', { count: 60, perMs: 60_000 }],
    ['1000/day', { count: 1000, perMs: 86_400_000 }],
  ])('%s', (text, expected) => expect(parseRateLimit(text)).toEqual(expected));
  it('rejects nonsense', () => {
    expect(parseRateLimit('0/s')).toBeUndefined();
    expect(parseRateLimit('ten per second')).toBeUndefined();
  });
});

describe('readEnvironment', () => {
  it('reads .env when present and lets real variables win', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadbot-env-'));
    writeFileSync(join(dir, '.env'), 'PORT=4000\nDAILY_SEND_CAP=12\n');
    const env = readEnvironment(dir, { PORT: '5000' });
    expect(env.PORT).toBe('5000');
    expect(env.DAILY_SEND_CAP).toBe('12');
  });
});

describe('MAIL_SENDERS: the sender pool', () => {
  const live = { MAIL_POSTAL_ADDRESS: '1 Main St, Buffalo, NY', PUBLIC_BASE_URL: 'https://leadbot.yourco.example' };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (err) {
      return (err as ConfigError).problems;
    }
  };

  it('without it, one sender named "default" from MAIL_TRANSPORT, MAIL_FROM and DAILY_SEND_CAP, already warm', () => {
    expect(loadConfig({ DAILY_SEND_CAP: '12' }).mail.senders).toEqual([
      {
        name: 'default',
        from: 'leadbot sandbox <outreach@leadbot-sandbox.example>',
        transport: 'outbox',
        smtpUrl: undefined,
        sendgridApiKey: undefined,
        dailyCap: 12,
        warmup: false,
      },
    ]);
  });

  it('parses each mailbox with its own transport, credentials, cap and warm-up', () => {
    const config = loadConfig({
      ...live,
      DAILY_SEND_CAP: '40',
      MAIL_SENDERS: JSON.stringify([
        {
          name: 'ana',
          from: 'Ana <ana@yourco.example>',
          transport: 'smtp',
          url: 'smtps://ana:pw@smtp.yourco.example:465',
          cap: 50,
        },
        { name: 'ben', from: 'ben@yourco.example', transport: 'sendgrid', apiKey: 'SG.abcdefghijkl', warmup: false },
      ]),
    });
    expect(config.mode).toBe('live');
    expect(config.mail.senders.map((s) => [s.name, s.transport, s.dailyCap, s.warmup])).toEqual([
      ['ana', 'smtp', 50, true],
      ['ben', 'sendgrid', 40, false],
    ]);
    expect(config.mail.from).toBe('Ana <ana@yourco.example>');
  });

  it('says what is wrong with each entry, without echoing credentials', () => {
    const found = problems({
      ...live,
      MAIL_SENDERS: JSON.stringify([
        { name: 'ana', from: 'not an address', transport: 'smtp' },
        { name: 'ana', from: 'b@yourco.example', transport: 'pigeon', apiKey: 'SG.secret-value-1234' },
        { from: 'c@yourco.example', transport: 'sendgrid', cap: 0, colour: 'blue' },
      ]),
    });
    expect(found).toEqual([
      'MAIL_SENDERS[0] (ana) from must be an email address, optionally with a name: "Ana <ana@yourco.com>"',
      'MAIL_SENDERS[1] (ana) transport must be one of outbox, smtp, sendgrid',
      'MAIL_SENDERS[2] name is required',
      'MAIL_SENDERS[2] cap must be at least 1',
      'MAIL_SENDERS[2] has unknown fields (colour); accepted: name, from, transport, url, apiKey, dir, cap, warmup',
    ]);
    expect(found.join('\n')).not.toContain('secret-value');
    expect(problems({ MAIL_SENDERS: '{nope' })).toEqual([
      'MAIL_SENDERS is not JSON; accepted: a JSON array of senders, see .env.example',
    ]);
    expect(
      problems({
        ...live,
        MAIL_SENDERS: JSON.stringify([
          { name: 'ana', from: 'a@yourco.example', transport: 'smtp' },
          { name: 'ANA', from: 'b@yourco.example', transport: 'outbox' },
        ]),
      }),
    ).toEqual([
      'MAIL_SENDERS[0] (ana) url is required for transport smtp',
      'MAIL_SENDERS[1] (ANA) name "ANA" is used twice; each sender needs its own name',
    ]);
  });

  it('refuses the one-mailbox variables next to it, and asks for the postal address when a sender really sends', () => {
    expect(
      problems({
        MAIL_TRANSPORT: 'outbox',
        SMTP_URL: 'smtp://x:y@smtp.yourco.example',
        MAIL_SENDERS: JSON.stringify([
          { name: 'ana', from: 'a@yourco.example', transport: 'smtp', url: 'smtp://a:b@h.example' },
        ]),
      }),
    ).toEqual([
      'MAIL_TRANSPORT cannot be set together with MAIL_SENDERS (give each sender its own settings there)',
      'SMTP_URL cannot be set together with MAIL_SENDERS (give each sender its own settings there)',
      'MAIL_POSTAL_ADDRESS is required when a sender uses smtp (CAN-SPAM needs a postal address)',
      'PUBLIC_BASE_URL is required when a sender uses smtp (unsubscribe links use it)',
    ]);
  });
});
