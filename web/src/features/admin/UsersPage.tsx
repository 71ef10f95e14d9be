import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorText } from '../../errors.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { adminApi, type AdminUser } from './admin-api.ts';
import { AdminShell } from './AdminShell.tsx';

const ROLES = ['agent', 'handler', 'department_head', 'unit_manager', 'complaint_center', 'admin', 'auditor'] as const;

/** Users with their roles and unit: add one, reset a password (a generated one shown once), unlock a locked account.
 * Deactivated units are not offered (a user's current one stays shown while editing them). */
export function UsersPage() {
  const { m } = useI18n();
  const t = m.admin.users;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const users = useQuery({ queryKey: ['admin', 'users'], queryFn: adminApi.users });
  const units = useQuery({ queryKey: ['admin', 'units'], queryFn: adminApi.units });
  const unitName = new Map((units.data?.items ?? []).map((u) => [u.id, u.name]));
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const [temporary, setTemporary] = useState<string | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const [form] = Form.useForm();
  const [editing, setEditing] = useState<AdminUser | null>(null);
  const [editForm] = Form.useForm();
  const refresh = () => void qc.invalidateQueries({ queryKey: ['admin', 'users'] });
  const onError = (e: unknown) => message.error(errorText(e, m));

  const create = useMutation({ mutationFn: adminApi.createUser, onSuccess: () => { setAdding(false); form.resetFields(); refresh(); message.success(m.admin.common.saved); }, onError });
  const reset = useMutation({
    mutationFn: (u: AdminUser) => adminApi.resetPassword(u.id, newPassword || undefined),
    onSuccess: (r) => { refresh(); message.success(t.resetDone); if (r.temporary_password) setTemporary(r.temporary_password); else setResetting(null); setNewPassword(''); },
    onError,
  });
  const update = useMutation({
    mutationFn: (v: { display_name: string; roles: string[]; unit_id: string; active: boolean }) => adminApi.updateUser(editing!.id, v),
    onSuccess: () => { setEditing(null); refresh(); message.success(m.admin.common.saved); },
    onError,
  });
  const unlock = useMutation({ mutationFn: (u: AdminUser) => adminApi.unlock(u.id), onSuccess: () => { refresh(); message.success(t.unlocked); }, onError });

  return (
    <AdminShell title={t.title} extra={<Button type="primary" onClick={() => setAdding(true)}>{m.admin.common.add}</Button>}>
      <Table<AdminUser>
        rowKey="id"
        size="middle"
        loading={users.isPending}
        dataSource={users.data?.items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 760 }}
        columns={[
          { title: t.username, dataIndex: 'username', width: 120 },
          { title: t.displayName, dataIndex: 'display_name', width: 120 },
          { title: t.roles, dataIndex: 'roles', render: (rs: string[]) => rs.map((r) => <Tag key={r}>{m.roles[r as keyof typeof m.roles] ?? r}</Tag>) },
          { title: t.unit, dataIndex: 'unit_id', render: (id: string) => unitName.get(id) ?? '' },
          {
            title: t.status, key: 'status', width: 130,
            render: (_, u) => (
              <Space size={4} wrap>
                {u.locked_at ? <Tag color="red" data-testid={`locked-${u.username}`}>{t.locked}</Tag> : u.must_change_password ? <Tag color="gold">{t.mustChange}</Tag> : <Tag color="green">{t.normal}</Tag>}
                {!u.active && <Tag>{m.admin.common.inactive}</Tag>}
              </Space>
            ),
          },
          {
            title: m.admin.common.actions, key: 'actions', width: 250, fixed: 'right',
            render: (_, u) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => { setEditing(u); editForm.setFieldsValue(u); }}>{m.admin.common.edit}</Button>
                <Button size="small" data-testid={`reset-${u.username}`} onClick={() => { setTemporary(null); setResetting(u); }}>{t.reset}</Button>
                {u.locked_at && <Button size="small" data-testid={`unlock-${u.username}`} loading={unlock.isPending} onClick={() => unlock.mutate(u)}>{t.unlock}</Button>}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!resetting}
        title={resetting ? fmt(t.resetTitle, { name: resetting.display_name }) : ''}
        onCancel={() => { setResetting(null); setTemporary(null); }}
        okText={temporary ? m.admin.common.close : t.reset}
        cancelButtonProps={temporary ? { style: { display: 'none' } } : {}}
        onOk={() => (temporary ? (setResetting(null), setTemporary(null)) : resetting && reset.mutate(resetting))}
        confirmLoading={reset.isPending}
      >
        {temporary ? (
          <Space direction="vertical">
            <Typography.Text>{t.temporary}</Typography.Text>
            <Typography.Text code copyable data-testid="temporary-password" style={{ fontSize: 18 }}>{temporary}</Typography.Text>
          </Space>
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Paragraph type="secondary">{t.resetHint}</Typography.Paragraph>
            <Input.Password aria-label={t.newPassword} placeholder={t.newPassword} value={newPassword} onChange={(e) => setNewPassword(e.target.value)} autoComplete="new-password" />
          </Space>
        )}
      </Modal>
      <Modal open={!!editing} title={editing ? `${m.admin.common.edit} · ${editing.username}` : ''} onCancel={() => setEditing(null)} onOk={() => editForm.submit()} confirmLoading={update.isPending}>
        <Form form={editForm} layout="vertical" onFinish={(v) => update.mutate(v)}>
          <Form.Item name="display_name" label={t.displayName} rules={[{ required: true, message: fmt(m.admin.common.required, { field: t.displayName }) }]}><Input /></Form.Item>
          <Form.Item name="roles" label={t.roles} rules={[{ required: true, message: fmt(m.admin.common.required, { field: t.roles }) }]}>
            <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: m.roles[r] }))} />
          </Form.Item>
          <Form.Item name="unit_id" label={t.unit} rules={[{ required: true, message: fmt(m.admin.common.required, { field: t.unit }) }]}>
            <Select showSearch optionFilterProp="label" options={(units.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="active" label={m.admin.common.active} valuePropName="checked"><Switch /></Form.Item>
        </Form>
      </Modal>
      <Modal open={adding} title={m.admin.common.add} onCancel={() => setAdding(false)} onOk={() => form.submit()} confirmLoading={create.isPending}>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="username" label={t.username} rules={[{ required: true, message: fmt(m.admin.common.required, { field: t.username }) }]}><Input autoComplete="off" /></Form.Item>
          <Form.Item name="display_name" label={t.displayName} rules={[{ required: true, message: fmt(m.admin.common.required, { field: t.displayName }) }]}><Input /></Form.Item>
          <Form.Item name="password" label={t.password} rules={[{ required: true, min: 8, message: fmt(m.admin.common.required, { field: t.password }) }]}><Input.Password autoComplete="new-password" /></Form.Item>
          <Form.Item name="roles" label={t.roles} rules={[{ required: true, message: fmt(m.admin.common.required, { field: t.roles }) }]}>
            <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: m.roles[r] }))} />
          </Form.Item>
          <Form.Item name="unit_id" label={t.unit} rules={[{ required: true, message: fmt(m.admin.common.required, { field: t.unit }) }]}>
            <Select showSearch optionFilterProp="label" options={(units.data?.items ?? []).filter((u) => u.active || u.id === editing?.unit_id).map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
        </Form>
      </Modal>
    </AdminShell>
  );
}
