import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Input, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type CaseSummary, type Customer } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { formatDateTime } from '../../format.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { StatusTag } from './labels.tsx';

const OPEN = new Set(['registered', 'accepted', 'assigned', 'in_progress', 'suspended']);

/** The caller's earlier cases (newest first), split into open ones and the rest. */
export function useCallerHistory(customerId: string | undefined) {
  return useQuery({
    queryKey: ['cases', 'caller', customerId],
    queryFn: () => api.listCases({ customer_id: customerId, page: 1, page_size: 50 }),
    enabled: !!customerId,
  });
}

/**
 * Caller-first registration (issue 9): look the caller up by phone, room (16-1-2303) or name before anything
 * else; picking one fills the customer fields and shows their history, with a repeat-complaint warning and a link
 * to add to an open case instead of registering a new one.
 */
export function CallerLookup({ onPick, picked }: { onPick: (c: Customer) => void; picked: Customer | null }) {
  const { m } = useI18n();
  const [q, setQ] = useState('');
  const found = useQuery({ queryKey: ['customers', q], queryFn: () => api.customers(q), enabled: q.length > 0 });
  const history = useCallerHistory(picked?.id);
  const cases = history.data?.items ?? [];
  const open = cases.filter((c) => OPEN.has(c.status));
  return (
    <Card size="small" title={m.register.lookupTitle} className="form-card" data-testid="caller-lookup">
      <Input.Search
        autoFocus
        allowClear
        enterButton
        placeholder={m.register.lookup}
        aria-label={m.register.lookup}
        onSearch={(v) => setQ(v.trim())}
        data-testid="caller-search"
      />
      {found.error && <Alert type="error" showIcon style={{ marginTop: 8 }} message={errorText(found.error, m)} />}
      {q && !picked && found.data && (
        <List
          size="small"
          style={{ marginTop: 8 }}
          dataSource={found.data.items}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.register.lookupEmpty} /> }}
          renderItem={(c) => (
            <List.Item actions={[<Button key="use" size="small" type="primary" onClick={() => onPick(c)} data-testid="caller-use">{m.register.use}</Button>]}>
              <Space wrap>
                <Typography.Text strong>{c.name}</Typography.Text>
                <span>{c.phone}</span>
                {c.room && <span>{c.room}</span>}
                {c.address && <Typography.Text type="secondary">{c.address}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
      )}
      {picked && (
        <div style={{ marginTop: 8 }} data-testid="caller-history">
          <Typography.Text strong>{picked.name}</Typography.Text> · {picked.phone} {picked.room ? `· ${picked.room}` : ''} ·{' '}
          <Typography.Text type="secondary">{fmt(m.register.history, { n: cases.length })}</Typography.Text>
          {open.length > 0 && (
            <Alert type="warning" showIcon style={{ margin: '8px 0' }} data-testid="repeat-warning" message={fmt(m.register.repeatWarning, { n: open.length })} />
          )}
          <List<CaseSummary>
            size="small"
            loading={history.isPending}
            dataSource={cases.slice(0, 8)}
            renderItem={(c) => (
              <List.Item
                actions={OPEN.has(c.status) ? [<Link key="add" to={`/cases/${c.id}`} data-testid="add-to-open">{m.register.addToOpen}</Link>] : []}
              >
                <Space wrap size={6}>
                  <Link to={`/cases/${c.id}`}>{c.number}</Link>
                  <StatusTag status={c.status} />
                  <span>{c.subject}</span>
                  <Typography.Text type="secondary">{formatDateTime(c.created_at)}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </div>
      )}
    </Card>
  );
}
