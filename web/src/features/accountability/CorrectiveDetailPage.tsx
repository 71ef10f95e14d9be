import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Input, Result, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { formatDate, formatDateTime } from '../../format.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { useCategories, useUnits, useUsers } from '../cases/reference-data.ts';
import { accApi, type Check } from './acc-api.ts';

const STATE_COLOR: Record<string, string> = { open: 'blue', done: 'gold', closed: 'green' };

/**
 * One corrective action 整改: its plan, owner and deadline, the evidence of completion, and the effectiveness check
 * that compares complaints of the category at the place after completion with the same length of time before; it
 * closes only when the check finds fewer.
 */
export function CorrectiveDetailPage() {
  const { id = '' } = useParams();
  const { m, locale } = useI18n();
  const a = m.accountability;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [evidence, setEvidence] = useState('');
  const q = useQuery({ queryKey: ['corrective', id], queryFn: () => accApi.corrective(id) });
  const users = useUsers();
  const units = useUnits();
  const cats = useCategories();
  const refresh = () => void qc.invalidateQueries({ queryKey: ['corrective'] });
  const complete = useMutation({ mutationFn: () => accApi.completeCorrective(id, evidence.trim()), onSuccess: () => { message.success(a.saved); setEvidence(''); refresh(); }, onError: (e) => message.error(errorText(e, m)) });
  const check = useMutation({
    mutationFn: () => accApi.checkCorrective(id),
    onSuccess: (c) => { message.info(c.state === 'closed' ? a.effective : a.notEffective); refresh(); },
    onError: (e) => message.error(errorText(e, m)),
  });
  const c = q.data;
  if (q.isLoading) return <Card loading />;
  if (!c) return <Result status={q.error instanceof ApiError && q.error.status === 404 ? '404' : 'error'} title={errorText(q.error, m)} />;
  const name = (uid: string) => users.data?.find((u) => u.id === uid)?.display_name ?? uid;
  const cat = cats.data?.find((x) => x.id === c.category_id);
  const checkDue = c.check_due_at !== null && new Date(c.check_due_at) <= new Date();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} className="page">
      <Link to="/accountability/corrective-actions"><ArrowLeftOutlined /> {a.backToList}</Link>
      <Card title={<Space wrap><span>{c.title}</span><Tag color={STATE_COLOR[c.state]}>{a.correctiveStates[c.state] ?? c.state}</Tag>{c.overdue && <Tag color="red">{a.overdue}</Tag>}</Space>}>
        <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={a.owner}>{name(c.owner_id)}</Descriptions.Item>
          <Descriptions.Item label={a.deadline}>{formatDate(c.due_at)}</Descriptions.Item>
          <Descriptions.Item label={a.category}>{cat ? (locale === 'en-US' ? cat.name_en : cat.name_zh) : a.none}</Descriptions.Item>
          <Descriptions.Item label={a.place}>{units.data?.find((u) => u.id === c.unit_id)?.name ?? a.none}</Descriptions.Item>
          <Descriptions.Item label={a.rootCause} span={2}><span className="pre-wrap">{c.root_cause}</span></Descriptions.Item>
          <Descriptions.Item label={a.plan} span={2}><span className="pre-wrap">{c.plan}</span></Descriptions.Item>
          <Descriptions.Item label={a.fromCases} span={2}>
            {c.case_ids.length === 0 ? a.none : <Space wrap>{c.case_ids.map((cid, i) => <Link key={cid} to={`/cases/${cid}`}>{fmt(a.caseN, { n: i + 1 })}</Link>)}</Space>}
          </Descriptions.Item>
          <Descriptions.Item label={a.checkAfterDays}>{c.check_after_days}</Descriptions.Item>
          <Descriptions.Item label={a.checkDue}>{c.check_due_at ? formatDate(c.check_due_at) : a.none}</Descriptions.Item>
          {c.evidence && <Descriptions.Item label={a.evidence} span={2}><span className="pre-wrap">{c.evidence}</span><br /><Typography.Text type="secondary">{formatDateTime(c.done_at)}</Typography.Text></Descriptions.Item>}
        </Descriptions>
      </Card>
      {c.state === 'open' && (
        <Card size="small" title={a.addEvidence}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input.TextArea aria-label={a.evidence} placeholder={a.evidenceHint} value={evidence} autoSize={{ minRows: 3 }} maxLength={8000} onChange={(e) => setEvidence(e.target.value)} />
            <Button type="primary" disabled={!evidence.trim()} loading={complete.isPending} onClick={() => complete.mutate()}>{a.markDone}</Button>
          </Space>
        </Card>
      )}
      <Card size="small" title={a.check}
        extra={c.state === 'done' && <Button type="primary" disabled={!checkDue} loading={check.isPending} onClick={() => check.mutate()}>{a.runCheck}</Button>}>
        {c.state === 'done' && !checkDue && <Alert type="info" showIcon message={fmt(a.checkNotDue, { date: formatDate(c.check_due_at) })} style={{ marginBottom: 12 }} />}
        {c.state === 'closed' && <Alert type="success" showIcon message={fmt(a.closedOn, { date: formatDate(c.closed_at) })} style={{ marginBottom: 12 }} />}
        <Table<Check>
          size="small" rowKey="at" pagination={false} dataSource={c.checks} locale={{ emptyText: a.noChecks }} scroll={{ x: true }}
          columns={[
            { title: a.checkedAt, dataIndex: 'at', render: (d: string) => formatDate(d) },
            { title: a.before, key: 'b', render: (_: unknown, x) => <Statistic value={x.before.complaints} suffix={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDate(x.before.from)}–{formatDate(x.before.to)}</Typography.Text>} /> },
            { title: a.after, key: 'a', render: (_: unknown, x) => <Statistic value={x.after.complaints} suffix={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDate(x.after.from)}–{formatDate(x.after.to)}</Typography.Text>} /> },
            { title: a.result, dataIndex: 'effective', render: (e: boolean) => <Tag color={e ? 'green' : 'orange'}>{e ? a.effective : a.notEffective}</Tag> },
          ]}
        />
      </Card>
    </Space>
  );
}
