import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface SmtpStandIn {
  port: number;
  url: string;
  /** Messages the server accepted (envelope and raw bytes). */
  received: { from?: string; to: string[]; raw: string }[];
  /** Drops every open connection at once, as a crashing server or a broken network would. */
  dropConnections(): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1:0. `options` hooks (onConnect, onAuth, onMailFrom,
 * onRcptTo, onData) make it refuse, greylist or drop like real servers; by default it accepts and records.
 */
export async function startSmtp(options: Partial<SMTPServerOptions> = {}): Promise<SmtpStandIn> {
  const received: SmtpStandIn['received'] = [];
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
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
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const connections = (server as unknown as { connections: Set<{ _socket: { destroy(): void } }> }).connections;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    dropConnections: () => {
      for (const c of connections) c._socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of connections) c._socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening (connections to it are refused). */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** An SMTP reply as smtp-server sends it for an error from a hook. */
export const reply = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });
