import type pg from 'pg';
import { withTx } from '../../store/db.ts';
import { createOrganisation, type CreatedOrg, type OrgSpec } from './create-organisation.ts';
import { generateDemoCases, type DemoPlan } from './demo-cases.ts';
import type { CaseTemplate } from './demo-content.ts';
import { DEMO_PASSWORD } from './demo.ts';

/**
 * The agency-chain demo (003 第一篇): a real-estate agency with three stores 门店, a store manager 店长 and
 * an agent 经纪人 in each, and the company complaint center set up by 人事部, so the chain's rules (5 working
 * days, takeover by the complaint center, fines) can be seen. Usernames start with `chain-` (README lists them).
 */
const STORES = [
  { key: 'futian', name: '福田中心店', manager: '店长 陈志强', agent: '经纪人 刘晓东' },
  { key: 'keji', name: '南山科技园店', manager: '店长 黄丽娟', agent: '经纪人 张晨' },
  { key: 'dongmen', name: '罗湖东门店', manager: '店长 王海', agent: '经纪人 李思雨' },
];

export function chainSpec(adminPassword: string): OrgSpec {
  const units: OrgSpec['units'] = [
    { key: 'company', kind: 'company', name: '安家地产经纪有限公司' },
    { key: 'hr', kind: 'department', name: '人事部', parent: 'company' },
    { key: 'center', kind: 'department', name: '公司投诉中心（人事部设立）', parent: 'company', is_complaint_center: true },
  ];
  const users: OrgSpec['users'] = [
    { username: 'chain-admin', display_name: '系统管理员', roles: ['admin'], unit: 'company', password: adminPassword },
    { username: 'chain-hr', display_name: '人事部经理 周永', roles: ['unit_manager'], unit: 'hr', password: DEMO_PASSWORD },
    { username: 'chain-center', display_name: '投诉中心 专员 吴倩', roles: ['complaint_center'], unit: 'center', password: DEMO_PASSWORD },
  ];
  for (const [i, s] of STORES.entries()) {
    units.push({ key: s.key, kind: 'store', name: s.name, parent: 'company' });
    units.push({ key: `${s.key}.sales`, kind: 'department', name: '业务组', parent: s.key });
    // The store manager receives complaints at the store and signs off its resolutions.
    users.push({ username: `chain-store${i + 1}`, display_name: `${s.name} ${s.manager}`, roles: ['agent', 'department_head'], unit: `${s.key}.sales`, password: DEMO_PASSWORD });
    users.push({ username: `chain-agent${i + 1}`, display_name: `${s.name} ${s.agent}`, roles: ['handler'], unit: `${s.key}.sales`, password: DEMO_PASSWORD });
  }
  return { slug: 'demo-chain', name: '安家地产经纪（演示）', preset: 'real_estate_agency', trade: 'agency_chain', units, users };
}

const TEMPLATES: CaseTemplate[] = [
  { kind: 'complaint', category: 'false_listing', department: 'sales', subject: '网上房源与实际不符', content: '在APP上看到的{b}号楼两房报价比实际低了三十万，到店后经纪人说“已经卖了”，又推荐别的房子，明显是虚假房源。', desired: '下架虚假房源并道歉', severity: 'important' },
  { kind: 'complaint', category: 'no_show', department: 'sales', subject: '约好带看经纪人爽约', content: '约好周六上午{h}点看房，我请假带着家人等了一个小时，经纪人电话不接也没人来。', desired: '经纪人当面道歉', severity: 'minor' },
  { kind: 'complaint', category: 'commission', department: 'sales', subject: '佣金比例与约定不一致', content: '签约时经纪人口头承诺佣金按1.5%收取，结算时却要求按2%，并称合同上写的就是2%。', desired: '按约定比例收取，退还多收部分', severity: 'important' },
  { kind: 'complaint', category: 'deposit', department: 'sales', subject: '意向金迟迟不退', content: '交了两万元意向金，业主不卖了，已经过去半个月，门店一直说在走流程，不给退。', desired: '三日内退还意向金', severity: 'major' },
  { kind: 'complaint', category: 'loan_transfer', department: 'sales', subject: '未告知房屋有抵押', content: '签约后才知道房子有银行抵押，经纪人之前说产权清晰，现在贷款和过户都卡住了。', desired: '协助解押，承担延误损失', severity: 'major' },
  { kind: 'inquiry', category: 'loan_transfer', department: 'sales', subject: '咨询过户所需材料', content: '二手房过户需要准备哪些材料？大概需要多长时间？' },
  { kind: 'suggestion', category: 'commission', department: 'sales', subject: '建议公开佣金收费标准', content: '建议门店在显眼位置公示佣金收费标准和服务内容，避免口头约定产生纠纷。' },
  { kind: 'praise', category: 'agent_conduct', department: 'sales', subject: '表扬经纪人专业负责', content: '经纪人帮我们把贷款流程一项项理清楚，周末也陪着去银行，特此表扬。' },
];

function chainPlan(): DemoPlan {
  return {
    sites: STORES.map((s, i) => ({
      unit: s.key, place: s.name, desk: `chain-store${i + 1}`,
      departments: { sales: { handler: `chain-agent${i + 1}`, head: `chain-store${i + 1}` } },
    })),
    templates: TEMPLATES,
    center: 'chain-center',
    room: false,
  };
}

/** Creates the agency-chain demo organisation with `cases` cases in every state over its three stores. */
export async function createChainDemoOrg(pool: pg.Pool, adminPassword: string, cases = 40, slug = 'demo-chain'): Promise<CreatedOrg> {
  const org = await withTx(pool, (tx) => createOrganisation(tx, { ...chainSpec(adminPassword), slug }));
  await generateDemoCases(pool, org, chainPlan(), cases, 7);
  return org;
}
