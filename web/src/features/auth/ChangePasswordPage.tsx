import { LockOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Form, Input, Space, Spin, Typography } from 'antd';
import { Navigate, useNavigate } from 'react-router-dom';
import { errorText, fieldErrors } from '../../errors.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { LanguageSwitch } from '../../layout/LanguageSwitch.tsx';
import { useAuthConfig, useChangePassword, useLogoutAll, useMe } from './session.ts';

interface Values {
  current_password: string;
  new_password: string;
  confirm: string;
}

/** Change one's own password (required first when signed in with a temporary one), or sign out everywhere. */
export function ChangePasswordPage() {
  const { m } = useI18n();
  const me = useMe();
  const config = useAuthConfig();
  const change = useChangePassword();
  const logoutAll = useLogoutAll();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();

  if (me.isPending) return <div className="center-spin"><Spin size="large" /></div>;
  if (!me.data) return <Navigate to="/login" replace />;
  const forced = me.data.must_change_password === true;
  const { rest } = fieldErrors(change.error, () => false);

  const submit = (v: Values) =>
    change.mutate(
      { current: v.current_password, next: v.new_password },
      {
        onSuccess: () => {
          void message.success(m.password.done);
          navigate('/queues', { replace: true });
        },
        onError: (e) =>
          form.setFields(
            fieldErrors(e, (path) => path.length === 1 && (path[0] === 'new_password' || path[0] === 'current_password')).fields.map((f) => ({
              name: f.name[0] as keyof Values,
              errors: f.errors,
            })),
          ),
      },
    );

  return (
    <div className="login-page">
      <div className="login-lang"><LanguageSwitch /></div>
      <Card className="login-card" title={m.password.title}>
        {forced && <Alert type="warning" showIcon message={m.password.forced} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="current_password" label={m.password.current} rules={[{ required: true, message: fmt(m.login.required, { field: m.password.current }) }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" autoFocus />
          </Form.Item>
          <Form.Item
            name="new_password"
            label={m.password.next}
            extra={fmt(m.password.rules, { min: config.data?.password_min_length ?? 10 })}
            rules={[{ required: true, message: fmt(m.login.required, { field: m.password.next }) }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={m.password.confirm}
            dependencies={['new_password']}
            rules={[
              { required: true, message: fmt(m.login.required, { field: m.password.confirm }) },
              ({ getFieldValue }) => ({
                validator: (_, value) => (!value || value === getFieldValue('new_password') ? Promise.resolve() : Promise.reject(new Error(m.password.mismatch))),
              }),
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
          </Form.Item>
          {change.error && (
            <Alert type="error" showIcon message={errorText(change.error, m)} description={rest.length ? rest.join('; ') : undefined} style={{ marginBottom: 16 }} />
          )}
          <Button type="primary" htmlType="submit" block loading={change.isPending}>{m.password.submit}</Button>
        </Form>
        <Space style={{ marginTop: 16 }}>
          {!forced && <Button onClick={() => navigate(-1)}>{m.password.back}</Button>}
          <Button
            danger
            loading={logoutAll.isPending}
            onClick={() =>
              logoutAll.mutate(undefined, {
                onSuccess: () => {
                  void message.success(m.password.logoutAllDone);
                  navigate('/login', { replace: true });
                },
              })
            }
          >
            {m.password.logoutAll}
          </Button>
        </Space>
        {logoutAll.error && <Typography.Paragraph type="danger">{errorText(logoutAll.error, m)}</Typography.Paragraph>}
      </Card>
    </div>
  );
}
