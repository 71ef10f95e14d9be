import { Checkbox, Col, Form, Input, InputNumber, Row, Select, Typography, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { REMEDY_TYPES, type RemedyType } from '@contract/enums.ts';
import { useI18n } from '../../i18n/index.tsx';
import { optionsOf } from './labels.tsx';

/** What the form holds under `settle`: sent as the `answer` action right after the case is saved. */
export interface SettleValues {
  on?: boolean;
  answer?: string;
  remedy?: { types?: RemedyType[]; amount?: number | null; description?: string };
}

/** The `answer` action's body (004 场景一: explained and settled by whoever received it, then closed). */
export function answerBody(s: SettleValues, version: number) {
  const types = s.remedy?.types ?? [];
  const description = s.remedy?.description?.trim();
  const amount = s.remedy?.amount ?? undefined;
  return {
    version,
    answer: (s.answer ?? '').trim(),
    ...(types.length ? { remedy: { types, ...(amount !== undefined && amount !== null ? { amount } : {}), ...(description ? { description } : {}) } } : {}),
  };
}

/**
 * Settle on the spot in the registration screen (DOMAIN.md: "Whatever can be settled at first contact is settled
 * and closed on the spot, complaints included"). `answerField` renders the answer's text area, so the page can give
 * it the phrase insertion and the forbidden-phrase warning like its other texts.
 */
export function SettleOnSpot({ form, answerField }: { form: FormInstance; answerField: (rules: object[]) => ReactNode }) {
  const { m } = useI18n();
  const on = Form.useWatch(['settle', 'on'], form) as boolean | undefined;
  return (
    <>
      <Typography.Paragraph type="secondary">{m.register.settleHint}</Typography.Paragraph>
      <Form.Item name={['settle', 'on']} valuePropName="checked" style={{ marginBottom: on ? 16 : 0 }}>
        <Checkbox data-testid="settle-on">{m.register.settleSwitch}</Checkbox>
      </Form.Item>
      {on && (
        <>
          {answerField([{ required: true, whitespace: true, message: m.validation.required }])}
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name={['settle', 'remedy', 'types']}
                label={m.fields.remedy_types}
                dependencies={[['settle', 'remedy', 'amount'], ['settle', 'remedy', 'description']]}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: async (_r, v?: string[]) => {
                      const more = getFieldValue(['settle', 'remedy', 'amount']) != null || String(getFieldValue(['settle', 'remedy', 'description']) ?? '').trim() !== '';
                      if (more && !v?.length) throw new Error(m.validation.required);
                    },
                  }),
                ]}
              >
                <Select mode="multiple" allowClear options={optionsOf(REMEDY_TYPES, m.remedyTypes)} optionFilterProp="label" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['settle', 'remedy', 'amount']} label={m.fields.remedy_amount}>
                <InputNumber min={0} max={10_000_000} precision={2} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name={['settle', 'remedy', 'description']} label={m.fields.remedy_description}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
          </Form.Item>
        </>
      )}
    </>
  );
}
