/** Administration of notifications and channels (issues 9 and 11): `admin.notify` in the zh-CN catalogue. */
export const adminNotifyZhCN = {
  events: {
    acknowledged: '受理回执', progress: '处理进展', result: '处理结果', visit_invitation: '回访邀请', escalation: '升级通知', warning: '超时预警',
    supervision: '督办通知', surge_alert: '投诉量异常', fine_due: '罚款待缴', fine_overdue: '罚款逾期', corrective_overdue: '整改逾期', tracking_code: '查询验证码',
  } as Record<string, string>,
  locales: { 'zh-CN': '中文', 'en-US': '英文' } as Record<string, string>,
  channels: { email: '电子邮件', sms: '短信', dingtalk: '钉钉群机器人', wecom: '企业微信群机器人', wechat: '微信公众号', webhook: 'Webhook' } as Record<string, string>,
  templates: {
    title: '消息模板', event: '事件', locale: '语言', subject: '标题', body: '正文', customised: '已自定义', standard: '默认', variables: '可用变量',
    variablesHint: '点击变量插入正文;预览时用示例数据代入。', preview: '预览', previewTitle: '预览(示例数据)', reset: '恢复默认', resetDone: '已恢复默认',
    editTitle: '编辑模板:{event}({locale})', hint: '发给客户和员工的消息按事件和语言取用这里的模板;未自定义的使用系统默认措辞。',
  },
  outbox: {
    title: '发送记录', status: '状态', channel: '渠道', event: '事件', recipient: '接收方', address: '地址', attempts: '尝试次数', lastError: '最近错误',
    createdAt: '创建时间', sentAt: '发送时间', nextAt: '下次尝试', all: '全部', statuses: { pending: '待发送', sending: '发送中', sent: '已发送', dead: '发送失败' } as Record<string, string>,
    recipients: { customer: '客户', user: '员工', group: '工作群', subscriber: '订阅方' } as Record<string, string>, log: '发送日志', logTitle: '发送日志', retry: '重新发送', retried: '已重新排队发送',
    attempt: '第几次', at: '时间', ok: '结果', success: '成功', failure: '失败', error: '错误', response: '响应', duration: '耗时(毫秒)',
    hint: '发送失败(死信)的消息不再自动重试;查看日志找出原因并修正渠道设置后,可重新发送。地址已脱敏。', refresh: '刷新',
  },
  channelsPage: {
    title: '渠道设置', enabled: '启用', disabled: '未启用', secretSet: '已设置', secretUnset: '未设置', secretHint: '留空则保留已保存的值;已保存的密钥不会显示。',
    organisation: '整个组织', robotsOrg: '组织的群机器人', robotsUnit: '单位的群机器人', unit: '单位', unitHint: '单位未设群机器人时,消息发给上级单位的,最后发给组织的。', removeRobot: '移除本单位机器人', removed: '已移除',
    sms: '短信(阿里云)', email: '邮件发送(SMTP)', emailIn: '邮件接收(IMAP)', wechatOut: '公众号模板消息', wechatIn: '公众号消息接入', dingtalk: '钉钉群机器人', wecom: '企业微信群机器人',
    fields: {
      access_key_id: 'AccessKey ID', access_key_secret: 'AccessKey Secret', sign_name: '短信签名', template_codes: '短信模板编号(每个事件)', endpoint: '接口地址(可选)',
      host: '服务器', port: '端口', secure: 'TLS 加密', from: '发件人', user: '用户名', password: '密码', domain: 'Message-ID 域名(可选)',
      username: '用户名', folder: '文件夹', app_id: 'AppID', app_secret: 'AppSecret', template_ids: '模板 ID(每个事件)', token: '服务器配置令牌(Token)',
      webhook_url: 'Webhook 地址', secret: '加签密钥', unit_id: '新案件所属单位',
    } as Record<string, string>,
    configured: '已配置', notConfigured: '未配置', lastError: '最近错误', writeOnly: '只写,不回显', tokenHint: '与公众号后台“服务器配置”中的令牌一致;每次保存须重新填写。',
    quiet: '免打扰时段', quietHint: '此时段内(本地时间)发给客户的短信等到时段结束再发;危机案件立即发送。开始与结束相同即不设免打扰。', quietStart: '开始', quietEnd: '结束', portalBase: '查询页面地址(消息中的链接)', timeFormat: '请按 HH:MM 填写',
    passwordRequired: '每次保存须重新填写密码。',
  },
  hooks: {
    title: 'Webhook 与 API 令牌', webhooks: 'Webhook 订阅', url: '地址', events: '事件', active: '状态', activeOn: '生效', activeOff: '已停止', stop: '停止', stopConfirm: '停止这个订阅?',
    created: '已创建', secretOnce: '签名密钥(只显示这一次,请立即保存):', copy: '复制', addWebhook: '新增订阅', allEvents: '全部事件',
    deliveries: '投递记录见“发送记录”中渠道为 Webhook 的消息。',
    tokens: 'API 令牌(12345 热线转办)', tokenName: '名称', reportUrl: '结果回报地址', tokenUnit: '转办落入单位', createdAt: '创建时间', revokedAt: '已吊销', revoke: '吊销',
    revokeConfirm: '吊销这个令牌?使用它的系统将无法再转办。', revoked: '已吊销', addToken: '新建令牌', tokenOnce: '令牌(只显示这一次,请立即交给对方系统):', valid: '有效',
  },
};
