import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { composeMessage } from '../../../src/pipeline/outreach/compose-message.js';
import { createOutboxTransport, outboxFileName } from '../../../src/providers/mail/outbox.js';
import { createSendgridTransport } from '../../../src/providers/mail/sendgrid.js';
import { createSmtpTransport } from '../../../src/providers/mail/smtp.js';
import { type StandIn, sendJson, startStandIn } from '../../helpers/http-server.js';

const identity = {
  from: 'Ana Ruiz <ana@leadbot-sandbox.example>',
  postalAddress: '1 Sandbox Way, Buffalo, NY 14201',
  publicBaseUrl: 'https://leadbot.sandbox.example',
  unsubscribeSecret: 's3cret',
};

const followUp = () =>
  composeMessage(
    {
      to: 'pat@harbor.example',
      subject: 'Re: Harbor Clinic: $18k a year?',
      body: 'Hi Pat,\n\nBumping this.\n\nAna',
      messageId: '<leadbot.7.1.abc@leadbot-sandbox.example>',
      inReplyTo: '<leadbot.7.0.abc@leadbot-sandbox.example>',
      references: ['<leadbot.7.0.abc@leadbot-sandbox.example>'],
      date: new Date('2026-11-28T14:00:00Z'),
    },
    identity,
  );

const headerBlock = (raw: string) => raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');

let standIn: StandIn | undefined;
let smtp: SMTPServer | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  smtp = undefined;
});

describe('outbox transport', () => {
  it('writes an RFC 5322 .eml that parses back with every header, and reconciles by Message-ID', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const transport = createOutboxTransport({ dir });
    const message = followUp();
    expect(await transport.reconcile(message.messageId)).toBe('not_sent');
    await transport.send(message);
    expect(await transport.reconcile(message.messageId)).toBe('sent');
    const raw = readFileSync(join(dir, outboxFileName(message.messageId)), 'utf8');
    const mail = await simpleParser(raw);
    expect(mail.messageId).toBe(message.messageId);
    expect(mail.inReplyTo).toBe('<leadbot.7.0.abc@leadbot-sandbox.example>');
    expect(mail.references).toBe('<leadbot.7.0.abc@leadbot-sandbox.example>');
    expect(mail.subject).toBe('Re: Harbor Clinic: $18k a year?');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('pat@harbor.example');
    expect(mail.date?.toISOString()).toBe('2026-11-28T14:00:00.000Z');
    const head = headerBlock(raw);
    expect(head).toMatch(/^List-Unsubscribe: <https:\/\/leadbot\.sandbox\.example\/u\/[\w-]+\.[\w-]+>, <mailto:/m);
    expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(mail.text).toContain('1 Sandbox Way, Buffalo, NY 14201');
  });

  it('DKIM-signs with List-Unsubscribe and List-Unsubscribe-Post among the signed headers', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const transport = createOutboxTransport({
      dir,
      dkim: {
        domainName: 'leadbot-sandbox.example',
        keySelector: 'lb1',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    });
    const message = followUp();
    await transport.send(message);
    const head = headerBlock(readFileSync(join(dir, outboxFileName(message.messageId)), 'utf8'));
    const signature = /^DKIM-Signature: (.*)$/m.exec(head)?.[1] ?? '';
    const signed = /(?:^|;)h=([^;]+)/.exec(signature.replace(/\s+/g, ''))?.[1]?.toLowerCase().split(':') ?? [];
    expect(signature).toMatch(/d=leadbot-sandbox\.example/);
    expect(signed).toContain('list-unsubscribe');
    expect(signed).toContain('list-unsubscribe-post');
  });
});

describe('smtp transport', () => {
  it('delivers through a real SMTP server that receives the whole message', async () => {
    const received: { from?: string; to: string[]; raw: string }[] = [];
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp!.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${port}` });
    const result = await transport.send(followUp());
    expect(result.status).toBe('sent');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ from: 'ana@leadbot-sandbox.example', to: ['pat@harbor.example'] });
    const head = headerBlock(received[0]!.raw);
    expect(head).toMatch(/^Message-ID: <leadbot\.7\.1\.abc@leadbot-sandbox\.example>$/m);
    expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(await transport.reconcile('<x@y>')).toBe('unknown');
  });

  it('reports a refused recipient as refused for good', async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('5.1.1 User unknown'), { responseCode: 550 }));
      },
    });
    await new Promise<void>((resolve) => smtp!.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${port}` });
    expect(await transport.send(followUp())).toMatchObject({
      status: 'recipient_refused',
      reason: 'SMTP RCPT TO: 550 5.1.1 User unknown',
    });
  });
});

describe('sendgrid transport', () => {
  it('posts to /v3/mail/send with our Message-ID and list headers', async () => {
    standIn = await startStandIn((req, res) => {
      if (req.path !== '/v3/mail/send' || req.headers.authorization !== 'Bearer SG.test')
        return sendJson(res, 401, { errors: [{ message: 'bad key' }] });
      res.writeHead(202, { 'x-message-id': 'sg-123' }).end();
    });
    const transport = createSendgridTransport({ apiKey: 'SG.test', baseUrl: standIn.url });
    const result = await transport.send(followUp());
    expect(result).toEqual({ status: 'sent', response: '202 sg-123' });
    const body = JSON.parse(standIn.requests[0]!.body) as {
      from: { email: string; name: string };
      personalizations: { to: { email: string }[] }[];
      headers: Record<string, string>;
    };
    expect(body.from).toEqual({ email: 'ana@leadbot-sandbox.example', name: 'Ana Ruiz' });
    expect(body.personalizations[0]!.to[0]!.email).toBe('pat@harbor.example');
    expect(body.headers['Message-ID']).toBe('<leadbot.7.1.abc@leadbot-sandbox.example>');
    expect(body.headers['In-Reply-To']).toBe('<leadbot.7.0.abc@leadbot-sandbox.example>');
    expect(body.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('reports a rejected key as a broken sender', async () => {
    standIn = await startStandIn((_req, res) =>
      sendJson(res, 401, { errors: [{ message: 'The provided authorization grant is invalid' }] }),
    );
    const transport = createSendgridTransport({ apiKey: 'SG.bad', baseUrl: standIn.url });
    expect(await transport.send(followUp())).toEqual({
      status: 'sender_broken',
      reason: 'SendGrid 401: The provided authorization grant is invalid',
    });
  });
});
