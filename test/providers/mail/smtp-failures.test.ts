import { afterEach, describe, expect, it } from 'vitest';
import { composeMessage } from '../../../src/pipeline/outreach/compose-message.js';
import { createSmtpTransport } from '../../../src/providers/mail/smtp.js';
import { closedPort, reply, type SmtpStandIn, startSmtp } from '../../helpers/smtp-server.js';

const message = () =>
  composeMessage(
    {
      to: 'pat@harbor.example',
      subject: 'Harbor Clinic',
      body: 'Hi Pat,\n\nA short note.\n\nAna',
      messageId: `<leadbot.7.0.${Math.random().toString(16).slice(2)}@leadbot-sandbox.example>`,
      date: new Date('2026-11-25T14:00:00Z'),
    },
    {
      from: 'Ana Ruiz <ana@leadbot-sandbox.example>',
      postalAddress: '1 Sandbox Way, Buffalo, NY 14201',
      publicBaseUrl: 'https://leadbot.sandbox.example',
      unsubscribeSecret: 's3cret',
    },
  );

let smtp: SmtpStandIn | undefined;
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

const transport = (url: string) => createSmtpTransport({ url, timeoutMs: 5_000 });

describe('smtp transport: what a misbehaving server means', () => {
  it('a refused connection (nothing listening) was not sent: try again', async () => {
    const outcome = await transport(`smtp://127.0.0.1:${await closedPort()}`).send(message());
    expect(outcome).toMatchObject({ status: 'retry', reason: expect.stringMatching(/ECONNREFUSED|CONN/) });
  });

  it('a server refusing the session with 421 at the greeting: try again; with 554: the sender is broken', async () => {
    smtp = await startSmtp({ onConnect: (_s, cb) => cb(reply(421, 'Too busy, try later')) });
    expect(await transport(smtp.url).send(message())).toMatchObject({ status: 'retry' });
    await smtp.close();
    smtp = await startSmtp({ onConnect: (_s, cb) => cb(reply(554, 'No SMTP service for you')) });
    expect(await transport(smtp.url).send(message())).toMatchObject({
      status: 'sender_broken',
      reason: expect.stringContaining('554'),
    });
  });

  it('greylisting (451 at RCPT, then 250): the first attempt is "try again", the second is sent', async () => {
    let tries = 0;
    smtp = await startSmtp({
      onRcptTo: (_a, _s, cb) => (++tries === 1 ? cb(reply(451, '4.7.1 Greylisted, please try again later')) : cb()),
    });
    const t = transport(smtp.url);
    expect(await t.send(message())).toMatchObject({ status: 'retry', reason: expect.stringContaining('451') });
    expect(smtp.received).toHaveLength(0);
    expect(await t.send(message())).toMatchObject({ status: 'sent', response: expect.stringMatching(/^250/) });
    expect(smtp.received).toHaveLength(1);
  });

  it('550 5.1.1 at RCPT refuses this recipient; 554 5.7.1 at RCPT (relay denied) is the sender, not the address', async () => {
    smtp = await startSmtp({ onRcptTo: (_a, _s, cb) => cb(reply(550, '5.1.1 <pat@harbor.example>: User unknown')) });
    expect(await transport(smtp.url).send(message())).toMatchObject({
      status: 'recipient_refused',
      reason: expect.stringContaining('RCPT TO: 550 5.1.1'),
    });
    await smtp.close();
    smtp = await startSmtp({ onRcptTo: (_a, _s, cb) => cb(reply(554, '5.7.1 Relay access denied')) });
    expect(await transport(smtp.url).send(message())).toMatchObject({ status: 'sender_broken' });
  });

  it('535 at AUTH and 5xx to MAIL FROM: the sender is broken; 4xx to MAIL FROM: try again', async () => {
    smtp = await startSmtp({
      authOptional: false,
      authMethods: ['PLAIN', 'LOGIN'],
      allowInsecureAuth: true,
      onAuth: (_auth, _s, cb) => cb(reply(535, '5.7.8 Authentication credentials invalid')),
    });
    const port = smtp.port;
    expect(await transport(`smtp://ana:wrong@127.0.0.1:${port}`).send(message())).toMatchObject({
      status: 'sender_broken',
      reason: expect.stringMatching(/AUTH PLAIN: 535/),
    });
    await smtp.close();
    smtp = await startSmtp({
      onMailFrom: (_a, _s, cb) => cb(reply(553, '5.7.1 Sender address rejected: not owned by user')),
    });
    expect(await transport(smtp.url).send(message())).toMatchObject({
      status: 'sender_broken',
      reason: expect.stringContaining('MAIL FROM: 553'),
    });
    await smtp.close();
    smtp = await startSmtp({ onMailFrom: (_a, _s, cb) => cb(reply(452, '4.3.1 Insufficient system storage')) });
    expect(await transport(smtp.url).send(message())).toMatchObject({ status: 'retry' });
  });

  it('a connection lost before the message was finished was not sent; lost after the end of DATA it is uncertain', async () => {
    smtp = await startSmtp({
      onRcptTo: (_a, _s, cb) => {
        smtp!.dropConnections();
        cb();
      },
    });
    expect(await transport(smtp.url).send(message())).toMatchObject({ status: 'retry' });
    await smtp.close();
    smtp = await startSmtp({
      onData(stream) {
        stream.resume();
        // The whole message arrived; the server dies before it answers 250.
        stream.on('end', () => smtp!.dropConnections());
      },
    });
    expect(await transport(smtp.url).send(message())).toMatchObject({
      status: 'uncertain',
      reason: expect.stringContaining('after the whole message was sent'),
    });
  });

  it('a 5xx after DATA is about the recipient only for x.1/x.2 statuses; content or policy refusals are the sender', async () => {
    const refuse = (code: number, text: string) =>
      startSmtp({
        onData(stream, _s, cb) {
          stream.resume();
          stream.on('end', () => cb(reply(code, text)));
        },
      });
    smtp = await refuse(552, '5.2.2 Mailbox full');
    expect(await transport(smtp.url).send(message())).toMatchObject({ status: 'recipient_refused' });
    await smtp.close();
    smtp = await refuse(554, '5.7.1 Message rejected as spam');
    expect(await transport(smtp.url).send(message())).toMatchObject({ status: 'sender_broken' });
    await smtp.close();
    smtp = await refuse(451, '4.3.0 Temporary failure, try again');
    expect(await transport(smtp.url).send(message())).toMatchObject({ status: 'retry' });
  });

  it('verify() connects, says EHLO, upgrades with STARTTLS and authenticates without sending anything', async () => {
    const logins: string[] = [];
    smtp = await startSmtp({
      disabledCommands: [],
      authOptional: false,
      onAuth: (auth, session, cb) => {
        if (auth.username !== 'ana' || auth.password !== 'right') return cb(reply(535, '5.7.8 Bad credentials'));
        logins.push(`${auth.username} over ${session.secure ? 'TLS' : 'plain text'}`);
        cb(null, { user: 'ana' });
      },
    });
    const tls = { rejectUnauthorized: false };
    const good = createSmtpTransport({ url: `smtp://ana:right@127.0.0.1:${smtp.port}`, tls, timeoutMs: 5_000 });
    expect(await good.verify!()).toMatchObject({ ok: true });
    expect(logins).toEqual(['ana over TLS']);
    const bad = createSmtpTransport({ url: `smtp://ana:wrong@127.0.0.1:${smtp.port}`, tls, timeoutMs: 5_000 });
    expect(await bad.verify!()).toMatchObject({
      ok: false,
      outcome: 'sender_broken',
      detail: expect.stringContaining('535'),
    });
    const down = createSmtpTransport({ url: `smtp://127.0.0.1:${await closedPort()}`, timeoutMs: 5_000 });
    expect(await down.verify!()).toMatchObject({ ok: false, outcome: 'retry' });
    expect(smtp.received).toHaveLength(0);
  });
});
