import type pg from 'pg';
import { withTx } from '../../store/db.ts';
import { actorFor } from '../auth/sessions.ts';
import type { CaseRow } from '../cases/case-row.ts';
import { registerCase } from '../cases/register-case.ts';
import { takeAction } from '../cases/take-action.ts';
import type { Actor, Clock } from '../context.ts';
import type { CreatedOrg } from './create-organisation.ts';
import { fill, mulberry32, SURNAMES, TITLES, type CaseTemplate } from './demo-content.ts';

/** Who works a site (a project 管理处 or a store 门店) in the demo: its front desk, and per department the
 * person who does the work and its head (who signs resolutions off). */
export interface DemoSite {
  unit: string;
  /** Address prefix for customers, e.g. 翠湖花园. */
  place: string;
  desk: string;
  departments: Record<string, { handler: string; head: string }>;
}

export interface DemoPlan {
  sites: DemoSite[];
  templates: CaseTemplate[];
  /** The top level: decides crisis cases and approves what lies beyond everyone else's authority. */
  center: string;
  /** Rooms are required by the property preset; a chain's customers give none. */
  room: boolean;
}

const CHANNELS = ['phone', 'phone', 'phone', 'visit', 'wechat', 'app', 'web', 'hotline_transfer', 'letter', 'email', 'suggestion_box'] as const;

/**
 * Realistic cases in every state (registered … closed, merged, withdrawn, awaiting sign-off, not reached on the
 * return visit), spread over every site of the plan, made through the real use cases so that timelines, clocks
 * and approvals are real. Deterministic for a given seed. Every step must succeed: a failing step fails the demo.
 */
