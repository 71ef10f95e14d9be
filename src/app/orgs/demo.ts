import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTx } from '../../store/db.ts';
import { indexWords } from '../search-words.ts';
import { createOrganisation, type CreatedOrg, type OrgSpec } from './create-organisation.ts';
import { generateDemoCases, type DemoPlan, type DemoSite } from './demo-cases.ts';
import { fill, mulberry32, SURNAMES, TEMPLATES, TITLES } from './demo-content.ts';

export const DEMO_PASSWORD = 'qingting-demo';

const PROJECTS = [
  { key: 'cuihu', name: '翠湖花园管理处', region: 'east' },
  { key: 'binjiang', name: '滨江一号管理处', region: 'east' },
  { key: 'nanshan', name: '南山名苑管理处', region: 'south' },
  { key: 'xiangmi', name: '香蜜湖畔管理处', region: 'south' },
];
const DEPARTMENTS = [
  { key: 'service', name: '客服中心', head: '客服主管' },
  { key: 'engineering', name: '工程部', head: '工程部经理' },
  { key: 'security', name: '秩序维护部', head: '秩序维护部主管' },
  { key: 'environment', name: '环境部', head: '环境部主管' },
];
const STAFF_NAMES = ['张伟', '刘洋', '杨帆', '黄磊', '徐静', '朱琳', '胡军', '高峰', '罗敏', '梁勇', '宋佳', '郑浩', '谢婷', '韩冰', '冯雪'];

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
    trade: 'property',
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
      u('securityhead', '秩序维护部主管 邓辉', ['department_head'], 'cuihu.security'),
      u('envhead', '环境部主管 曹颖', ['department_head'], 'cuihu.environment'),
      ...otherProjectsStaff(u),
    ],
  };
}

/** The other three projects: a front desk (南山名苑's is `agent2`) and a head for each department. */
function otherProjectsStaff(u: (username: string, name: string, roles: OrgSpec['users'][number]['roles'], unit: string) => OrgSpec['users'][number]) {
  const users: OrgSpec['users'] = [];
  let n = 0;
  for (const p of PROJECTS.slice(1)) {
    const short = p.name.replace('管理处', '');
    if (p.key !== 'nanshan') users.push(u(`${p.key}-desk`, `${short}前台 ${STAFF_NAMES[n++]}`, ['agent'], `${p.key}.service`));
    for (const d of DEPARTMENTS) users.push(u(`${p.key}-${d.key}`, `${short}${d.head} ${STAFF_NAMES[n++ % STAFF_NAMES.length]}`, ['department_head'], `${p.key}.${d.key}`));
  }
  return users;
}

export async function createDemoOrg(pool: pg.Pool, adminPassword: string): Promise<CreatedOrg> {
  return withTx(pool, (tx) => createOrganisation(tx, demoSpec(adminPassword)));
}

/** Who works each project in the demo (README lists them): 翠湖花园 has a handler per department; the other
 * projects' department heads do the work themselves. */
export function propertyPlan(): DemoPlan {
  const sites: DemoSite[] = PROJECTS.map((p) => {
    const departments = Object.fromEntries(DEPARTMENTS.map((d) => [d.key, { handler: `${p.key}-${d.key}`, head: `${p.key}-${d.key}` }]));
    return { unit: p.key, place: p.name.replace('管理处', ''), desk: p.key === 'nanshan' ? 'agent2' : `${p.key}-desk`, departments };
  });
  sites[0] = {
    unit: 'cuihu', place: '翠湖花园', desk: 'agent',
    departments: {
      engineering: { handler: 'handler', head: 'head' }, environment: { handler: 'handler2', head: 'envhead' },
      security: { handler: 'guard', head: 'securityhead' }, service: { handler: 'servicehead', head: 'servicehead' },
    },
  };
  return { sites, templates: TEMPLATES, center: 'center', room: true };
}

/** Realistic cases in every state over all four projects (see demo-cases.ts). Deterministic for a seed. */
export async function generateLifecycleCases(pool: pg.Pool, org: CreatedOrg, count: number, seed = 42, until = new Date()) {
  await generateDemoCases(pool, org, propertyPlan(), count, seed, until);
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
    const cols: unknown[][] = Array.from({ length: 21 }, () => []);
    for (let i = 0; i < n; i++) {
      // One case in 40 belongs to a burst (the first category at the first project in the last 3 days), so the
      // dashboard has a surge to show (analytics, issue 10).
      const burst = (done + i) % 40 === 39;
      const t = pick(TEMPLATES);
      const subject = fill(t.subject, rnd);
      const content = fill(t.content, rnd);
      const name = pick(SURNAMES) + pick(TITLES);
      const created = new Date(now - rnd() * (burst ? 3 : 365) * 86400_000);
      const status = pick(statuses);
      // The outcome the analytics read: an invalid share, resolution times and the return visit's three answers.
      const invalid = status === 'closed' && rnd() < 0.08;
      const resolvedAt = !invalid && ['resolved', 'visited', 'closed'].includes(status) ? new Date(created.getTime() + (2 + rnd() * 70) * 3600_000) : null;
      const visited = resolvedAt && (status === 'visited' || (status === 'closed' && rnd() < 0.85));
      const visitedAt = visited ? new Date(resolvedAt.getTime() + (1 + rnd() * 20) * 3600_000) : null;
      const sat = rnd();
      const row = [
        randomUUID(), `BULK-${seed}-${String(done + i).padStart(7, '0')}`, t.kind, pick(channels), status, subject, content, name,
        `1${pick(['38', '39', '58', '86'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`, burst ? projects![0]! : pick(projects!), pick(departments!),
        pick(agents!), created, indexWords(subject, content, name), burst ? categories![0]! : pick(categories!),
        invalid ? 'invalid' : status === 'registered' ? 'pending' : 'valid', resolvedAt, visitedAt, visited ? true : null,
        visited ? rnd() < 0.9 : null, visited ? (sat < 0.7 ? 'satisfied' : sat < 0.9 ? 'basically_satisfied' : 'dissatisfied') : null,
      ];
      row.forEach((v, k) => cols[k]!.push(v));
    }
    await withTx(pool, async (tx) => {
      await tx.query(
        `insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_name, customer_phone, unit_id,
            department_id, first_responder_id, registered_by, created_at, updated_at, search_words, category_id,
            validity, resolved_at, visited_at, visit_reached, visit_resolved, visit_satisfaction)
         select $1, u.id, u.number, u.kind, u.channel, u.status, u.subject, u.content, u.cname, u.phone, u.unit, u.dept, u.agent, u.agent,
                u.created, u.created, u.words, u.category, u.validity, u.resolved_at, u.visited_at, u.reached, u.vresolved, u.satisfaction
           from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                       $11::uuid[], $12::uuid[], $13::uuid[], $14::timestamptz[], $15::text[], $16::uuid[], $17::text[], $18::timestamptz[],
                       $19::timestamptz[], $20::boolean[], $21::boolean[], $22::text[])
             as u(id, number, kind, channel, status, subject, content, cname, phone, unit, dept, agent, created, words, category,
                  validity, resolved_at, visited_at, reached, vresolved, satisfaction)`,
        [orgId, ...cols],
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
