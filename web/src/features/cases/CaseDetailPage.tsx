import { ArrowLeftOutlined, EyeOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Image, Input, List, Modal, Result, Row, Skeleton, Space, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError, type CaseDetail } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { formatDateTime, formatMoney } from '../../format.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import type { Messages } from '../../i18n/zh-CN.ts';
import { ACTION_ORDER, PRIMARY_ACTIONS } from './action-fields.ts';
import { ActionModal } from './ActionModal.tsx';
import { CaseTimeline } from './CaseTimeline.tsx';
import { SeverityTag, StatusTag } from './labels.tsx';
import { SlaPanel } from './SlaPanel.tsx';
import { unitPath, useUnits } from './reference-data.ts';

type Items = NonNullable<DescriptionsProps['items']>;

// Liability, fines and reviews (issue 12): their own chunk, fetched only on the case page.
const CaseAccountabilityPanel = lazy(() => import('../accountability/CaseAccountabilityPanel.tsx'));

/** Description rows for the values that are set (empty ones are left out, so the page shows what is known). */
function rows(m: Messages, entries: [keyof Messages['fields'], ReactNode, number?][]): Items {
  return entries
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v, span]) => ({ key: k, label: m.fields[k], children: v, ...(span ? { span } : {}) }));
}

const OPEN: ReadonlySet<string> = new Set(['registered', 'accepted', 'assigned', 'in_progress', 'suspended']);

const pre = (s: string | null | undefined) => (s ? <span className="pre-wrap">{s}</span> : null);

