import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Typography } from 'antd';
import { useRef, useState, type SyntheticEvent } from 'react';
import type { RegisterCaseRequest } from '@contract/cases.ts';
import { CASE_KINDS, CHANNELS, SEVERITIES } from '@contract/enums.ts';
import { isChinesePhone } from '@contract/phone.ts';
import { api, type Customer } from '../../api.ts';
import { errorText, fieldErrors } from '../../errors.ts';
import { focusFirstError, SCROLL_TO_ERROR } from '../../forms.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMe } from '../auth/session.ts';
import { CallerLookup } from './CallerLookup.tsx';
import { EvidencePicker, type Evidence } from './EvidencePicker.tsx';
import { optionsOf } from './labels.tsx';
import { categoryOptions, useCategories } from './reference-data.ts';
import { RegisterDone } from './RegisterDone.tsx';
import { forbiddenWarning, PhrasePicker, usePhrases } from './RegisterPhrases.tsx';
import { submitRegistration, type Outcome } from './register-submit.ts';
import { SettleOnSpot, type SettleValues } from './SettleOnSpot.tsx';

const newKey = () => globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;

const FIELDS = new Set([
  'kind', 'channel', 'subject', 'content', 'customer.name', 'customer.phone', 'customer.room', 'customer.address',
  'desired_outcome', 'category_id', 'severity', 'received_at', 'requested_due_at', 'occurred_at', 'occurred_place',
  'complained_party', 'external_ref',
]);
type Values = RegisterCaseRequest & { settle?: SettleValues };
/** The texts a standard phrase can go into, and the forbidden-phrase warning watches. */
type TextField = 'content' | 'desired_outcome' | 'settle.answer';
const namePath = (f: TextField): ['settle', 'answer'] | ['content' | 'desired_outcome'] => (f === 'settle.answer' ? ['settle', 'answer'] : [f]);
/** Roles that may settle a case on the spot (the `answer` action: domain/lifecycle.ts). */
const SETTLERS = new Set(['agent', 'complaint_center', 'unit_manager', 'admin']);
const DATE_TIME = { showTime: { format: 'HH:mm' }, format: 'YYYY-MM-DD HH:mm', style: { width: '100%' } } as const;

