import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
}

const BOT_USER = 'U0STANDIN01';

async function readArgs(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json')) return raw ? JSON.parse(raw) : {};
  const args: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // WebClient form-encodes objects (blocks, view) as JSON strings, as Slack documents.
    args[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
  }
  return args;
}

/**
 * Slack as an app sees it: the Web API (form-encoded, as WebClient sends it) answering the methods leadbot calls and
 * recording every call — messages, streams (chat.startStream / appendStream / stopStream), the agent surface
 * (assistant.threads.*), views — and, for Socket Mode, `apps.connections.open` handing out a WebSocket URL that sends
 * `hello` and then envelopes (events_api, interactive, slash_commands) the app must acknowledge by envelope_id.
 * `refuse` makes methods answer `{ ok: false, error }` (an older workspace, a missing scope).
 */
export async function startSlackStandIn(
  options: { users?: Record<string, Record<string, unknown>>; refuse?: Record<string, string> } = {},
) {
  const calls: RecordedCall[] = [];
  /** users.info answers: every id is a full member of T0STANDIN01 unless listed here (guests, other teams). */
  const users = options.users ?? {};
  const acks: Record<string, unknown>[] = [];
  let ts = 1_800_000_000;
  const sockets = new Set<WebSocket>();
  const server = createServer(async (req, res) => {
    const method = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/api\//, '');
    const args = await readArgs(req);
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    calls.push({ method, args, token });
    const port = (server.address() as AddressInfo).port;
    const answers: Record<string, () => Record<string, unknown>> = {
      'apps.connections.open': () =>
        token?.startsWith('xapp-')
          ? { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=t-${calls.length}` }
          : { ok: false, error: 'invalid_auth' },
      'auth.test': () => ({
        ok: true,
        user_id: BOT_USER,
        bot_id: 'B0STANDIN01',
        team_id: 'T0STANDIN01',
        user: 'leadbot',
      }),
      'chat.postMessage': () => ({
        ok: true,
        channel: args.channel,
        ts: `${++ts}.000100`,
        message: { text: args.text },
      }),
      'chat.update': () => ({ ok: true, channel: args.channel, ts: args.ts }),
      'chat.startStream': () => ({ ok: true, channel: args.channel, ts: `${++ts}.000300` }),
      'chat.appendStream': () => ({ ok: true, channel: args.channel, ts: args.ts }),
      'chat.stopStream': () => ({ ok: true, channel: args.channel, ts: args.ts, message: { ts: args.ts } }),
      'views.open': () => ({ ok: true, view: { id: `V0${calls.length}`, ...(args.view as object) } }),
      'chat.postEphemeral': () => ({ ok: true, message_ts: `${++ts}.000200` }),
      'conversations.open': () => ({ ok: true, channel: { id: 'D0STANDIN01' } }),
      'users.info': () => ({
        ok: true,
        user: { id: args.user, team_id: 'T0STANDIN01', is_bot: false, ...users[String(args.user)] },
      }),
    };
    const refused = options.refuse?.[method];
    const answer = refused ? { ok: false, error: refused } : (answers[method]?.() ?? { ok: true });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('message', (data) => acks.push(JSON.parse(String(data))));
    socket.on('close', () => sockets.delete(socket));
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0STANDIN01' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let envelopes = 0;
  return {
    botUserId: BOT_USER,
    apiUrl: `${url}/api/`,
    calls,
    acks,
    connected: () => sockets.size > 0,
    /** Sends one envelope over every open socket; returns its envelope_id. */
    send(type: 'events_api' | 'interactive' | 'slash_commands', payload: Record<string, unknown>): string {
      const envelope_id = `env-${++envelopes}`;
      const message = JSON.stringify({
        envelope_id,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: 0,
        retry_reason: '',
      });
      for (const socket of sockets) socket.send(message);
      return envelope_id;
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