function PhoneValue({ c }: { c: CaseDetail }) {
  const { m } = useI18n();
  const { message } = App.useApp();
  const [full, setFull] = useState<string | null>(null);
  // Every reveal carries a reason, recorded in the audit log.
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const reveal = useMutation({
    mutationFn: () => api.act(c.id, 'reveal_phone', { reason: reason.trim() }),
    onSuccess: (r) => {
      setFull(r.customer_phone ?? null);
      setAsking(false);
      message.info(m.detail.revealed);
    },
    onError: (e) => message.error(errorText(e, m)),
  });
  if (!c.customer_phone) return null;
  return (
    <Space wrap size={4}>
      <span data-testid="customer-phone">{full ?? c.customer_phone}</span>
      {!full && c.phone_masked && c.abilities.includes('reveal_phone') && (
        <Button size="small" type="link" icon={<EyeOutlined />} loading={reveal.isPending} onClick={() => setAsking(true)}>
          {m.detail.reveal}
        </Button>
      )}
      <Modal
        open={asking}
        title={m.detail.reveal}
        okButtonProps={{ disabled: !reason.trim(), loading: reveal.isPending }}
        onOk={() => reveal.mutate()}
        onCancel={() => setAsking(false)}
      >
        <Input.TextArea value={reason} maxLength={500} placeholder={m.detail.revealReason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Space>
  );
}

/** A progress note the customer sees in the portal (issue 9; `POST /cases/:id/customer-replies`). */
function ReplyToCustomer({ c }: { c: CaseDetail }) {
  const { m } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const send = useMutation({
    mutationFn: () => api.replyToCustomer(c.id, note.trim()),
    onSuccess: () => {
      message.success(m.workbench.replied);
      setOpen(false);
      setNote('');
    },
    onError: (e) => message.error(errorText(e, m)),
  });
  return (
    <>
      <Button onClick={() => setOpen(true)} data-action="customer-reply">{m.workbench.replyCustomer}</Button>
      <Modal open={open} title={m.workbench.replyCustomer} okButtonProps={{ disabled: !note.trim(), loading: send.isPending }} onOk={() => send.mutate()} onCancel={() => setOpen(false)}>
        <Typography.Paragraph type="secondary">{m.workbench.replyCustomerHint}</Typography.Paragraph>
        <Input.TextArea value={note} maxLength={2000} autoSize={{ minRows: 3, maxRows: 8 }} aria-label={m.workbench.replyCustomer} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </>
  );
}

export function CaseDetailPage() {
  const { id = '' } = useParams();
  const { m } = useI18n();
  const [action, setAction] = useState<string | null>(null);
  const query = useQuery({ queryKey: ['case', id], queryFn: () => api.getCase(id) });
  const units = useUnits();
  const c = query.data;

  if (query.isPending) return <div className="page"><Skeleton active paragraph={{ rows: 10 }} /></div>;
  if (!c) {
    const notFound = query.error instanceof ApiError && query.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={errorText(query.error, m)}
        extra={<Link to="/cases"><Button type="primary">{m.app.backHome}</Button></Link>}
      />
    );
  }

  const yesNo = (b: boolean | null) => (b === null ? null : b ? m.detail.yes : m.detail.no);
  const actions = c.abilities
    .filter((a) => a !== 'reveal_phone')
    .sort((a, b) => (ACTION_ORDER.indexOf(a) + 1 || 99) - (ACTION_ORDER.indexOf(b) + 1 || 99));

  const registered = rows(m, [
    ['kind', m.kinds[c.kind] ?? c.kind],
    ['channel', m.channels[c.channel] ?? c.channel],
    ['created_at', formatDateTime(c.created_at)],
    ['received_at', c.received_at ? formatDateTime(c.received_at) : null],
    ['requested_due_at', c.requested_due_at ? formatDateTime(c.requested_due_at) : null],
    ['first_responder', c.first_responder_name],
    ['occurred_at', formatDateTime(c.occurred_at)],
    ['occurred_place', c.occurred_place],
    ['complained_party', c.complained_party],
    ['complained_unit', c.complained_unit_name],
    ['external_ref', c.external_ref],
    ['content', pre(c.content), 2],
    ['desired_outcome', pre(c.desired_outcome), 2],
  ]);
  const customer = rows(m, [
    ['customer_name', c.customer_name],
    ['customer_phone', c.customer_phone ? <PhoneValue c={c} /> : null],
    ['customer_room', c.customer_room],
    ['customer_email', c.customer_email],
    ['customer_address', c.customer_address, 2],
  ]);
  const triage = rows(m, [
    ['category', c.category_name],
    ['severity', <SeverityTag severity={c.severity} />],
    ['validity', m.validities[c.validity] ?? c.validity],
    // The full path, company › project › department (issue 9).
    ['unit', unitPath(units.data, c.department_id ?? c.unit_id).join(' › ') || c.unit_name],
    ['department', c.department_name],
    ['handler', c.handler_name],
    ['invalid_explanation', pre(c.invalid_explanation), 2],
    ['malicious_reason', pre(c.malicious_reason), 2],
    ['escalation_level', c.escalation_level ? String(c.escalation_level) : null],
    ['reopen_count', c.reopen_count ? String(c.reopen_count) : null],
    ['updated_at', formatDateTime(c.updated_at)],
  ]);
  const inv = c.investigation;
  const remedy = c.remedy;
  const handling = rows(m, [
    ['crisis_decision', pre(c.crisis_decision), 2],
    ['answer', pre(c.answer), 2],
    ['direct_answer', c.direct_answer ? m.detail.yes : null],
    ['findings', pre(inv?.findings), 2],
    ['scope', pre(inv?.scope), 2],
    ['method', inv?.method?.map((x) => m.methods[x] ?? x).join('、')],
    ['responsibility', inv?.responsibility ? (m.responsibilities[inv.responsibility] ?? inv.responsibility) : null],
    ['resolution', pre(c.resolution), 2],
    ['remedy_types', remedy?.types?.map((x) => m.remedyTypes[x] ?? x).join('、')],
    ['remedy_amount', remedy?.amount !== undefined ? formatMoney(remedy.amount) : null],
    ['remedy_description', pre(remedy?.description), 2],
    ['feedback_note', pre(c.feedback_note), 2],
    ['visit_reached', yesNo(c.visit_reached)],
    ['visit_method', c.visit_method ? (m.visitMethods[c.visit_method] ?? c.visit_method) : null],
    ['visit_satisfaction', c.visit_satisfaction ? (m.satisfactions[c.visit_satisfaction] ?? c.visit_satisfaction) : null],
    ['visit_resolved', yesNo(c.visit_resolved)],
    ['visit_comment', pre(c.visit_comment), 2],
    ['return_reason', pre(c.return_reason), 2],
    ['suspend_reason', pre(c.suspend_reason), 2],
    ['close_reason', pre(c.close_reason), 2],
    ['withdraw_reason', pre(c.withdraw_reason), 2],
    ['parent_case', c.parent_case_id ? <Link to={`/cases/${c.parent_case_id}`}>{c.parent_case_id}</Link> : null],
  ]);
  const column = { xs: 1, sm: 2 };

  return (
    <div className="page case-detail">
      <Link to="/queues" className="back-link"><ArrowLeftOutlined /> {m.detail.back}</Link>
      <div className="case-head">
        <Space wrap size={[8, 4]} align="center">
          <Typography.Text copyable className="case-number" data-testid="case-number">{c.number}</Typography.Text>
          <StatusTag status={c.status} />
          <SeverityTag severity={c.severity} />
        </Space>
        <Typography.Title level={3} className="case-subject">{c.subject}</Typography.Title>
      </div>

      <Card size="small" className="action-bar" title={m.detail.actions}>
        {actions.length === 0 ? (
          <Typography.Text type="secondary">{m.detail.noActions}</Typography.Text>
        ) : (
          <Space wrap>
            {actions.map((a) => (
              <Button key={a} type={PRIMARY_ACTIONS.has(a) ? 'primary' : 'default'} onClick={() => setAction(a)} data-action={a}>
                {m.actions[a] ?? a}
              </Button>
            ))}
            {c.abilities.includes('comment') && OPEN.has(c.status) && <ReplyToCustomer c={c} />}
          </Space>
        )}
      </Card>
      {query.error && <Alert type="error" showIcon message={errorText(query.error, m)} style={{ marginBottom: 12 }} />}
      {c.severity === 'crisis' && !c.crisis_decided_at && OPEN.has(c.status) && <Alert type="error" showIcon message={m.detail.crisisUndecided} style={{ marginBottom: 12 }} />}
      {c.approval_pending?.signoff && <Alert type="warning" showIcon message={fmt(m.detail.signoffPending, { department: c.department_name ?? '' })} style={{ marginBottom: 12 }} />}
      {c.approval_pending?.authority && <Alert type="warning" showIcon message={fmt(m.detail.authorityPending, { amount: formatMoney(c.approval_pending.authority.amount) })} style={{ marginBottom: 12 }} />}

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={m.detail.registered}><Descriptions size="small" column={column} items={registered} /></Card>
            <Card size="small" title={m.detail.customer}><Descriptions size="small" column={column} items={customer} /></Card>
            <Card size="small" title={m.detail.triage}><Descriptions size="small" column={column} items={triage} /></Card>
            {handling.length > 0 && (
              <Card size="small" title={m.detail.handling}><Descriptions size="small" column={column} items={handling} /></Card>
            )}
            <Card size="small" title={m.detail.attachments}>
              {c.attachments.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.detail.noAttachments} />
              ) : (
                <List
                  size="small"
                  dataSource={c.attachments}
                  renderItem={(a) => (
                    <List.Item extra={<Typography.Text type="secondary">{formatDateTime(a.created_at)}</Typography.Text>}>
                      {a.mime.startsWith('image/') && (
                        <Image width={72} height={72} style={{ objectFit: 'cover', marginRight: 8 }} src={api.attachmentUrl(c.id, a.id)} alt={a.filename} />
                      )}
                      <a href={api.attachmentUrl(c.id, a.id)} download={a.filename}><PaperClipOutlined /> {a.filename}</a>
                      <Typography.Text type="secondary"> ({Math.max(1, Math.round(a.size / 1024))} KB)</Typography.Text>
                    </List.Item>
                  )}
                />
              )}
            </Card>
            <Suspense fallback={null}><CaseAccountabilityPanel c={c} /></Suspense>
            {c.merged_cases.length > 0 && (
              <Card size="small" title={m.detail.mergedCases}>
                <List size="small" dataSource={c.merged_cases} renderItem={(x) => <List.Item><Link to={`/cases/${x.id}`}>{x.number}</Link> {x.subject}</List.Item>} />
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            {c.sla !== undefined && (
              <Card size="small" title={m.detail.sla}><SlaPanel sla={c.sla} /></Card>
            )}
            <Card size="small" title={m.detail.timeline}><CaseTimeline events={c.timeline} /></Card>
          </Space>
        </Col>
      </Row>
      <ActionModal action={action} caseView={c} onClose={() => setAction(null)} />
    </div>
  );
}
