import { afterEach, describe, expect, it } from 'vitest';
import { openMigratedDatabase } from '../../src/db/client.js';
import { cli, tempEnv } from '../helpers/cli.js';
import { reply, type SmtpStandIn, startSmtp } from '../helpers/smtp-server.js';

let smtp: SmtpStandIn | undefined;
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

const live = { MAIL_POSTAL_ADDRESS: '1 Main St, Buffalo, NY 14201', PUBLIC_BASE_URL: 'https://leadbot.yourco.example' };
const smtpSender = (url: string) =>
  JSON.stringify([{ name: 'ana', from: 'Ana Ruiz <ana@yourco.example>', transport: 'smtp', url, warmup: false }]);

function sql<T>(env: Record<string, string>, query: string): T[] {
  const handle = openMigratedDatabase(env.DATABASE_PATH!);
  try {
    return handle.sqlite.prepare(query).all() as T[];
  } finally {
    handle.close();
  }
}

describe('leadbot outbox and leadbot senders', () => {
  it('a send cut off after DATA by a real SMTP server is listed by `outbox` and resolved by `outbox mark-sent`', async () => {
    let messages = 0;
    smtp = await startSmtp({
      onData(stream) {
        stream.resume();
        stream.on('end', () => {
          messages++;
          smtp!.dropConnections();
        });
      },
    });
    const env = tempEnv({ ...live, MAIL_SENDERS: smtpSender(smtp.url) });
    const search = await cli(
      ['search-companies', '--industry', 'healthcare', '--location', 'Buffalo, NY', '--count', '4', '--json'],
      env,
    );
    for (const { id } of search.json<{ companies: { id: number }[] }>().companies)
      expect((await cli(['approve-lead', String(id)], env)).code).toBe(0);
    const [target] = sql<{ draftId: number }>(
      env,
      `select d.id as draftId from email_drafts d join contacts c on c.id = d.contact_id
       where d.status = 'pending' and c.email_kind = 'found' order by d.id limit 1`,
    );
    const approve = await cli(['approve-draft', String(target!.draftId)], env);
    expect(approve.stdout).toMatch(/It may have left \(SMTP CONN: .*\): check the Sent folder/);

    const list = await cli(['outbox', '--json'], env);
    const { sends } = list.json<{
      sends: { eventId: number; status: string; sender: string; zone: { zone: string } }[];
    }>();
    expect(sends).toEqual([
      expect.objectContaining({
        status: 'uncertain',
        sender: 'ana',
        zone: expect.objectContaining({ zone: 'America/New_York' }),
      }),
    ]);
    const table = await cli(['outbox'], env);
    expect(table.stdout).toMatch(/uncertain.*ana/);
    expect(table.stdout).toContain('leadbot outbox resend ID | mark-sent ID | cancel ID');

    const marked = await cli(['outbox', 'mark-sent', String(sends[0]!.eventId)], env);
    expect(marked).toMatchObject({ code: 0, stdout: `Send #${sends[0]!.eventId} marked as sent.\n` });
    const twice = await cli(['outbox', 'cancel', String(sends[0]!.eventId)], env);
    expect(twice.code).toBe(1);
    expect(twice.stdout).toContain('already resolved (mark sent by cli:');
    expect((await cli(['outbox'], env)).stdout).toContain('Nothing waiting');
    expect(messages).toBe(1);
    expect((await cli(['outbox', 'resend', 'abc'], env)).stderr).toContain('"abc" is not a send id');
  });

  it('`senders` shows each mailbox and its room today; `senders resume` names the pool when the name is wrong', async () => {
    const env = tempEnv({
      MAIL_SENDERS: JSON.stringify([
        { name: 'ana', from: 'Ana <ana@yourco.example>', transport: 'outbox', cap: 40, warmup: false },
        { name: 'ben', from: 'Ben <ben@yourco.example>', transport: 'outbox', cap: 50 },
      ]),
    });
    const pool = (await cli(['senders', '--json'], env)).json<{
      senders: { name: string; capToday: number; remainingToday: number }[];
      remainingToday: number;
    }>();
    expect(pool.senders.map((s) => [s.name, s.capToday])).toEqual([
      ['ana', 40],
      ['ben', 10],
    ]);
    expect(pool.remainingToday).toBe(50);
    expect((await cli(['senders'], env)).stdout).toMatch(
      /ben\s+ben@yourco\.example\s+active\s+0\/10\s+50 \(warming up\)/,
    );
    const wrong = await cli(['senders', 'resume', 'carla'], env);
    expect(wrong).toMatchObject({ code: 1, stderr: 'leadbot: No sender named "carla"; the pool has: ana, ben\n' });
    const idle = await cli(['senders', 'resume', 'ana'], env);
    expect(idle).toMatchObject({ code: 1, stdout: 'Sender ana was not paused; nothing changed.\n' });
  });

  it('doctor checks SMTP for real (connect, EHLO, AUTH) and reports a broken login, sending nothing', async () => {
    // STARTTLS is covered in the transport's tests (the stand-in's certificate is self-signed, which doctor refuses).
    smtp = await startSmtp({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth: (auth, _s, cb) =>
        auth.password === 'right' ? cb(null, { user: 'ana' }) : cb(reply(535, '5.7.8 Bad credentials')),
    });
    const good = await cli(
      ['doctor', '--json'],
      tempEnv({ ...live, MAIL_SENDERS: smtpSender(`smtp://ana:right@127.0.0.1:${smtp.port}`) }),
    );
    const checks = good.json<{ checks: { name: string; status: string; detail: string }[] }>().checks;
    expect(checks.find((c) => c.name === 'mail')).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('ana (smtp): connected, EHLO'),
    });
    expect(checks.find((c) => c.name === 'senders')).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('ana 30/30 left'),
    });
    const bad = await cli(
      ['doctor', '--json'],
      tempEnv({ ...live, MAIL_SENDERS: smtpSender(`smtp://ana:wrong@127.0.0.1:${smtp.port}`) }),
    );
    expect(bad.code).toBe(1);
    expect(
      bad.json<{ checks: { name: string; status: string; detail: string }[] }>().checks.find((c) => c.name === 'mail'),
    ).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/ana \(smtp\): BROKEN: SMTP AUTH PLAIN: 535/),
    });
    expect(smtp.received).toHaveLength(0);
  });
});
