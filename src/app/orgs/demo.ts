import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTx } from '../../store/db.ts';
import { actorFor } from '../auth/sessions.ts';
import { registerCase } from '../cases/register-case.ts';
import { takeAction } from '../cases/take-action.ts';
import type { Actor, Clock } from '../context.ts';
import { indexWords } from '../search-words.ts';
import { createOrganisation, type CreatedOrg, type OrgSpec } from './create-organisation.ts';
import { fill, mulberry32, SURNAMES, TEMPLATES, TITLES } from './demo-content.ts';

export const DEMO_PASSWORD = 'qingting-demo';

const PROJECTS = [
  { key: 'cuihu', name: '翠湖花园管理处', region: 'east' },
  { key: 'binjiang', name: '滨江一号管理处', region: 'east' },
  { key: 'nanshan', name: '南山名苑管理处', region: 'south' },
  { key: 'xiangmi', name: '香蜜湖畔管理处', region: 'south' },
];
const DEPARTMENTS = [
  { key: 'service', name: '客服中心' },
  { key: 'engineering', name: '工程部' },
  { key: 'security', name: '秩序维护部' },
  { key: 'environment', name: '环境部' },
];

/** The demo organisation: a property-management company, two regions, four projects with four departments
 * each, a company complaint center, and a user for every role (README lists them). */
export function demoSpec(adminPassword: string): OrgSpec {
  const units: OrgSpec['units'] = [
    { key: 'company', kind: 'company', name: '安居物业服务集团' },
    { key: 'center', kind: 'department', name: '客户投诉中心', parent: 'company', is_complaint_center: true },
    { key: 'east', kind: 'region', name: '华东区域', parent: 'company' },
    { key: 'south', kind: 'region', name: '华南区域', parent: 'company' },
  ];
  for (const p of PROJECTS) {
    units.push({ key: p.key, kind: 'project', name: p.name, parent: p.region });
    for (const d of DEPARTMENTS) units.push({ key: `${p.key}.${d.key}`, kind: 'department', name: d.name, parent: p.key });
  }
  const u = (username: string, display_name: string, roles: OrgSpec['users'][number]['roles'], unit: string, password = DEMO_PASSWORD) => ({ username, display_name, roles, unit, password });
  return {
    slug: 'demo',
    name: '安居物业服务集团（演示）',
    preset: 'property_management',
    units,
    users: [
      u('admin', '系统管理员', ['admin'], 'company', adminPassword),
      u('center', '投诉中心 周敏', ['complaint_center'], 'center'),
      u('auditor', '审计 孙磊', ['auditor'], 'company'),
      u('regional', '华东区域经理 何涛', ['unit_manager'], 'east'),
      u('manager', '翠湖花园经理 林静', ['unit_manager'], 'cuihu'),
      u('agent', '前台 李娜', ['agent'], 'cuihu.service'),
      u('agent2', '前台 陈晨', ['agent'], 'nanshan.service'),
      u('head', '工程部经理 郭强', ['department_head'], 'cuihu.engineering'),
      u('handler', '维修工 王建国', ['handler'], 'cuihu.engineering'),
      u('handler2', '保洁主管 赵丽', ['handler'], 'cuihu.environment'),
      u('guard', '秩序主管 马超', ['handler'], 'cuihu.security'),
      u('servicehead', '客服主管 吴芳', ['department_head'], 'cuihu.service'),
    ],
  };
}

export async function createDemoOrg(pool: pg.Pool, adminPassword: string): Promise<CreatedOrg> {
  return withTx(pool, (tx) => createOrganisation(tx, demoSpec(adminPassword)));
}

async function actorByName(pool: pg.Pool, orgId: string, username: string): Promise<Actor> {
  const r = await pool.query('select * from users where org_id = $1 and username = $2', [orgId, username]);
  return actorFor(pool, r.rows[0]);
}

/**
 * Realistic cases in every state, made through the real use cases (so timelines are real), spread over the
 * last weeks. Deterministic for a given seed.
 */
