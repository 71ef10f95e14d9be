import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { expect } from 'vitest';
import type { Clocked } from './sla-helpers.ts';

/** A real SMTP server on a free port that keeps what arrives; `reject` makes it refuse recipients (temporarily). */
export async function smtpSink(): Promise<{ port: number; mails: ParsedMail[]; reject: { code: number } | null; close(): Promise<void> }> {
  const state = { mails: [] as ParsedMail[], reject: null as { code: number } | null };
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // The organisation's SMTP account: a wrong password is refused as a real server would.
    onAuth(auth, _session, cb) {
      if (auth.username === 'notice' && auth.password === 'smtp-password-42') cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(_addr, _session, cb) {
      if (state.reject) {
        const err = Object.assign(new Error('mailbox busy'), { responseCode: state.reject.code });
        cb(err);
        return;
      }
      cb();
    },
    onData(stream, _session, cb) {
      simpleParser(stream).then((m) => {
        state.mails.push(m);
        cb();
      }, cb);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    get mails() {
      return state.mails;
    },
    get reject() {
      return state.reject;
    },
    set reject(v) {
      state.reject = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface Received {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local HTTP server standing in for a provider: `check` verifies a request as the provider would and answers. */
export async function providerServer(check: (r: Received) => { status: number; body: unknown }): Promise<{ base: string; received: Received[]; server: Server; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = { method: req.method ?? '', url: new URL(req.url ?? '/', 'http://localhost'), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      const out = check(r);
      res.writeHead(out.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { base: `http://127.0.0.1:${port}`, received, server, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type SmtpSink = Awaited<ReturnType<typeof smtpSink>>;

/** Turns the organisation's e-mail channel on, sending to the test's SMTP sink. */
export async function enableEmail(t: Clocked, sink: SmtpSink) {
  const r = await t.call(t.tokens.admin!, 'PUT', '/api/v1/admin/notify-channels/email', {
    enabled: true,
    config: { host: '127.0.0.1', port: sink.port, from: 'Cuihu <notice@cuihu.example>', user: 'notice', password: 'smtp-password-42' },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r;
}

/** The mails the sink received for one address. */
export const mailsFor = (sink: SmtpSink, addr: string) =>
  sink.mails.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.value.some((v) => v.address === addr)));
