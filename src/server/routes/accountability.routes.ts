import type { FastifyInstance, FastifyReply } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import type { Actor, Clock, Ctx } from '../../app/context.ts';
import { checkEffectiveness, completeCorrective, createCorrective, getCorrective, listCorrective } from '../../app/accountability/corrective.ts';
import { draftYearEnd, getYearEnd, listFines, moveFine, postYearEnd, statement, type FineMove } from '../../app/accountability/ledger.ts';
import { appealMalicious, assessCase, caseAccountability, decideMaliciousAppeal, redetermineValidity, setLiability } from '../../app/accountability/liability.ts';
import { setLegalHold, runRetention } from '../../app/accountability/retention.ts';
import { createReview, listDifficult, listReviews, markDifficult, reviewPack, unmarkDifficult } from '../../app/accountability/reviews.ts';
import { loadAccountabilitySettings, requireAbility, updateAccountabilitySettings } from '../../app/accountability/settings.ts';
import { ErrorBody, IdParams, Items, NoContent } from '../../contract/api.ts';
import { PARTY_ROLES } from '../../domain/penalties.ts';
import { withTx } from '../../store/db.ts';
import { requireActor } from '../auth.ts';
import type { ZodInputs } from '../contract.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).optional();
const Obj = z.looseObject({});
const RunParams = z.strictObject({ runId: z.uuid() });
const ActionParams = z.strictObject({ actionId: z.uuid() });
function doc<R extends Record<number, z.ZodType>, T extends { params?: z.ZodType; body?: z.ZodType; querystring?: z.ZodType } = object>(summary: string, response: R, parts?: T) {
  return { schema: { summary, tags: ['accountability'], ...(parts as T), response: { ...response, '4XX': ErrorBody } } };
}

const Liability = z.strictObject({
  party: z.enum(['store', 'agent', 'staff', 'none']),
  store_unit_id: z.uuid().nullable().optional(),
  people: z.partialRecord(z.enum(PARTY_ROLES), z.uuid()).optional(),
  at_fault: z.boolean().optional(),
  media: z.array(z.enum(['newspaper', 'tv'])).max(2).optional(),
});
const Fine = z.looseObject({ id: z.uuid(), rule_code: z.string(), amount_fen: z.number(), state: z.string(), shares: z.array(Obj) });
const FinesQuery = z.strictObject({
  case_id: z.uuid().optional(),
  state: z.enum(['notice', 'paid', 'waived', 'appealed', 'upheld', 'overturned', 'recorded', 'withdrawn']).optional(),
  unit_id: z.uuid().optional(),
  user_id: z.uuid().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
const StatementQuery = z.strictObject({ unit_id: z.uuid().optional(), user_id: z.uuid().optional(), year: z.coerce.number().int().min(2000).max(2100).optional() });
const FineBody = z.strictObject({ reason: optText(2000), evidence: optText(4000), note: optText(2000) });
const YearBody = z.strictObject({ year: z.number().int().min(2000).max(2100) });
const CorrectiveBody = z.strictObject({
  title: text(200),
  case_ids: z.array(z.uuid()).max(500).optional(),
  category_id: z.uuid().nullable().optional(),
  unit_id: z.uuid().nullable().optional(),
  root_cause: text(4000),
  plan: text(4000),
  owner_id: z.uuid(),
  due_at: z.iso.datetime({ offset: true }),
  check_after_days: z.number().int().min(1).max(365).optional(),
});
const CorrectiveQuery = z.strictObject({ state: z.enum(['open', 'done', 'closed']).optional(), overdue: z.enum(['0', '1']).optional() });
const ReviewBody = z.strictObject({
  kind: z.enum(['handling', 'retrospective']),
  case_id: z.uuid().optional(),
  period_from: z.iso.date().optional(),
  period_to: z.iso.date().optional(),
  score: z.number().int().min(1).max(5).optional(),
  findings: text(8000),
  actions: optText(8000),
});
const PackQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional().meta({ description: 'Start (default: 30 days before `to`)' }),
  to: z.iso.datetime({ offset: true }).optional().meta({ description: 'End, exclusive (default: now)' }),
});
const Pack = z.looseObject({ period: Obj, figures: Obj, trend: Obj, top_causes: z.array(Obj), corrective_actions: Obj, fines: Obj });

/** Accountability (issue 12): penalty settings, liability and the fines ledger, the year-end run, corrective
 * actions, reviews and the management review pack, difficult customers, retention. */