/** Registration at first contact: the customer gets the case number as soon as it is saved. */
export function RegisterCasePage() {
  const { m, locale } = useI18n();
  const qc = useQueryClient();
  const me = useMe().data;
  const [form] = Form.useForm<Values>();
  const categories = useCategories();
  const phrases = usePhrases();
  // The organisation decides which fields registration requires (e.g. 004: name, room and phone).
  const rules = useQuery({ queryKey: ['registration-rules'], queryFn: api.registrationRules, staleTime: 60 * 60_000 });
  const needed = (path: string) => (rules.data?.required_fields.includes(path) ? [{ required: true, whitespace: true, message: m.validation.required }] : []);
  const key = useRef(newKey());
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [caller, setCaller] = useState<Customer | null>(null);
  const [files, setFiles] = useState<Evidence[]>([]);
  // Where a standard phrase goes: the text field last focused, at its cursor (the content by default).
  const cursor = useRef<{ field: TextField; start: number | null; end: number | null }>({ field: 'content', start: null, end: null });
  const [target, setTarget] = useState<TextField>('content');
  const texts = { content: Form.useWatch('content', form), desired_outcome: Form.useWatch('desired_outcome', form), 'settle.answer': Form.useWatch(['settle', 'answer'], form) };
  const canSettle = !!me?.roles.some((r) => SETTLERS.has(r));

  const pick = (c: Customer) => {
    setCaller(c);
    // A number shown masked is not sent back: the case refers to the customer by id (the desk may type the number too).
    const phone = c.phone && !c.phone.includes('*') ? c.phone : undefined;
    form.setFieldsValue({ customer: { id: c.id, name: c.name, phone, room: c.room ?? undefined, address: c.address ?? undefined } } as Partial<Values>);
  };
  const track = (field: TextField) => (e: SyntheticEvent<HTMLTextAreaElement>) => {
    cursor.current = { field, start: e.currentTarget.selectionStart, end: e.currentTarget.selectionEnd };
    setTarget(field);
  };
  const insert = (text: string) => {
    const { field, start, end } = cursor.current;
    const value = String(form.getFieldValue(namePath(field)) ?? '');
    const from = Math.min(start ?? value.length, value.length);
    const to = Math.min(Math.max(end ?? from, from), value.length);
    form.setFieldValue(namePath(field), value.slice(0, from) + text + value.slice(to));
    key.current = newKey();
    const at = from + text.length;
    cursor.current = { field, start: at, end: at };
    // Back to the text, the cursor after the phrase, to go on typing.
    requestAnimationFrame(() => {
      const el = document.getElementById(namePath(field).join('_')) as HTMLTextAreaElement | null;
      el?.focus();
      el?.setSelectionRange(at, at);
    });
  };
  const fieldLabel = (f: TextField) => (f === 'settle.answer' ? m.fields.answer : m.fields[f]);

  const register = useMutation({
    mutationFn: (v: Values) => submitRegistration(v, files, key.current, m),
    onSuccess: (o) => {
      setOutcome(o);
      key.current = newKey();
      void qc.invalidateQueries({ queryKey: ['cases'] });
    },
    onError: (e) => {
      const { fields, rest } = fieldErrors(e, (name) => FIELDS.has(name.join('.')));
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      setFormError([errorText(e, m), ...rest].join(' '));
      focusFirstError(form);
    },
  });

  if (outcome) {
    return (
      <RegisterDone
        outcome={outcome}
        onAnother={() => {
          setOutcome(null);
          setCaller(null);
          setFiles([]);
          form.resetFields();
        }}
      />
    );
  }

  const required = [{ required: true, whitespace: true, message: m.validation.required }];
  const textArea = (field: TextField, rows: { minRows: number; maxRows: number }, max: number) => (
    <Input.TextArea autoSize={rows} maxLength={max} onSelect={track(field)} onFocus={track(field)} onKeyUp={track(field)} onClick={track(field)} />
  );
  return (
    <div className="page register-page">
      <Typography.Title level={3} className="page-title">{m.register.title}</Typography.Title>
      <CallerLookup picked={caller} onPick={pick} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'complaint', channel: 'phone' }}
        onValuesChange={(changed: Partial<Values>) => {
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
        scrollToFirstError={SCROLL_TO_ERROR}
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
          <PhrasePicker phrases={phrases.standard} loading={phrases.loading} target={fieldLabel(target)} onInsert={insert} />
          {phrases.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorText(phrases.error, m)} />}
          <Form.Item name="content" label={m.fields.content} rules={required} extra={forbiddenWarning(texts.content, phrases.forbidden, m)}>
            {textArea('content', { minRows: 4, maxRows: 12 }, 20000)}
          </Form.Item>
          <Form.Item name="desired_outcome" label={m.fields.desired_outcome} rules={needed('desired_outcome')} extra={forbiddenWarning(texts.desired_outcome, phrases.forbidden, m)}>
            {textArea('desired_outcome', { minRows: 2, maxRows: 6 }, 2000)}
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
        <Card size="small" title={m.register.evidenceSection} className="form-card">
          <EvidencePicker files={files} onChange={setFiles} />
        </Card>
        {canSettle && (
          <Card size="small" title={m.register.settleSection} className="form-card" data-testid="settle-card">
            <SettleOnSpot
              form={form}
              answerField={(rules) => (
                <Form.Item name={['settle', 'answer']} label={m.fields.answer} rules={rules} extra={forbiddenWarning(texts['settle.answer'], phrases.forbidden, m)}>
                  {textArea('settle.answer', { minRows: 2, maxRows: 8 }, 5000)}
                </Form.Item>
              )}
            />
          </Card>
        )}
        {formError && <Alert type="error" showIcon role="alert" message={formError} style={{ marginBottom: 16 }} />}
        <Space className="form-actions">
          <Button type="primary" htmlType="submit" loading={register.isPending} size="large" data-testid="register-submit">{m.register.submit}</Button>
          <Button onClick={() => { form.resetFields(); setFiles([]); setFormError(null); }} size="large">{m.register.reset}</Button>
        </Space>
      </Form>
    </div>
  );
}