export async function generateDemoCases(pool: pg.Pool, org: CreatedOrg, plan: DemoPlan, count: number, seed = 42, until = new Date()) {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const actors = new Map<string, Actor>();
  const actor = async (username: string) => {
    let a = actors.get(username);
    if (!a) {
      const r = await pool.query('select * from users where org_id = $1 and username = $2', [org.orgId, username]);
      if (!r.rowCount) throw new Error(`demo: no user ${username}`);
      a = await actorFor(pool, r.rows[0]);
      actors.set(username, a);
    }
    return a;
  };
  /** Open cases per site with their template: a repeat of the same issue is merged into one of them. */
  const open = new Map<string, { id: string; t: CaseTemplate }[]>();

  for (let i = 0; i < count; i++) {
    // One case in 40 belongs to a burst: the first template at the first site in the last 3 days, so the
    // dashboard has a surge to show (analytics, issue 10).
    const burst = i % 40 === 39;
    const site = burst ? plan.sites[0]! : plan.sites[i % plan.sites.length]!;
    const fate = rnd();
    const settle = rnd();
    const siteOpen = open.get(site.unit) ?? [];
    open.set(site.unit, siteOpen);
    // A repeat submission of an issue still open at the site: registered again, then merged into it.
    const repeatOf = fate >= 0.06 && fate < 0.1 && siteOpen.length > 0 ? pick(siteOpen) : undefined;
    const t = repeatOf?.t ?? (burst ? plan.templates[0]! : pick(plan.templates));
    const staff = site.departments[t.department];
    if (!staff) throw new Error(`demo: site ${site.unit} has no department ${t.department}`);
    let at = new Date(until.getTime() - rnd() * (burst ? 3 : 40) * 86400_000);
    const clock: Clock = { now: () => at };
    const step = (hours: number) => (at = new Date(Math.min(at.getTime() + hours * 3600_000 * (0.5 + rnd()), until.getTime())));
    const categoryId = org.categories.get(t.category);
    if (!categoryId) throw new Error(`demo: no category ${t.category}`);
    const input = {
      kind: t.kind,
      channel: pick(CHANNELS),
      subject: fill(t.subject, rnd),
      content: fill(t.content, rnd),
      customer: {
        name: pick(SURNAMES) + pick(TITLES),
        phone: `1${pick(['38', '39', '58', '86', '35', '77'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`,
        ...(plan.room ? { room: fill('{b}-{u}-{r}', rnd), address: `${site.place}${fill('{b}', rnd)}栋` } : {}),
      },
      ...(t.desired ? { desired_outcome: t.desired } : {}),
      unit_id: org.units.get(site.unit)!,
      category_id: categoryId,
    };
    const desk = await actor(site.desk);
    const reg = await withTx(pool, (tx) => registerCase({ tx, actor: desk, clock }, input));
    let c: CaseRow = reg.case;
    const act = async (who: string, action: string, body: Record<string, unknown> = {}) => {
      step(action === 'resolve' ? 20 : 3);
      const a = await actor(who);
      const versioned = !['comment', 'reveal_phone', 'supervise'].includes(action);
      c = (await withTx(pool, (tx) => takeAction({ tx, actor: a, clock }, c.id, action, versioned ? { version: c.version, ...body } : body))).case;
    };
    const forget = () => {
      const k = siteOpen.findIndex((o) => o.id === c.id);
      if (k >= 0) siteOpen.splice(k, 1);
    };

    // Settled on the spot (004 场景一): most inquiries, and some minor complaints explained at the desk.
    if (repeatOf) {
      await act(site.desk, 'merge', { parent_case_id: repeatOf.id, note: '同一问题的重复反映，合并处理。' });
      continue; // merged
    }
    if ((t.kind === 'inquiry' && settle < 0.7) || (t.kind === 'complaint' && (t.severity ?? 'minor') === 'minor' && settle < 0.1)) {
      await act(site.desk, 'answer', { answer: '已当场向客户解释说明，客户表示理解。', remedy: { types: ['explanation'] } });
      continue;
    }
    if (fate < 0.06) {
      siteOpen.push({ id: c.id, t });
      continue; // registered
    }
    const severity = t.severity ?? 'minor';
    const invalid = fate < 0.12;
    await act(site.desk, 'accept', { category_id: categoryId, severity, validity: invalid ? 'invalid' : 'valid', ...(invalid ? { invalid_explanation: '经核实不属于服务范围，已向客户解释。' } : {}) });
    if (invalid) {
      await act(site.desk, 'close');
      continue;
    }
    siteOpen.push({ id: c.id, t });
    if (fate < 0.16) continue; // accepted
    await act(site.desk, 'assign', { department_id: org.units.get(`${site.unit}.${t.department}`), handler_id: (await actor(staff.handler)).userId });
    if (fate < 0.22) continue; // assigned
    if (fate < 0.25) {
      await act(staff.handler, 'return', { reason: '不属于本部门职责，请重新派单。' });
      continue; // back to accepted
    }
    if (fate < 0.29) {
      await act(site.desk, 'withdraw', { reason: '客户表示已自行解决，撤回投诉。' });
      forget();
      continue; // withdrawn
    }
    await act(staff.handler, 'start');
    if (fate < 0.37) continue; // in progress
    if (fate < 0.41) {
      await act(staff.handler, 'suspend', { reason: '等待客户提供现场照片和方便上门的时间。' });
      continue; // suspended
    }
    // Crisis: nobody answers before the top level has decided (003 第三篇).
    if (severity === 'crisis') await act(plan.center, 'decide', { decision: '由公司统一口径答复，现场先行处置，24小时内书面说明。' });
    await act(staff.handler, 'investigate', { findings: '现场核实情况属实，已查明原因。', method: ['site_inspection'], responsibility: 'ours' });
    // Compensation only where a complaint found us at fault; suggestions and praise get an answer.
    const amount = t.kind === 'complaint' && fate >= 0.5 ? pick([undefined, undefined, 100, 800, 3000]) : undefined;
    await act(staff.handler, 'resolve', t.kind === 'suggestion' || t.kind === 'praise'
      ? { resolution: '已向客户回复采纳情况并致谢。', remedy: { types: ['explanation'] } }
      : {
          resolution: '已安排人员处理完毕，并向客户致歉说明。',
          remedy: amount ? { types: ['apology', 'compensation'], amount, description: '按损失给予补偿' } : { types: ['apology', 'repair'] },
        });
    if (c.approval_pending && fate < 0.55) continue; // resolved, awaiting sign-off
    if (c.approval_pending?.signoff) await act(staff.head, 'approve_resolution', { note: '已核实，签字认可。' });
    if (c.approval_pending?.authority) await act(plan.center, 'approve_resolution', { note: '补偿金额在公司权限内，同意。' });
    forget();
    if (fate < 0.6) continue; // resolved
    if (fate < 0.65) {
      await act(site.desk, 'visit', { reached: false, method: 'phone', comment: '两次来电无人接听，明天再回访。' });
      continue; // resolved, the customer not reached yet
    }
    const unhappy = rnd() < 0.12;
    await act(site.desk, 'visit', unhappy
      ? { reached: true, resolved: false, satisfaction: 'dissatisfied', method: 'phone', comment: '问题反复出现，不满意。' }
      : { reached: true, resolved: true, satisfaction: rnd() < 0.8 ? 'satisfied' : 'basically_satisfied', method: pick(['phone', 'visit', 'message']), comment: '处理及时。' });
    if (unhappy || fate < 0.72) continue; // reopened or visited
    await act(site.desk, 'close');
  }
}
