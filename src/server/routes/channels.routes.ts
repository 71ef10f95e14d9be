import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { actorForApiToken, createApiToken, listApiTokens, revokeApiToken } from '../../app/channels/api-tokens.ts';
import { acceptTransfer } from '../../app/channels/transfers.ts';
import { getMailbox, saveMailbox } from '../../app/channels/email-in.ts';
import { getWechatAccount, handleWechatMessage, parseWechatXml, passiveTextReply, saveWechatAccount, signatureMatches, wechatAccount } from '../../app/channels/wechat.ts';
import { AppError } from '../../contract/errors.ts';
import { catalogues, format } from '../../contract/i18n/index.ts';
import { z } from 'zod';
import type { Clock } from '../../app/context.ts';
import { ErrorBody, IdParams, Items } from '../../contract/api.ts';
import { MailboxRequest, MailboxView, ApiTokenView, CreateApiTokenRequest, CreatedApiToken, TransferRequest, TransferResult, WechatAccountRequest, WechatAccountView, WechatCallbackQuery, WechatOrgParams } from '../../contract/channels.ts';
import { withTx } from '../../store/db.ts';
import { requireActor } from '../auth.ts';
import type { ZodInputs } from '../contract.ts';

const doc = (summary: string, response: Record<number, unknown>) => ({ summary, tags: ['channels'], response: { ...response, '4XX': ErrorBody } });

/** Channels in (issue 11): organisation API tokens and 12345 transfers. The transfer route is public to the
 * route guard and authenticates the organisation's API token itself. */
export async function channelsRoutes(app: FastifyInstance, opts: { pool: pg.Pool; clock: Clock }) {
  const { pool, clock } = opts;
  const r = app.withTypeProvider<ZodInputs>();
  r.get('/api/v1/admin/api-tokens', { schema: doc('API tokens of external systems (never the tokens themselves)', { 200: Items(ApiTokenView) }) }, async (req) => ({
    items: await listApiTokens(pool, requireActor(req)),
  }));
  r.post('/api/v1/admin/api-tokens', { schema: { ...doc('Create an API token (shown once)', { 201: CreatedApiToken }), body: CreateApiTokenRequest } }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.status(201).send(await withTx(pool, (tx) => createApiToken({ tx, actor, clock }, req.body)));
  });
  r.delete('/api/v1/admin/api-tokens/:id', { schema: { ...doc('Revoke an API token', { 200: ApiTokenView }), params: IdParams } }, async (req) => {
    const actor = requireActor(req);
    return withTx(pool, (tx) => revokeApiToken({ tx, actor, clock }, req.params.id));
  });
  r.post(
    '/api/v1/channels/transfers',
    { schema: { ...doc('Accept an external work order (12345 transfer); idempotent on its number', { 200: TransferResult, 201: TransferResult }), body: TransferRequest } },
    async (req, reply) => {
      const holder = await actorForApiToken(pool, req.headers.authorization);
      const out = await acceptTransfer(pool, holder, clock, req.body);
      return reply.status(out.replayed ? 200 : 201).send(out);
    },
  );

  // WeChat Official Account (plain-text mode): WeChat posts XML; only this plugin's scope reads it.
  app.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
  r.get('/api/v1/admin/channels/wechat', { schema: doc('The WeChat Official Account settings (never the token)', { 200: WechatAccountView }) }, async (req) => getWechatAccount(pool, requireActor(req)));
  r.put('/api/v1/admin/channels/wechat', { schema: { ...doc('Set the WeChat Official Account settings', { 200: WechatAccountView }), body: WechatAccountRequest } }, async (req) => {
    const actor = requireActor(req);
    return withTx(pool, (tx) => saveWechatAccount({ tx, actor, clock }, req.body));
  });
  r.get(
    '/api/v1/channels/wechat/:org',
    { schema: { ...doc('WeChat server URL verification: echoes echostr when the signature is right', { 200: z.string() }), params: WechatOrgParams, querystring: WechatCallbackQuery } },
    async (req, reply) => {
      const account = await wechatAccount(pool, req.params.org);
      if (!account) throw new AppError('not_found');
      if (!signatureMatches(account.token, req.query) || !req.query.echostr) throw new AppError('unauthenticated');
      return reply.type('text/plain; charset=utf-8').send(req.query.echostr);
    },
  );
  r.post(
    '/api/v1/channels/wechat/:org',
    {
      schema: {
        ...doc('WeChat message callback: a follower’s message opens a case or adds to their open one; answers a passive reply', { 200: z.string() }),
        params: WechatOrgParams,
        querystring: WechatCallbackQuery,
        body: z.string().max(64 * 1024).meta({ description: 'The message XML WeChat posts (text/xml)' }),
      },
    },
    async (req, reply) => {
      const account = await wechatAccount(pool, req.params.org);
      if (!account) throw new AppError('not_found');
      if (!signatureMatches(account.token, req.query)) throw new AppError('unauthenticated');
      const msg = parseWechatXml(req.body);
      const out = await handleWechatMessage(pool, account, clock, msg);
      // Nothing to say (an event, an unknown type): WeChat takes "success" as "received, no reply".
      if (out.kind === 'ignored' || !msg.FromUserName || !msg.ToUserName) return reply.type('text/plain; charset=utf-8').send('success');
      const cat = catalogues['zh-CN'].wechat;
      const text = format(out.kind === 'noted' ? cat.noted : cat.opened, { number: out.number });
      return reply.type('application/xml; charset=utf-8').send(passiveTextReply(msg.FromUserName, msg.ToUserName, clock.now(), text));
    },
  );

  // E-mail in: the mailbox polled by the e-mail job (src/jobs/email-poll.job.ts).
  r.get('/api/v1/admin/channels/email', { schema: doc('The organisation’s mailbox settings (never the password)', { 200: MailboxView }) }, async (req) => getMailbox(pool, requireActor(req)));
  r.put('/api/v1/admin/channels/email', { schema: { ...doc('Set the organisation’s mailbox (IMAP)', { 200: MailboxView }), body: MailboxRequest } }, async (req) => {
    const actor = requireActor(req);
    return withTx(pool, (tx) => saveMailbox({ tx, actor, clock }, req.body));
  });
}
