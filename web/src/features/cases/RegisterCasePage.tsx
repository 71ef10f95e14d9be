import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Form, Input, Result, Row, Select, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import type { RegisterCaseRequest } from '@contract/cases.ts';
import { CASE_KINDS, CHANNELS, SEVERITIES } from '@contract/enums.ts';
import { isChinesePhone } from '@contract/phone.ts';
import { api, type CaseSummary, type Customer } from '../../api.ts';
import { CallerLookup } from './CallerLookup.tsx';
import { errorText, fieldErrors } from '../../errors.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { optionsOf } from './labels.tsx';
import { categoryOptions, useCategories } from './reference-data.ts';

const newKey = () => globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;

/** Drops blank optional fields: the API's schema is strict and '' is not a value. */
function compact<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    // Date pickers give Dayjs values; the API takes ISO instants.
    if (v && typeof v === 'object' && 'toISOString' in v && typeof v.toISOString === 'function') out[k] = (v as { toISOString(): string }).toISOString();
    else if (v && typeof v === 'object' && !Array.isArray(v)) out[k] = compact(v as Record<string, unknown>);
    else if (typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null) out[k] = typeof v === 'string' ? v.trim() : v;
  }
  return out as T;
}

const FIELDS = new Set([
  'kind', 'channel', 'subject', 'content', 'customer.name', 'customer.phone', 'customer.room', 'customer.address',
  'desired_outcome', 'category_id', 'severity', 'received_at', 'requested_due_at', 'occurred_at', 'occurred_place',
  'complained_party', 'external_ref',
]);
const DATE_TIME = { showTime: { format: 'HH:mm' }, format: 'YYYY-MM-DD HH:mm', style: { width: '100%' } } as const;

