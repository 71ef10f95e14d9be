import { adminNotifyZhCN } from './admin-notify.zh-CN.ts';

/** Administration pages (issue 9): the `admin` namespace of the zh-CN catalogue. */
export const adminZhCN = {
  menu: { units: '组织架构', users: '用户与角色', categories: '投诉分类', sla: '时限策略', calendar: '工作日历', settings: '流程与组织设置', phrases: '服务用语', templates: '消息模板', outbox: '发送记录', channels: '渠道设置', webhooks: 'Webhook 与 API 令牌', audit: '审计日志' },
  common: {
    add: '新增', save: '保存', cancel: '取消', delete: '删除', edit: '编辑', saved: '已保存', deleted: '已删除', confirmDelete: '确定删除?',
    name: '名称', code: '编码', kind: '类型', active: '启用', inactive: '停用', yes: '是', no: '否', close: '关闭', actions: '操作', none: '无', required: '请填写{field}',
  },
  units: { title: '组织架构', parent: '上级单位', addChild: '新增下级', center: '投诉中心', kinds: { company: '公司', region: '区域', project: '项目', department: '部门' }, rename: '改名',
    note: '可新增、改名、移动和停用单位。移动后,案件和人员仍属原单位,按单位查看的范围随新的上级调整;停用后不再接收新案件、不能再添加人员,也不出现在选择列表中,历史案件仍显示其完整路径。',
    move: '移动', moveTitle: '移动 {name}', newParent: '新的上级单位', moveHint: '连同下级单位一起移动;不能移到自己或下级单位之下,也不能移到部门之下。',
    deactivate: '停用', activate: '启用', deactivateConfirm: '停用 {name}?停用后不再接收新案件,也不能再添加人员。', deactivated: '已停用', activated: '已启用', inactiveTag: '已停用' },
  users: {
    title: '用户与角色', username: '用户名', displayName: '姓名', roles: '角色', unit: '所属单位', password: '初始密码', locale: '语言', status: '状态',
    locked: '已锁定', mustChange: '须改密码', normal: '正常', reset: '重置密码', unlock: '解锁', unlocked: '已解锁',
    resetTitle: '重置 {name} 的密码', resetHint: '留空则生成临时密码,只显示一次;用户下次登录须修改。', newPassword: '新密码(可留空)',
    temporary: '临时密码(只显示这一次,请告知用户):', resetDone: '密码已重置',
  },
  categories: { title: '投诉分类', nameZh: '中文名称', nameEn: '英文名称', parent: '上级分类', sort: '排序' },
  sla: {
    title: '时限策略', family: '预设时限方案', familyHint: '按行业预设;改选后新案件按新方案计时。', chosen: '管理员已选择', byTrade: '按行业默认',
    families: { general: '通用企业', property: '物业服务', agency_chain: '房产中介连锁', restaurant: '餐饮' },
    policies: '时限策略', ladders: '升级阶梯', priority: '优先级', targets: '时限', match: '适用条件', source: '来源', levels: '层级', settings: '预警阈值与时区',
    thresholds: '预警阈值', timeZone: '时区', clocks: { acknowledge: '受理', first_contact: '首次联系', resolve: '处理完成', visit: '回访', clarify: '澄清' },
    unitKinds: { company: '公司', region: '区域', store: '门店', project: '项目', department: '部门' } as Record<string, string>,
    addPolicy: '新增策略', editPolicy: '编辑策略 {name}', addLadder: '新增升级阶梯', editLadder: '编辑升级阶梯 {name}', ladder: '升级阶梯', defaultLadder: '默认阶梯', isDefault: '设为默认阶梯',
    inFamily: '所属方案', anyFamily: '所有方案', any: '不限', policyName: '策略标识(字母、数字、_ . -)', policyNameInvalid: '只能用字母、数字和 _ . -,最多 60 个字符',
    kind: '案件类型', severity: '严重程度', channel: '渠道', unitKind: '单位类型', amount: '时长', unit: '计时方式', maxExtension: '最多可延期',
    targetsHint: '至少设定一项时限;留空的时限不计时。', atLeastOneTarget: '请至少设定一项时限', level: '第 {n} 级', target: '升级到', delay: '间隔', addLevel: '添加一级',
    levelsHint: '逐级向上,最后一级须为投诉中心;按天计的间隔只能是整天。', activePolicy: '启用', policyActive: '启用中', policyInactive: '已停用',
  },
  calendar: {
    title: '工作日历', holiday: '法定节假日', makeup: '调休上班', localClosed: '本地休息日', localWorking: '本地工作日', weekend: '周末',
    dayTitle: '{date} 设置', markClosed: '设为休息日', markWorking: '设为工作日', remove: '取消本地设置', dayName: '说明(如:区域停电)',
    hours: '营业时间', hoursHint: '工作时间段(如 09:00–12:00、13:30–18:00),按工作时计的时限只在这些时段内计时。', start: '开始', end: '结束', addPeriod: '添加时段',
    official: '法定', org: '本单位', unit: '下属单位', noOfficial: '{years} 年尚无法定节假日数据,请手工添加。', legend: '图例',
    changedNote: '日历修改后,未结案件的工作日时限会按新日历重新计算。',
    recomputing: '正在重新计算未结案件的时限(修改于 {since}),完成前列表中的时限可能还是旧的。', recomputed: '未结案件的时限已按新日历重新计算。',
    holidays: { "New Year's Day": '元旦', 'Spring Festival': '春节', 'Tomb-sweeping Day': '清明节', 'Labour Day': '劳动节', 'Dragon Boat Festival': '端午节', 'Mid-autumn Festival': '中秋节', 'National Day': '国庆节', 'Anti-Fascist 70th Day': '抗战胜利70周年纪念日' } as Record<string, string>,
  },
  settings: {
    title: '流程与组织设置', requiredFields: '登记必填字段', process: '流程规则', auth: '登录与会话规则', json: '以 JSON 编辑其余规则', invalidJson: 'JSON 格式有误',
    trade: '行业', fields: { 'customer.name': '客户姓名', 'customer.phone': '联系电话', 'customer.room': '房号', 'customer.address': '地址', 'customer.email': '电子邮箱', occurred_at: '发生时间', occurred_place: '发生地点', complained_party: '被投诉方', desired_outcome: '期望结果', category_id: '分类', external_ref: '外部编号' },
  },
  phrases: {
    title: '服务用语', text: '用语', kind: '类别', scene: '场景', standard: '标准用语', forbidden: '禁用语', hint: '登记与答复时可插入标准用语;文字中出现禁用语时会提醒。',
    scenes: { greeting: '问候', listening: '倾听', apology: '致歉', escalation: '上报', thanks: '致谢', closing: '结束' },
  },
  audit: { title: '审计日志', auditLog: '敏感信息查看', authLog: '登录日志', at: '时间', user: '用户', action: '操作', case: '案件', reason: '理由', event: '事件', address: '地址', detail: '详情' },
  notify: adminNotifyZhCN,
};
