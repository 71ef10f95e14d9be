/** Realistic Chinese demo material for a property-management company (seed 004's 管理处 practice). */

export interface CaseTemplate {
  kind: 'complaint' | 'suggestion' | 'inquiry' | 'praise' | 'request';
  category: string;
  /** The key of the department that handles it (the unit key after the project's, e.g. `engineering`). */
  department: string;
  subject: string;
  content: string;
  desired?: string;
  severity?: 'minor' | 'important' | 'major' | 'crisis';
}

export const TEMPLATES: CaseTemplate[] = [
  { kind: 'complaint', category: 'elevator', department: 'engineering', subject: '{b}号楼电梯频繁故障', content: '{b}号楼{u}单元电梯本周已经停了三次，家里有老人上下楼非常不方便，之前报修过也没有彻底解决。', desired: '尽快彻底维修，并给出维保记录', severity: 'important' },
  { kind: 'complaint', category: 'elevator', department: 'engineering', subject: '电梯困人无人及时处理', content: '今天早上{h}点左右我被困在{b}号楼电梯里二十多分钟，按了紧急按钮很久才有人回应，非常害怕。', desired: '追究责任并道歉', severity: 'major' },
  { kind: 'complaint', category: 'noise', department: 'security', subject: '楼上装修噪音扰民', content: '{b}号楼{r}楼上装修，中午和晚上八点以后还在电钻施工，严重影响休息，找过保安也没人管。', desired: '按装修管理规定限制施工时间', severity: 'minor' },
  { kind: 'complaint', category: 'cleaning', department: 'environment', subject: '楼道垃圾长期无人清理', content: '{b}号楼{u}单元楼道堆放的垃圾已经三天没人清理，气味很大，还有蚊虫。', desired: '每天按时清运', severity: 'minor' },
  { kind: 'complaint', category: 'fees', department: 'service', subject: '物业费收费标准有疑问', content: '今年的物业费账单比去年多了两百多元，没有任何通知和说明，怀疑重复收费。', desired: '出具收费明细，多收的退还', severity: 'important' },
  { kind: 'complaint', category: 'parking', department: 'security', subject: '车位被外来车辆占用', content: '我在地下车库的固定车位{p}号经常被外来车辆占用，门岗放行不登记。', desired: '加强车辆出入管理', severity: 'minor' },
  { kind: 'complaint', category: 'attitude', department: 'service', subject: '前台客服态度恶劣', content: '今天到管理处前台咨询停水的事情，工作人员爱理不理，还说“不知道，自己看通知”。', desired: '工作人员道歉', severity: 'minor' },
  { kind: 'complaint', category: 'water_power', department: 'engineering', subject: '停水未提前通知', content: '小区今天上午突然停水，没有任何提前通知，家里正在做饭，非常不便。', desired: '以后停水停电提前24小时通知', severity: 'important' },
  { kind: 'complaint', category: 'security_guard', department: 'security', subject: '夜间巡逻不到位，电动车被盗', content: '昨晚停在{b}号楼下的电动车被盗，监控显示凌晨两点有人撬锁，期间没有看到保安巡逻。', desired: '调取监控协助报警，赔偿损失', severity: 'major' },
  { kind: 'complaint', category: 'greenery', department: 'environment', subject: '绿化带长期未修剪', content: '小区中心花园的灌木已经长到遮挡路灯，晚上走路看不清，草坪也很久没修剪了。', severity: 'minor' },
  { kind: 'complaint', category: 'security_guard', department: 'security', subject: '地下车库电动车起火', content: '{b}号楼地下车库今晚有电动车充电起火，浓烟进了楼道，消防车来了，业主在群里说要找媒体曝光。', desired: '查明原因，赔偿损失，公开说明', severity: 'crisis' },
  { kind: 'complaint', category: 'public_repair', department: 'engineering', subject: '地下车库渗水', content: '地下车库B区顶部渗水，雨天积水很深，车辆进出困难，墙面也开始发霉。', desired: '查明渗水原因并修复', severity: 'important' },
  { kind: 'complaint', category: 'pests', department: 'environment', subject: '小区老鼠蟑螂多', content: '最近小区老鼠明显增多，晚上在垃圾站附近经常看到，希望尽快做消杀。', severity: 'minor' },
  { kind: 'request', category: 'home_repair', department: 'engineering', subject: '卫生间下水道堵塞报修', content: '{b}号楼{r}卫生间下水道堵塞，水排不下去，请安排维修师傅上门。', severity: 'minor' },
  { kind: 'request', category: 'home_repair', department: 'engineering', subject: '入户门锁损坏报修', content: '{b}号楼{r}入户门锁芯损坏，钥匙拧不动，请尽快上门处理。', severity: 'important' },
  { kind: 'inquiry', category: 'fees', department: 'service', subject: '咨询物业费缴费方式', content: '请问物业费可以用微信缴纳吗？有没有年缴优惠？' },
  { kind: 'inquiry', category: 'renovation', department: 'service', subject: '咨询装修审批流程', content: '新房准备装修，请问需要提交哪些资料，装修押金是多少，多久能退？' },
  { kind: 'inquiry', category: 'parking', department: 'service', subject: '咨询临时停车收费标准', content: '亲戚来访开车进小区，临时停车怎么收费？' },
  { kind: 'suggestion', category: 'facilities', department: 'engineering', subject: '建议增设电动车充电桩', content: '小区电动车越来越多，很多人从楼上拉线充电，存在安全隐患，建议在车棚增设充电桩。' },
  { kind: 'suggestion', category: 'environment', department: 'environment', subject: '建议增加垃圾分类指引', content: '垃圾投放点的分类标识不清楚，建议增加图示和督导员。' },
  { kind: 'praise', category: 'quality', department: 'engineering', subject: '表扬维修师傅认真负责', content: '工程部王师傅昨天冒雨帮我们修好了漏水的水管，态度很好，特此表扬。' },
  { kind: 'praise', category: 'attitude', department: 'service', subject: '感谢前台热情帮助', content: '前台小李帮我家老人代收快递还送上楼，非常贴心，谢谢！' },
];

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'];
export const TITLES = ['先生', '女士', '阿姨', '叔叔'];

export function fill(template: string, rnd: () => number): string {
  const n = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  return template
    .replaceAll('{b}', String(n(1, 18)))
    .replaceAll('{u}', String(n(1, 4)))
    .replaceAll('{r}', `${n(1, 32)}0${n(1, 4)}`)
    .replaceAll('{h}', String(n(7, 9)))
    .replaceAll('{p}', `B${n(1, 3)}-${n(1, 300)}`);
}

/** A small deterministic PRNG so demo data is the same on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