/** Registration at first contact: the customer gets the case number as soon as it is saved. */
export function RegisterCasePage() {
  const { m, locale } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm<RegisterCaseRequest>();
  const categories = useCategories();
  // The organisation decides which fields registration requires (e.g. 004: name, room and phone).
  const rules = useQuery({ queryKey: ['registration-rules'], queryFn: api.registrationRules, staleTime: 60 * 60_000 });
  const needed = (path: string) => (rules.data?.required_fields.includes(path) ? [{ required: true, whitespace: true, message: m.validation.required }] : []);
  const key = useRef(newKey());
  const [created, setCreated] = useState<(CaseSummary & { related_open_cases?: unknown[] }) | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [caller, setCaller] = useState<Customer | null>(null);
  const pick = (c: Customer) => {
    setCaller(c);
    // A number shown masked is not sent back: the case refers to the customer by id (the desk may type the number too).
    const phone = c.phone && !c.phone.includes('*') ? c.phone : undefined;
    form.setFieldsValue({ customer: { id: c.id, name: c.name, phone, room: c.room ?? undefined, address: c.address ?? undefined } } as Partial<RegisterCaseRequest>);
  };

  const register = useMutation({
    mutationFn: (v: RegisterCaseRequest) => api.register(compact(v), key.current),
    onSuccess: (c) => {
      setCreated(c);
      key.current = newKey();
      void qc.invalidateQueries({ queryKey: ['cases'] });
    },
    onError: (e) => {
      const { fields, rest } = fieldErrors(e, (name) => FIELDS.has(name.join('.')));
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      setFormError([errorText(e, m), ...rest].join(' '));
    },
  });

  if (created) {
    const related = created.related_open_cases?.length ?? 0;
    return (
      <div className="page">
        <Card>
          <Result
            status="success"
            title={
              <>
                <div className="case-number-large" data-testid="case-number-large">{created.number}</div>
                <span data-testid="created-number">{fmt(m.register.created, { number: created.number })}</span>
              </>
            }
            subTitle={m.register.tellCustomer}
            extra={[
              <Link key="open" to={`/cases/${created.id}`}><Button type="primary">{m.register.open}</Button></Link>,
              <Button key="again" onClick={() => { setCreated(null); setCaller(null); form.resetFields(); }}>{m.register.another}</Button>,
            ]}
          >
            {related > 0 && <Alert type="warning" showIcon message={fmt(m.register.relatedOpen, { n: related })} />}
          </Result>
        </Card>
      </div>
    );
  }

  const required = [{ required: true, whitespace: true, message: m.validation.required }];
  return (
    <div className="page register-page">
      <Typography.Title level={3} className="page-title">{m.register.title}</Typography.Title>
      <CallerLookup picked={caller} onPick={pick} />
      <Form<RegisterCaseRequest>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'complaint', channel: 'phone' }}
        onValuesChange={(changed: Partial<RegisterCaseRequest>) => {
          key.current = newKey();
          if (caller && changed.customer && ('name' in changed.customer || 'phone' in changed.customer) && !('id' in changed.customer)) {
            setCaller(null);
            form.setFieldValue(['customer', 'id'], undefined);
          }
        }}
        onFinish={(v) => {
          setFormError(null);
          register.mutate(v);
        }}
        scrollToFirstError
      >
        <Card size="small" title={m.register.caseSection} className="form-card">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="kind" label={m.fields.kind} rules={[{ required: true, message: m.validation.required }]}>
                <Select options={optionsOf(CASE_KINDS, m.kinds)} data-testid="register-kind" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="channel" label={m.fields.channel} rules={[{ required: true, message: m.validation.required }]}>
                <Select options={optionsOf(CHANNELS, m.channels)} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="subject" label={m.fields.subject} rules={required}>
            <Input maxLength={200} showCount />
          </Form.Item>
          <Form.Item name="content" label={m.fields.content} rules={required}>
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={20000} />
          </Form.Item>
          <Form.Item name="desired_outcome" label={m.fields.desired_outcome} rules={needed('desired_outcome')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
          </Form.Item>
        </Card>
        <Card size="small" title={m.register.customerSection} className="form-card">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name={['customer', 'id']} hidden><Input /></Form.Item>
              <Form.Item name={['customer', 'name']} label={m.fields.customer_name} rules={required}>
                <Input maxLength={100} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name={['customer', 'phone']}
                label={m.fields.customer_phone}
                rules={[...needed('customer.phone'), { validator: async (_r, v?: string) => { if (v && v.trim() && !isChinesePhone(v)) throw new Error(m.validation.phone); } }]}
              >
                <Input inputMode="tel" maxLength={30} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['customer', 'room']} label={m.fields.customer_room} rules={needed('customer.room')}>
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['customer', 'address']} label={m.fields.customer_address} rules={needed('customer.address')}>
                <Input maxLength={300} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={m.register.timeSection} className="form-card">
          <Typography.Paragraph type="secondary">{m.register.receivedHint}</Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="received_at" label={m.fields.received_at}>
                <DatePicker {...DATE_TIME} data-testid="register-received-at" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="requested_due_at" label={m.fields.requested_due_at}>
                <DatePicker {...DATE_TIME} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="occurred_at" label={m.fields.occurred_at} rules={needed('occurred_at').map(({ whitespace: _w, ...r }) => r)}>
                <DatePicker {...DATE_TIME} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="occurred_place" label={m.fields.occurred_place} rules={needed('occurred_place')}>
                <Input maxLength={300} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="complained_party" label={m.fields.complained_party} rules={needed('complained_party')}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="external_ref" label={m.fields.external_ref} rules={needed('external_ref')}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={m.register.triageSection} className="form-card">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="category_id" label={m.fields.category} rules={needed('category_id').map(({ whitespace: _w, ...r }) => r)}>
                <Select allowClear showSearch optionFilterProp="label" loading={categories.isPending} options={categoryOptions(categories.data, locale)} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="severity" label={m.fields.severity}>
                <Select allowClear options={optionsOf(SEVERITIES, m.severities)} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
        <Space className="form-actions">
          <Button type="primary" htmlType="submit" loading={register.isPending} size="large">{m.register.submit}</Button>
          <Button onClick={() => { form.resetFields(); setFormError(null); }} size="large">{m.register.reset}</Button>
        </Space>
      </Form>
    </div>
  );
}
