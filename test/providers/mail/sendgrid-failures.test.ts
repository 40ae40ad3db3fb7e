import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { composeMessage } from '../../../src/pipeline/outreach/compose-message.js';
import { createSendgridTransport } from '../../../src/providers/mail/sendgrid.js';
import { type StandIn, sendJson, startStandIn } from '../../helpers/http-server.js';
import { closedPort } from '../../helpers/smtp-server.js';

const message = () =>
  composeMessage(
    {
      to: 'pat@harbor.example',
      subject: 'Harbor Clinic',
      body: 'Hi Pat,\n\nA short note.\n\nAna',
      messageId: '<leadbot.7.0.abc@leadbot-sandbox.example>',
      date: new Date('2026-11-25T14:00:00Z'),
    },
    {
      from: 'Ana Ruiz <ana@leadbot-sandbox.example>',
      postalAddress: '1 Sandbox Way, Buffalo, NY 14201',
      publicBaseUrl: 'https://leadbot.sandbox.example',
      unsubscribeSecret: 's3cret',
    },
  );

const NOW = Date.parse('2026-11-25T14:00:00Z');
let standIn: StandIn | undefined;
let raw: Server | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
  await new Promise<void>((resolve) => (raw ? raw.close(() => resolve()) : resolve()));
  raw = undefined;
});

/** A SendGrid stand-in answering every request with `status`, `body` and `headers`, as its v3 API documents. */
const answering = async (status: number, body?: unknown, headers: Record<string, string> = {}) => {
  standIn = await startStandIn((_req, res) => {
    if (body === undefined) return void res.writeHead(status, headers).end();
    res.setHeader('content-type', 'application/json');
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    sendJson(res, status, body);
  });
  return createSendgridTransport({ apiKey: 'SG.test-key', baseUrl: standIn.url, timeoutMs: 1_000, now: () => NOW });
};

describe('sendgrid transport: what each answer means', () => {
  it('429 with Retry-After: try again, no sooner than the server asked', async () => {
    const t = await answering(429, { errors: [{ message: 'Too many requests' }] }, { 'retry-after': '120' });
    expect(await t.send(message())).toEqual({
      status: 'retry',
      reason: 'SendGrid 429: Too many requests',
      retryAfterMs: 120_000,
    });
  });

  it("429 with only SendGrid's X-RateLimit-Reset: waits until the reset", async () => {
    const reset = String(NOW / 1000 + 45);
    const t = await answering(429, { errors: [{ message: 'rate limit' }] }, { 'x-ratelimit-reset': reset });
    expect(await t.send(message())).toMatchObject({ status: 'retry', retryAfterMs: 45_000 });
  });

  it('500 and 503: try again', async () => {
    expect(await (await answering(500, { errors: [{ message: 'internal' }] })).send(message())).toMatchObject({
      status: 'retry',
    });
    await standIn?.close();
    expect(await (await answering(503, undefined, { 'retry-after': '5' })).send(message())).toMatchObject({
      status: 'retry',
      retryAfterMs: 5_000,
    });
  });

  it('401 and 403: the sender is broken (nothing about the recipient)', async () => {
    expect(await (await answering(401, { errors: [{ message: 'bad key' }] })).send(message())).toMatchObject({
      status: 'sender_broken',
      reason: 'SendGrid 401: bad key',
    });
    await standIn?.close();
    const forbidden = {
      errors: [{ message: 'The from address does not match a verified Sender Identity', field: 'from' }],
    };
    expect(await (await answering(403, forbidden)).send(message())).toMatchObject({ status: 'sender_broken' });
  });

  it("400 naming the recipient is that recipient's permanent error; any other 400 is a malformed message", async () => {
    const badTo = {
      errors: [{ message: 'Does not contain a valid address.', field: 'personalizations.0.to.0.email' }],
    };
    expect(await (await answering(400, badTo)).send(message())).toMatchObject({
      status: 'recipient_refused',
      reason: 'SendGrid 400: Does not contain a valid address. (personalizations.0.to.0.email)',
    });
    await standIn?.close();
    const badBody = {
      errors: [
        { message: 'The content value must be a string at least one character in length.', field: 'content.0.value' },
      ],
    };
    expect(await (await answering(400, badBody)).send(message())).toMatchObject({ status: 'sender_broken' });
  });

  it('a refused connection was not sent; a request that got no answer (timeout, reset) is uncertain', async () => {
    const refused = createSendgridTransport({
      apiKey: 'SG.test-key',
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
    });
    expect(await refused.send(message())).toMatchObject({
      status: 'retry',
      reason: expect.stringContaining('ECONNREFUSED'),
    });

    // Reads the whole request, then never answers.
    const silent = new Set<import('node:net').Socket>();
    raw = createServer((socket) => {
      silent.add(socket);
      socket.on('data', () => {});
    });
    await new Promise<void>((resolve) => raw!.listen(0, '127.0.0.1', resolve));
    const { port } = raw.address() as AddressInfo;
    const timeout = createSendgridTransport({
      apiKey: 'SG.test-key',
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 300,
    });
    expect(await timeout.send(message())).toMatchObject({
      status: 'uncertain',
      reason: expect.stringContaining('no answer'),
    });
    for (const s of silent) s.destroy();
    await new Promise<void>((resolve) => raw!.close(() => resolve()));

    // Reads the request and hangs up without a reply.
    raw = createServer((socket) => socket.once('data', () => setTimeout(() => socket.destroy(), 20)));
    await new Promise<void>((resolve) => raw!.listen(0, '127.0.0.1', resolve));
    const reset = createSendgridTransport({
      apiKey: 'SG.test-key',
      baseUrl: `http://127.0.0.1:${(raw.address() as AddressInfo).port}`,
    });
    expect(await reset.send(message())).toMatchObject({ status: 'uncertain' });
  });

  it("verify() asks for the key's scopes and sends nothing", async () => {
    standIn = await startStandIn((req, res) =>
      req.path === '/v3/scopes' && req.headers.authorization === 'Bearer SG.test-key'
        ? sendJson(res, 200, { scopes: ['mail.send'] })
        : sendJson(res, 401, { errors: [{ message: 'bad key' }] }),
    );
    const good = createSendgridTransport({ apiKey: 'SG.test-key', baseUrl: standIn.url });
    expect(await good.verify!()).toMatchObject({ ok: true });
    const bad = createSendgridTransport({ apiKey: 'SG.other-key', baseUrl: standIn.url });
    expect(await bad.verify!()).toMatchObject({ ok: false, outcome: 'sender_broken' });
    expect(standIn.requests.every((r) => r.path === '/v3/scopes')).toBe(true);
  });
});
