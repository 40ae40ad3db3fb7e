import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';

export interface ImapStandIn {
  url: string;
  messages: { uid: number; raw: string }[];
  commands: string[];
  uidValidity: number;
  close(): Promise<void>;
}

/**
 * A small IMAP4rev1 server (RFC 3501) for one mailbox: LOGIN, CAPABILITY, SELECT/EXAMINE, UID FETCH of
 * BODY.PEEK[] with literals, NOOP, LOGOUT. Enough to exercise a real client's polling loop.
 */
export async function startImapStandIn(options: { user: string; pass: string }): Promise<ImapStandIn> {
  const state: ImapStandIn = { url: '', messages: [], commands: [], uidValidity: 1700000000, close: async () => {} };
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = '';
    socket.write('* OK [CAPABILITY IMAP4rev1] leadbot test IMAP ready\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let nl = buffer.indexOf('\r\n');
      while (nl !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        handle(socket, line);
        nl = buffer.indexOf('\r\n');
      }
    });
  });
  const handle = (socket: Socket, line: string) => {
    state.commands.push(line);
    const m = /^(\S+)\s+(UID\s+)?(\S+)\s*(.*)$/i.exec(line);
    if (!m) return;
    const [, tag, uidPrefix, rawCmd, rest] = m;
    const cmd = rawCmd!.toUpperCase();
    const ok = (text = `${cmd} completed`) => socket.write(`${tag} OK ${text}\r\n`);
    switch (cmd) {
      case 'CAPABILITY':
        socket.write('* CAPABILITY IMAP4rev1\r\n');
        return ok();
      case 'LOGIN': {
        const [user, pass] = [...rest!.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((x) => x[1] ?? x[2]);
        if (user === options.user && pass === options.pass) return ok('[CAPABILITY IMAP4rev1] Logged in');
        return socket.write(`${tag} NO [AUTHENTICATIONFAILED] Invalid credentials\r\n`);
      }
      case 'SELECT':
      case 'EXAMINE': {
        const next = (state.messages.at(-1)?.uid ?? 0) + 1;
        socket.write(
          `* ${state.messages.length} EXISTS\r\n* 0 RECENT\r\n* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)\r\n`,
        );
        socket.write(
          `* OK [UIDVALIDITY ${state.uidValidity}] UIDs valid\r\n* OK [UIDNEXT ${next}] Predicted next UID\r\n`,
        );
        return ok(cmd === 'SELECT' ? '[READ-WRITE] SELECT completed' : '[READ-ONLY] EXAMINE completed');
      }
      case 'FETCH': {
        const range = rest!.split(/\s+/)[0]!;
        const [lo, hi] = range.split(':');
        const min = Number(lo);
        const max = hi === '*' || hi === undefined ? (hi === '*' ? Number.POSITIVE_INFINITY : min) : Number(hi);
        state.messages.forEach((msg, index) => {
          const key = uidPrefix ? msg.uid : index + 1;
          const inRange = key >= min && key <= max;
          // RFC 3501: "n:*" always includes the highest message, even when n is larger.
          const isLast = hi === '*' && index === state.messages.length - 1;
          if (!inRange && !isLast) return;
          const body = Buffer.from(msg.raw, 'utf8');
          socket.write(`* ${index + 1} FETCH (UID ${msg.uid} BODY[] {${body.length}}\r\n`);
          socket.write(body);
          socket.write(')\r\n');
        });
        return ok();
      }
      case 'LOGOUT':
        socket.write('* BYE logging out\r\n');
        ok();
        return socket.end();
      default:
        return ok();
    }
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `imap://${encodeURIComponent(options.user)}:${encodeURIComponent(options.pass)}@127.0.0.1:${port}/INBOX`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}
