import type { ErrorCode } from '../errors.ts';

/** Simplified Chinese (default) catalogue. Templates use {name} placeholders. */
export const zhCN = {
  errors: {
    validation_failed: '提交的内容有误，请检查标出的字段。',
    malformed_json: '请求体不是有效的 JSON。',
    unsupported_media_type: '不支持的内容类型：{type}。',
    payload_too_large: '请求体过大。',
    unauthenticated: '请先登录。',
    invalid_credentials: '用户名或密码错误。',
    not_found: '找不到该资源，或您无权查看。',
    forbidden_action: '您无权对该工单执行“{action}”。',
    transition_not_allowed: '工单当前状态为“{status}”，不能执行“{action}”。',
    version_conflict: '工单已被他人修改（当前版本 {current}），请刷新后重试。',
    idempotency_key_reused: '该 Idempotency-Key 已用于另一份不同的请求。',
    unknown_action: '未知的操作：{action}。',
    invalid_reference: '引用的{entity}不存在或不属于本组织。',
    attachment_type_not_allowed: '不允许上传该类型的附件：{type}。',
    attachment_too_large: '附件超过大小上限 {limit}。',
    merge_invalid: '不能合并到该工单：{reason}。',
    duplicate: '{entity}已存在。',
    rate_limited: '操作过于频繁，请稍后再试。',
    extension_not_allowed: '超出可延期的上限（最多 {max}）。',
    escalation_at_top: '工单已升级到最高层级（第 {level} 级），不能再升级。',
    internal_error: '服务器内部错误，请稍后再试。',
  } satisfies Record<ErrorCode, string>,
  issues: {
    required: '必填',
    invalid_type: '类型不正确',
    unrecognized_keys: '不认识的字段',
    invalid_value: '取值不在允许范围内',
    too_small: '太短或太小',
    too_big: '太长或太大',
    invalid_format: '格式不正确',
    custom: '不符合要求',
  } as Record<string, string>,
  actions: {
    register: '登记', accept: '受理', answer: '当场答复', assign: '派单', transfer: '转派', return: '退单',
    start: '开始处理', investigate: '调查记录', resolve: '办结', feedback: '反馈客户', visit: '回访', close: '关闭',
    reopen: '重开', suspend: '挂起', resume: '恢复', merge: '合并', withdraw: '撤诉', comment: '备注',
    reveal_phone: '查看完整电话', escalate: '升级', extend: '申请延期', approve_extension: '批准延期', judge_media_report: '认定媒体报道', clarify: '媒体澄清', reject_extension: '驳回延期', supervise: '督办', acknowledge_escalation: '确认升级',
  } as Record<string, string>,
  statuses: {
    registered: '已登记', accepted: '已受理', assigned: '已派单', in_progress: '处理中', suspended: '已挂起',
    resolved: '已办结', visited: '已回访', closed: '已关闭', merged: '已合并', withdrawn: '已撤诉',
  } as Record<string, string>,
  entities: { unit: '单位/部门', user: '用户', category: '分类', customer: '客户', case: '工单' } as Record<string, string>,
};