export async function accountabilityRoutes(app: FastifyInstance, opts: { pool: pg.Pool; clock: Clock; dataDir: string }) {
  const { pool, clock } = opts;
  const r = app.withTypeProvider<ZodInputs>();
  const tx = <T>(actor: Actor, fn: (ctx: Ctx) => Promise<T>) => withTx(pool, (t) => fn({ tx: t, actor, clock }));

  r.get('/api/v1/admin/accountability-settings', doc('The penalty rules, year-end ranking and retention periods in force', { 200: Obj }), async (req) => {
    const actor = requireActor(req);
    requireAbility(actor, 'administer');
    return loadAccountabilitySettings(pool, actor.orgId);
  });
  r.put('/api/v1/admin/accountability-settings', doc('Set the penalty rules or the retention periods (replacing the trade’s preset)', { 200: Obj }, { body: z.looseObject({}) }), async (req) => tx(requireActor(req), (ctx) => updateAccountabilitySettings(ctx, req.body)));

  const Reconciled = z.looseObject({ fines: z.array(Fine), gaps: z.array(Obj), issued: z.array(z.uuid()), withdrawn: z.array(z.uuid()), flagged: z.array(z.uuid()) });
  r.get('/api/v1/accountability/cases/:id', doc('A case’s liability as recorded, its fines and any appeal of a malicious determination', { 200: Obj }, { params: IdParams }), async (req) =>
    tx(requireActor(req), (ctx) => caseAccountability(ctx, req.params.id)));
  r.put('/api/v1/accountability/cases/:id/validity', doc('Find an accepted case valid, invalid or malicious after all; its fines follow', { 200: Reconciled }, { params: IdParams, body: z.strictObject({ validity: z.enum(['valid', 'invalid', 'malicious']), reason: text(2000) }) }), async (req) =>
    tx(requireActor(req), (ctx) => redetermineValidity(ctx, req.params.id, req.body)));
  r.put('/api/v1/accountability/cases/:id/liability', doc('Record who a case holds accountable; its fines follow (issued, withdrawn while a notice, paid ones flagged for refund)', { 200: Reconciled }, { params: IdParams, body: Liability }), async (req) =>
    tx(requireActor(req), (ctx) => setLiability(ctx, req.params.id, req.body)));
  r.post('/api/v1/accountability/cases/:id/assess', doc('Apply the penalty rules to a case (idempotent: one standing fine per rule per case)', { 200: Reconciled }, { params: IdParams, body: z.strictObject({}).optional() }), async (req) =>
    tx(requireActor(req), (ctx) => assessCase(ctx, req.params.id)));
  r.post('/api/v1/accountability/cases/:id/malicious-appeal', doc('Appeal a malicious determination with evidence', { 200: Obj }, { params: IdParams, body: z.strictObject({ reason: text(2000), evidence: optText(4000) }) }), async (req) =>
    tx(requireActor(req), (ctx) => appealMalicious(ctx, req.params.id, req.body)));
  r.post('/api/v1/accountability/cases/:id/malicious-appeal/decision', doc('Decide an appeal of a malicious determination', { 200: Obj }, { params: IdParams, body: z.strictObject({ decision: z.enum(['upheld', 'overturned']), note: optText(2000) }) }), async (req) =>
    tx(requireActor(req), (ctx) => decideMaliciousAppeal(ctx, req.params.id, req.body)));
  r.put('/api/v1/accountability/cases/:id/legal-hold', doc('Set or lift a legal hold on a case (its personal data is kept past retention)', { 200: Obj }, { params: IdParams, body: z.strictObject({ hold: z.boolean(), reason: text(500) }) }), async (req) =>
    tx(requireActor(req), (ctx) => setLegalHold(ctx, req.params.id, req.body.hold, req.body.reason)));

  r.get('/api/v1/accountability/fines', doc('The fines ledger', { 200: Items(Fine) }, { querystring: FinesQuery }), async (req) => {
    const actor = requireActor(req);
    requireAbility(actor, 'account');
    return { items: await listFines(pool, actor, req.query as z.output<typeof FinesQuery>, clock.now()) };
  });
  for (const move of ['pay', 'waive', 'appeal', 'uphold', 'overturn'] as const satisfies FineMove[]) {
    r.post(`/api/v1/accountability/fines/:id/${move}`, doc(`Fine: ${move}`, { 200: Fine }, { params: IdParams, body: FineBody }), async (req) =>
      tx(requireActor(req), (ctx) => moveFine(ctx, req.params.id, move, req.body)));
  }
  r.get('/api/v1/accountability/statements', doc('A unit’s or a person’s statement: fines charged, owed, paid, and redistribution received', { 200: Obj }, { querystring: StatementQuery }), async (req) =>
    statement(pool, requireActor(req), req.query as z.output<typeof StatementQuery>, clock.now()));
  r.post('/api/v1/accountability/year-end', doc('Draft the year-end ranking fines for review', { 200: Obj }, { body: YearBody }), async (req) => tx(requireActor(req), (ctx) => draftYearEnd(ctx, req.body.year)));
  r.get('/api/v1/accountability/year-end/:runId', doc('A year-end run (draft or posted)', { 200: Obj }, { params: RunParams }), async (req) => {
    const actor = requireActor(req);
    requireAbility(actor, 'account');
    return getYearEnd(pool, actor.orgId, req.params.runId);
  });
  r.post('/api/v1/accountability/year-end/:runId/post', doc('Post a reviewed year-end draft as fines', { 200: Obj }, { params: RunParams, body: z.strictObject({}).optional() }), async (req) =>
    tx(requireActor(req), (ctx) => postYearEnd(ctx, req.params.runId)));

  r.get('/api/v1/corrective-actions', doc('Corrective actions 整改', { 200: Items(Obj) }, { querystring: CorrectiveQuery }), async (req) => {
    const actor = requireActor(req);
    requireAbility(actor, 'analyse');
    const q = req.query as z.output<typeof CorrectiveQuery>;
    return { items: await listCorrective(pool, actor, { state: q.state, overdue: q.overdue === undefined ? undefined : q.overdue === '1' }, clock.now()) };
  });
  r.post('/api/v1/corrective-actions', doc('Open a corrective action from cases or a category at a place', { 201: Obj }, { body: CorrectiveBody }), async (req, reply: FastifyReply) => {
    const out = await tx(requireActor(req), (ctx) => createCorrective(ctx, req.body));
    return reply.code(201).send(out);
  });
  r.get('/api/v1/corrective-actions/:actionId', doc('One corrective action with its effectiveness checks', { 200: Obj }, { params: ActionParams }), async (req) => {
    const actor = requireActor(req);
    requireAbility(actor, 'analyse');
    return getCorrective(pool, actor, req.params.actionId, clock.now());
  });
  r.post('/api/v1/corrective-actions/:actionId/complete', doc('Record the evidence that the corrective action is done', { 200: Obj }, { params: ActionParams, body: z.strictObject({ evidence: text(8000) }) }), async (req) =>
    tx(requireActor(req), (ctx) => completeCorrective(ctx, req.params.actionId, req.body.evidence)));
  r.post('/api/v1/corrective-actions/:actionId/check', doc('Run the effectiveness check: complaints after against before; closes when fewer', { 200: Obj }, { params: ActionParams, body: z.strictObject({}).optional() }), async (req) =>
    tx(requireActor(req), (ctx) => checkEffectiveness(ctx, req.params.actionId)));

  r.get('/api/v1/reviews', doc('Handling reviews and reviews 检讨', { 200: Items(Obj) }, { querystring: z.strictObject({ case_id: z.uuid().optional() }) }), async (req) =>
    ({ items: await listReviews(pool, requireActor(req), { case_id: (req.query as { case_id?: string }).case_id }) }));
  r.post('/api/v1/reviews', doc('Record a handling review (with a score) or a review 检讨 of a case or a period', { 201: Obj }, { body: ReviewBody }), async (req, reply: FastifyReply) => {
    const out = await tx(requireActor(req), (ctx) => createReview(ctx, req.body));
    return reply.code(201).send(out);
  });
  r.get('/api/v1/review-pack', doc('The management review pack of a period (ISO 10002 §8.6)', { 200: Pack }, { querystring: PackQuery }), async (req) => {
    const q = req.query as z.output<typeof PackQuery>;
    const now = clock.now();
    const to = q.to ?? now.toISOString();
    return reviewPack(pool, requireActor(req), q.from ?? new Date(new Date(to).getTime() - 30 * 86_400_000).toISOString(), to, now);
  });

  r.get('/api/v1/difficult-customers', doc('The record of difficult customers, with reasons', { 200: Items(Obj) }), async (req) => ({ items: await listDifficult(pool, requireActor(req)) }));
  r.put('/api/v1/difficult-customers/:id', doc('Record a customer as difficult, with the reason', { 200: Obj }, { params: IdParams, body: z.strictObject({ reason: text(2000) }) }), async (req) =>
    tx(requireActor(req), (ctx) => markDifficult(ctx, req.params.id, req.body.reason)));
  r.delete('/api/v1/difficult-customers/:id', doc('Take a customer off the difficult record', { 204: NoContent }, { params: IdParams }), async (req, reply: FastifyReply) => {
    await tx(requireActor(req), (ctx) => unmarkDifficult(ctx, req.params.id));
    return reply.code(204).send();
  });

  r.post('/api/v1/admin/retention/run', doc('Run retention now: export, then anonymise the personal data of expired cases (dry_run lists them)', { 200: z.looseObject({ cases: z.array(z.string()), anonymised: z.number() }) }, { body: z.strictObject({ dry_run: z.boolean().optional() }) }), async (req) => {
    const actor = requireActor(req);
    requireAbility(actor, 'administer');
    return runRetention(pool, { orgId: actor.orgId, actorId: actor.userId, now: clock.now(), dataDir: opts.dataDir, dryRun: req.body.dry_run ?? false });
  });
}
