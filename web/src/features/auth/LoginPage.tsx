import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useLocation } from 'react-router-dom';
import { errorText } from '../../errors.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { LanguageSwitch } from '../../layout/LanguageSwitch.tsx';
import { useAuthConfig, useLogin, useMe } from './session.ts';

export function LoginPage() {
  const { m } = useI18n();
  const me = useMe();
  const login = useLogin();
  const config = useAuthConfig();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/queues';
  if (me.data) return <Navigate to={me.data.must_change_password ? '/password' : from} replace />;

  return (
    <div className="login-page">
      <div className="login-lang"><LanguageSwitch /></div>
      <Card className="login-card">
        <Typography.Title level={2} className="login-title">
          倾听 <Typography.Text type="secondary" className="login-tagline">{m.app.tagline}</Typography.Text>
        </Typography.Title>
        <Form layout="vertical" size="large" onFinish={(v: { username: string; password: string }) => login.mutate(v)} requiredMark={false}>
          <Form.Item name="username" label={m.login.username} rules={[{ required: true, whitespace: true, message: fmt(m.login.required, { field: m.login.username }) }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={m.login.password} rules={[{ required: true, message: fmt(m.login.required, { field: m.login.password }) }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {login.error && <Alert type="error" showIcon message={errorText(login.error, m)} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" block loading={login.isPending}>{m.login.submit}</Button>
        </Form>
        {/* The demo users' password only while the demo organisation is loaded. */}
        {config.data?.demo && (
          <Typography.Paragraph type="secondary" className="login-hint" data-testid="demo-hint">
            {m.login.demoHint.split('{password}')[0]}
            <Typography.Text code className="nowrap">qingting-demo</Typography.Text>
            {m.login.demoHint.split('{password}')[1]}
          </Typography.Paragraph>
        )}
      </Card>
    </div>
  );
}
