import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export interface Dovecot {
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });

const uidOf = (name: string) => Number(execFileSync('id', ['-u', name]).toString().trim());
const gidOf = (name: string) => Number(execFileSync('id', ['-g', name]).toString().trim());

/**
 * A real Dovecot IMAP server (Debian's dovecot-imapd) in a temp dir: its own config, a non-privileged port on
 * 127.0.0.1, one plain-text test user (passwd-file), Maildir storage in the temp dir. Stopped and removed by stop().
 */
export async function startDovecot(): Promise<Dovecot> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qingting-dovecot-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  const user = 'complaints';
  const password = 'imap-test-pass';
  // Mail is never stored as root (Dovecot refuses uid 0): the mail user owns the homes.
  const mailUser = 'dovecot';
  const uid = uidOf(mailUser);
  const gid = gidOf(mailUser);
  const home = path.join(dir, 'home');
  await mkdir(path.join(home, user), { recursive: true });
  await chown(home, uid, gid);
  await chown(path.join(home, user), uid, gid);
  await writeFile(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`, { mode: 0o644 });
  const conf = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
instance_name = qingting-${port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = ${uid}
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${home}/%u
}
service imap-login {
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
service imap-login {
  chroot =
}
`;
  await writeFile(path.join(dir, 'dovecot.conf'), conf, { mode: 0o644 });
  const proc: ChildProcess = spawn('/usr/sbin/dovecot', ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  // Wait until it accepts connections.
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) throw new Error(`dovecot exited: ${stderr}`);
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    if (i > 100) throw new Error(`dovecot did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    user,
    password,
    async stop() {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
