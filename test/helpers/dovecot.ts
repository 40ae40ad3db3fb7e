import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DOVECOT = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';
export const dovecotAvailable = () => existsSync(DOVECOT);

export interface Dovecot {
  url: string;
  user: string;
  pass: string;
  port: number;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}): ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dovecot did not listen on ${port}: ${log()}`);
}

/**
 * Starts Debian's Dovecot on a loopback port with a throwaway configuration: one passwd-file user, Maildir in a temp
 * folder, plaintext login (loopback only). As root, mail is stored as `nobody`; otherwise as the current user.
 */
export async function startDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'leadbot-dovecot-'));
  chmodSync(dir, 0o755);
  const root = process.getuid?.() === 0;
  const uid = root ? 65534 : process.getuid!();
  const gid = root ? 65534 : process.getgid!();
  const home = join(dir, 'home');
  mkdirSync(home);
  if (root) chownSync(home, uid, gid);
  const port = await freePort();
  const user = 'ana@leadbot-sandbox.example';
  const pass = 'sandbox-pass';
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${pass}\n`);
  const internal = root
    ? ''
    : `default_internal_user = ${process.env.USER ?? 'nobody'}\ndefault_login_user = ${process.env.USER ?? 'nobody'}\n`;
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = ${uid}
last_valid_uid = ${uid}
${internal}mail_location = maildir:${home}/%n/Maildir
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${home}/%n
}
`,
  );
  const child = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  await waitForPort(port, child, () => output);
  return {
    url: `imap://${encodeURIComponent(user)}:${pass}@127.0.0.1:${port}/INBOX`,
    user,
    pass,
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