export async function generateLifecycleCases(pool: pg.Pool, org: CreatedOrg, count: number, seed = 42, until = new Date()) {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const names = ['agent', 'center', 'head', 'handler', 'handler2', 'guard', 'servicehead', 'manager'];
  const actors = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await actorByName(pool, org.orgId, n)] as const)));
  const handlerFor: Record<string, string> = { engineering: 'handler', environment: 'handler2', security: 'guard', service: 'servicehead' };
  const channels = ['phone', 'phone', 'phone', 'visit', 'wechat', 'app', 'web', 'hotline_transfer', 'letter', 'email', 'suggestion_box'] as const;

  for (let i = 0; i < count; i++) {
    const t = pick(TEMPLATES);
    let at = new Date(until.getTime() - rnd() * 40 * 86400_000);
    const clock: Clock = { now: () => at };
    const step = (hours: number) => (at = new Date(Math.min(at.getTime() + hours * 3600_000 * (0.5 + rnd()), until.getTime())));
    const customerPhone = `1${pick(['38', '39', '58', '86', '35', '77'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`;
    const input = {
      kind: t.kind,
      channel: pick(channels),
      subject: fill(t.subject, rnd),
      content: fill(t.content, rnd),
      customer: { name: pick(SURNAMES) + pick(TITLES), phone: customerPhone, room: fill('{b}-{u}-{r}', rnd), address: `翠湖花园${fill('{b}', rnd)}栋` },
      ...(t.desired ? { desired_outcome: t.desired } : {}),
      unit_id: org.units.get('cuihu')!,
      category_id: org.categories.get(t.category)!,
    };
    const agent = actors.agent!;
    const reg = await withTx(pool, (tx) => registerCase({ tx, actor: agent, clock }, input));
    let c = reg.case;
    const act = async (who: string, action: string, body: Record<string, unknown>) => {
      step(action === 'resolve' ? 20 : 3);
      const versioned = !['comment', 'reveal_phone'].includes(action);
      const out = await withTx(pool, (tx) => takeAction({ tx, actor: actors[who]!, clock }, c.id, action, versioned ? { version: c.version, ...body } : body));
      c = out.case;
    };
    const fate = rnd();
    if (t.kind === 'inquiry' && fate < 0.7) {
      await act('agent', 'answer', { answer: '已当场向客户解释，客户表示理解。' });
      continue;
    }
    if (fate < 0.08) continue; // registered
    await act('agent', 'accept', { category_id: input.category_id, severity: t.severity ?? 'minor', validity: fate < 0.11 ? 'invalid' : 'valid', ...(fate < 0.11 ? { invalid_explanation: '经核实不属于物业服务范围，已向客户解释。' } : {}) });
    if (fate < 0.11) {
      await act('agent', 'close', {});
      continue;
    }
    if (fate < 0.16) continue; // accepted
    const dept = `cuihu.${t.department}`;
    const handler = handlerFor[t.department]!;
    await act('agent', 'assign', { department_id: org.units.get(dept), handler_id: actors[handler]!.userId });
    if (fate < 0.26) continue; // assigned
    if (fate < 0.29) {
      await act(handler, 'return', { reason: '不属于本部门职责，请重新派单。' });
      continue;
    }
    await act(handler, 'start', {});
    if (fate < 0.42) continue; // in progress
    if (fate < 0.47) {
      await act(handler, 'suspend', { reason: '等待业主提供现场照片和方便上门的时间。' });
      continue;
    }
    await act(handler, 'investigate', { findings: '现场核实情况属实，已查明原因。', method: ['site_inspection'], responsibility: 'ours' });
    await act(handler, 'resolve', { resolution: '已安排人员处理完毕，并向业主致歉说明。', remedy: { types: ['apology', 'repair'] } });
    if (fate < 0.58) continue; // resolved
    const unhappy = rnd() < 0.12;
    await act('agent', 'visit', { satisfaction: unhappy ? 2 : 4 + Math.round(rnd()), resolved: !unhappy, comment: unhappy ? '问题反复出现，不满意。' : '处理及时，满意。' });
    if (unhappy || fate < 0.66) continue; // reopened or visited
    if (fate < 0.7) {
      await act('agent', 'withdraw', { reason: '业主表示已自行解决，撤回投诉。' }).catch(() => undefined);
      continue;
    }
    await act('agent', 'close', {});
  }
}

/** Many cases fast (for load and search checks): bulk inserts in batches, each with its register event. */
export async function generateBulkCases(pool: pg.Pool, orgId: string, count: number, seed = 7, onProgress?: (done: number) => void) {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const ref = await pool.query(
    `select (select array_agg(id) from units where org_id = $1 and kind = 'project') projects,
            (select array_agg(id) from units where org_id = $1 and kind = 'department') departments,
            (select array_agg(id) from users where org_id = $1 and 'agent' = any(roles)) agents,
            (select array_agg(id) from categories where org_id = $1) categories`,
    [orgId],
  );
  const { projects, departments, agents, categories } = ref.rows[0] as Record<string, string[]>;
  const statuses = ['registered', 'accepted', 'assigned', 'in_progress', 'resolved', 'visited', 'closed', 'closed', 'closed', 'closed'];
  const channels = ['phone', 'visit', 'wechat', 'app', 'web', 'hotline_transfer', 'letter', 'email'];
  const BATCH = 2000;
  const now = Date.now();
  for (let done = 0; done < count; done += BATCH) {
    const n = Math.min(BATCH, count - done);
    const cols: unknown[][] = Array.from({ length: 14 }, () => []);
    for (let i = 0; i < n; i++) {
      const t = pick(TEMPLATES);
      const subject = fill(t.subject, rnd);
      const content = fill(t.content, rnd);
      const name = pick(SURNAMES) + pick(TITLES);
      const created = new Date(now - rnd() * 365 * 86400_000);
      const row = [
        randomUUID(), `BULK-${seed}-${String(done + i).padStart(7, '0')}`, t.kind, pick(channels), pick(statuses), subject, content, name,
        `1${pick(['38', '39', '58', '86'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`, pick(projects!), pick(departments!),
        pick(agents!), created, indexWords(subject, content, name),
      ];
      row.forEach((v, k) => cols[k]!.push(v));
    }
    await withTx(pool, async (tx) => {
      await tx.query(
        `insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_name, customer_phone, unit_id,
            department_id, first_responder_id, registered_by, created_at, updated_at, search_words, category_id)
         select $1, u.id, u.number, u.kind, u.channel, u.status, u.subject, u.content, u.cname, u.phone, u.unit, u.dept, u.agent, u.agent,
                u.created, u.created, u.words, ($16::uuid[])[1 + (random() * (cardinality($16::uuid[]) - 1))::int]
           from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                       $11::uuid[], $12::uuid[], $13::uuid[], $14::timestamptz[], $15::text[])
             as u(id, number, kind, channel, status, subject, content, cname, phone, unit, dept, agent, created, words)`,
        [orgId, ...cols, categories],
      );
      await tx.query(
        `insert into case_events (org_id, case_id, at, actor_id, action, to_status)
         select $1, id, created, agent, 'register', 'registered' from unnest($2::uuid[], $3::timestamptz[], $4::uuid[]) as u(id, created, agent)`,
        [orgId, cols[0], cols[12], cols[11]],
      );
    });
    onProgress?.(done + n);
  }
}
