import { zhCN as server } from '@contract/i18n/zh-CN.ts';
// Issue 9 administration pages.
import { adminZhCN } from './admin.zh-CN.ts';

/** Every string the staff UI shows, Simplified Chinese (the default). en-US.ts has the same keys. */
export const zhCN = {
  app: { name: '倾听', tagline: '客户投诉处理系统', logout: '退出登录', language: '语言', cases: '工单', register: '登记工单', loading: '加载中…', notFound: '页面不存在', backHome: '返回工单列表', networkError: '无法连接服务器，请检查网络后重试。' },
  login: { title: '登录', username: '用户名', password: '密码', submit: '登录', required: '请填写{field}', demoHint: '演示账号：agent、handler、center，密码 {password}' },
  password: {
    title: '修改密码', current: '当前密码', next: '新密码', confirm: '确认新密码', submit: '修改密码', mismatch: '两次输入的新密码不一致',
    rules: '至少 {min} 个字符，不能全是空格，不能是常见密码或用户名。', forced: '您使用的是临时密码，请先设置新密码再继续。',
    done: '密码已修改，您在其他设备上的登录已退出。', logoutAll: '退出所有设备', logoutAllDone: '已在所有设备上退出登录。', back: '返回',
  },
  list: {
    title: '工单列表', search: '搜索主题、内容、工单号或电话', status: '状态', kind: '类型', severity: '紧急程度', channel: '渠道',
    reset: '清除筛选', total: '共 {n} 条', totalEstimated: '超过 {cap} 条（约 {n} 条）', empty: '没有符合条件的工单', refresh: '刷新',
  },
  fields: {
    number: '工单号', subject: '主题', content: '内容', kind: '类型', channel: '渠道', status: '状态', severity: '紧急程度',
    validity: '有效性', customer: '客户', customer_name: '客户姓名', customer_phone: '联系电话', customer_room: '房号',
    customer_address: '地址', customer_email: '电子邮箱', unit: '所属单位', department: '处理部门', handler: '处理人',
    category: '分类', created_at: '登记时间', updated_at: '更新时间', occurred_at: '发生时间', occurred_place: '发生地点',
    complained_party: '被投诉对象', complained_unit: '被投诉单位', desired_outcome: '客户诉求', external_ref: '外部编号',
    first_responder: '首问责任人', version: '版本', reopen_count: '重开次数', escalation_level: '升级层级',
    invalid_explanation: '无效说明', malicious_reason: '恶意投诉理由', answer: '答复内容', resolution: '处理结果',
    remedy: '补救措施', remedy_types: '补救方式', remedy_amount: '金额（元）', remedy_description: '补救说明',
    investigation: '调查记录', feedback_note: '反馈客户', visit: '回访', visit_satisfaction: '满意度', visit_resolved: '问题是否解决',
    visit_comment: '回访意见', suspend_reason: '挂起原因', return_reason: '退单原因', close_reason: '关闭原因',
    withdraw_reason: '撤诉原因', parent_case: '合并到', note: '备注', reason: '原因', findings: '调查发现', scope: '调查范围',
    method: '调查方式', responsibility: '责任认定', satisfaction: '满意度', resolved: '问题已解决', comment: '意见',
    parent_case_id: '主工单 ID', amount: '数量', sla_unit: '单位', clock: '时限', approver: '审批人', escalation_kind: '升级类型',
    deadline: '督办期限', verdict: '报道是否属实', medium: '澄清媒体', medium_level: '媒体级别', published_on: '刊登日期',
    received_at: '收到时间', requested_due_at: '客户要求完成时间', reached: '已联系上客户', visit_method: '回访方式', visit_reached: '是否联系上',
    decision: '决定内容', crisis_decision: '最高层决定', direct_answer: '当场答复', approval_pending: '待审批',
  },
  detail: {
    back: '返回列表', registered: '登记信息', customer: '客户信息', triage: '受理与分派', handling: '处理与回访', timeline: '处理记录',
    attachments: '附件', noAttachments: '暂无附件', download: '下载', sla: '办理时限', noSla: '暂无时限信息', actions: '可执行操作',
    noActions: '您当前不能对该工单执行任何操作', reveal: '查看完整号码', revealReason: '请填写查看完整号码的原因（将记入审计日志）', revealed: '已显示完整号码（已记录审计）', yes: '是', no: '否',
    system: '系统', mergedCases: '合并进来的工单', dueAt: '截止', remaining: '剩余', overdueBy: '已超时', metAt: '完成于',
    minutes: '{n} 分钟', hours: '{h} 小时 {m} 分', days: '{d} 天 {h} 小时', reloaded: '已重新加载最新版本',
    signoffPending: '待{department}负责人签字认可', authorityPending: '补偿 {amount} 超出处理人权限，待有权限的领导审批', crisisUndecided: '危机事件：须先由投诉中心/最高管理层作出决定，才能答复客户',
    notReached: '未联系上客户', resolvedYes: '问题已解决', resolvedNo: '问题未解决', dissatisfiedVisit: '回访不满意，自动重开',
  },
  action: { submit: '确定', cancel: '取消', done: '操作成功：{action}', conflictReloaded: '工单已被他人修改，已重新加载，请核对后再操作。', pickDepartmentFirst: '请先选择部门' },
  register: {
    title: '登记工单', submit: '登记', reset: '重新填写', created: '登记成功，工单号 {number}', open: '查看工单', another: '再登记一条',
    caseSection: '诉求内容', customerSection: '客户信息', triageSection: '初步分类（可选）', relatedOpen: '该客户另有 {n} 条未结工单',
    tellCustomer: '请告知客户工单号，以便查询进度。',
    timeSection: '收到时间与期限', receivedHint: '信件、意见箱、12345 转办等事后登记的，填写实际收到的时间，时限从该时间起算。',
  },
  validation: { required: '必填', phone: '请填写手机号或带区号的固定电话，如 13812345678、010-12345678、0755-1234567 转 801' },
  sla: {
    clocks: { acknowledge: '受理时限', first_contact: '首次联系时限', resolve: '办结时限', visit: '回访时限', clarify: '媒体澄清时限' } as Record<string, string>,
    states: { running: '计时中', paused: '已暂停', met: '已达成', breached: '已超时' } as Record<string, string>,
  },
  kinds: { complaint: '投诉', suggestion: '建议', inquiry: '咨询', praise: '表扬', request: '报事报修' } as Record<string, string>,
  channels: {
    phone: '电话', visit: '来访', letter: '信件', email: '电子邮件', web: '网站', wechat: '微信', app: 'App', suggestion_box: '意见箱',
    media: '媒体', hotline_transfer: '热线转办', other: '其他', portal: '客户自助',
  } as Record<string, string>,
  severities: { minor: '一般', important: '重要', major: '重大', crisis: '危机' } as Record<string, string>,
  validities: { pending: '待认定', valid: '有效', invalid: '无效', malicious: '恶意' } as Record<string, string>,
  remedyTypes: {
    apology: '道歉', explanation: '解释说明', redo: '返工', replace: '更换', refund: '退款', discount: '折扣', gift: '赠礼',
    repair: '维修', compensation: '赔偿',
  } as Record<string, string>,
  methods: { site_inspection: '现场查看', customer_feedback: '客户反馈', records: '查阅记录', cctv: '监控录像', interview: '人员访谈', other: '其他' } as Record<string, string>,
  responsibilities: { ours: '我方责任', customer: '客户原因', third_party: '第三方', shared: '共同责任', none: '无责任' } as Record<string, string>,
  escalationKinds: { customer_dissatisfied: '客户不满意', handler_cannot_decide: '处理人无法决定', emotional_customer: '客户情绪激动', other: '其他' } as Record<string, string>,
  slaUnits: { natural_hours: '自然小时', natural_days: '自然日', working_hours: '工作小时', working_days: '工作日', end_of_working_day: '当天下班前' } as Record<string, string>,
  mediaVerdicts: { false: '报道不实（需澄清）', true: '报道属实' } as Record<string, string>,
  mediumLevels: { original: '原媒体', same_level: '同级媒体' } as Record<string, string>,
  satisfactions: { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' } as Record<string, string>,
  visitMethods: { phone: '电话', visit: '上门', message: '短信/微信' } as Record<string, string>,
  // Accountability, corrective action, review pack (issue 12).
  accountability: {
    menuFines: '罚款台账', menuCorrective: '整改', menuReviewPack: '管理评审',
    finesTitle: '罚款台账', case: '工单', rule: '规则', store: '门店', amount: '金额（元）', state: '状态', due: '缴款期限', overdue: '已逾期', shares: '承担',
    pay: '已缴', waive: '免除', appeal: '申诉', uphold: '维持', overturn: '撤销', reason: '申诉理由', done: '已更新',
    states: { notice: '已通知', paid: '已缴', waived: '已免除', appealed: '申诉中', upheld: '申诉驳回', overturned: '已撤销', recorded: '已记录（无金额）' } as Record<string, string>,
    rules: { store_complaint: '门店被投诉', agent_complaint: '经纪人被投诉', newspaper_exposure: '报社曝光', tv_exposure: '电视曝光', takeover_fee: '投诉中心处理费', staff_complaint: '员工被投诉' } as Record<string, string>,
    yearEndRule: '年度投诉排名第{rank}名',
    yearEnd: '年度排名罚款', year: '年度', draft: '生成草稿', post: '确认发布', rank: '名次', complaintCount: '投诉数', tied: '并列', posted: '已发布', seedText: '制度原文',
    correctiveTitle: '整改', title: '标题', owner: '负责人', deadline: '期限', check: '效果验证', checkDue: '验证日期', before: '整改前', after: '整改后', effective: '有效', notEffective: '无效，重新整改',
    correctiveStates: { open: '进行中', done: '待验证', closed: '已关闭' } as Record<string, string>,
    packTitle: '管理评审资料', period: '期间', print: '打印', figures: '指标', cases: '工单数', complaints: '投诉数', validityRate: '有效率', closureRate: '结案率', inTimeRate: '按时办结率', satisfactionRate: '满意率',
    previous: '上期', change: '变化', topCauses: '主要问题类别', openActions: '未关闭整改', overdueActions: '逾期整改', fines: '罚款', charged: '应缴', paid: '已缴', owed: '未缴', lastReview: '上次评审截至', none: '无',
  },
  roles: { agent: '前台客服', handler: '处理人', department_head: '部门负责人', unit_manager: '单位经理', complaint_center: '投诉中心', admin: '管理员', auditor: '审计' } as Record<string, string>,
  // Analytics (issue 10): the dashboard, the reports and the exports.
  analytics: {
    menu: '统计分析', dashboard: '管理驾驶舱', monthlyReport: '月度报告', yearReport: '年度专题分析', month: '本月', year: '本年',
    last30: '近30天', period: '统计期间', unitScope: '范围', print: '打印', exportXlsx: '导出 Excel', exportCsv: '导出 CSV',
    exporting: '正在导出…已接收 {n} KB', exported: '导出完成', noData: '暂无数据', drill: '查看工单',
    rates: {
      response: '响应率', resolution: '解决率', satisfaction: '满意率', composite: '综合得分', direct_answer: '当场答复率',
      return_visit: '回访率', reopen: '重开率', escalation: '升级率', extension: '延期率', repeat: '重复投诉率',
      invalid_share: '无效投诉占比', malicious_share: '恶意投诉占比', withdrawn_share: '撤诉占比',
      on_time_acknowledge: '受理及时率', on_time_first_contact: '首次联系及时率', on_time_resolve: '办结及时率', on_time_visit: '回访及时率',
    } as Record<string, string>,
    counts: { registered: '登记', valid: '有效', merged: '合并', withdrawn: '撤诉', invalid: '无效', malicious: '恶意', resolved: '已办结', visited: '已回访' } as Record<string, string>,
    per100: '每百户投诉', lastYearValue: '去年同期', previousValue: '上期', vsPrevious: '环比', vsLastYear: '同比', handling: '处理时长（工作小时）', mean: '平均', median: '中位数', p90: '90分位',
    trend: '登记量趋势', pareto: '投诉分类排列图（帕累托）', cumulative: '累计占比', channels: '渠道分布', units: '单位热力表',
    hotIssues: '热点问题', surges: '突增预警', surgeMethod: '方法：近7天数量与前4周周均值比较，单侧泊松检验 p < {alpha}，且不少于 {min} 件',
    observed: '近7天', expected: '基线（周均）', category: '分类', place: '地点', building: '楼栋', count: '件数', unit: '单位',
    similar: '相似投诉（跨客户、跨分类）', similarGroup: '{n} 件相似投诉，{customers} 位客户，{units}；分类：{categories}',
    league: '单位排名（不含无效、恶意）', topCauses: '主要问题', openCases: '未结工单', generatedAt: '生成时间 {at}',
  },
  actions: server.actions,
  statuses: server.statuses,
  // Issue 9 administration pages.
  admin: adminZhCN,
};

export type Messages = typeof zhCN;
