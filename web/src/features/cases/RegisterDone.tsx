import { Alert, Button, Card, Result, Space } from 'antd';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router-dom';
import { fmt, useI18n } from '../../i18n/index.tsx';
import type { Outcome } from './register-submit.ts';

/** After saving: the case number large, to read back to the caller, and what became of the files and the settling. */
export function RegisterDone({ outcome, onAnother }: { outcome: Outcome; onAnother: () => void }) {
  const { m } = useI18n();
  const { created, uploaded, failedUploads, settled, settleError } = outcome;
  const related = created.related_open_cases?.length ?? 0;
  const open = useRef<HTMLButtonElement>(null);
  const navigate = useNavigate();
  // Keyboard users land on the next step, not on the top of the page.
  useEffect(() => open.current?.focus(), []);
  return (
    <div className="page">
      <Card>
        <Result
          status={settled === false || failedUploads.length ? 'warning' : 'success'}
          title={
            <>
              <div className="case-number-large" data-testid="case-number-large" aria-label={`${m.register.caseNumber} ${created.number}`}>{created.number}</div>
              <span data-testid="created-number">{fmt(m.register.created, { number: created.number })}</span>
            </>
          }
          subTitle={m.register.tellCustomer}
          extra={[
            <Button key="open" type="primary" ref={open} onClick={() => navigate(`/cases/${created.id}`)} data-testid="open-created">{m.register.open}</Button>,
            <Button key="again" onClick={onAnother}>{m.register.another}</Button>,
          ]}
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            {settled === true && <Alert type="success" showIcon data-testid="settled" message={m.register.settled} />}
            {settled === false && <Alert type="error" showIcon data-testid="settle-failed" message={fmt(m.register.settleFailed, { reason: settleError ?? '' })} />}
            {uploaded > 0 && <Alert type="info" showIcon data-testid="uploaded" message={fmt(m.register.uploaded, { n: uploaded })} />}
            {failedUploads.map((f) => (
              <Alert key={f.name} type="error" showIcon message={fmt(m.register.uploadFailed, { name: f.name, reason: f.reason })} />
            ))}
            {related > 0 && <Alert type="warning" showIcon message={fmt(m.register.relatedOpen, { n: related })} />}
          </Space>
        </Result>
      </Card>
    </div>
  );
}
