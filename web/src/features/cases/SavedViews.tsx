import { CloseOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { SAVED_VIEW_KEYS } from '@contract/saved-view-keys.ts';
import { api } from '../../api.ts';
import { errorText, fieldErrors } from '../../errors.ts';
import { focusFirstError, SCROLL_TO_ERROR } from '../../forms.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';

const KEY = ['saved-views'];
const KEYS = new Set<string>(SAVED_VIEW_KEYS);

/** The case list's URL for a saved view's filters. */
export const viewHref = (query: Record<string, string>) => `/cases?${new URLSearchParams(query).toString()}`;

/** The user's own saved views beside the queues: each opens the case list with its filters, and can be deleted. */
export function SavedViewsBar({ empty = false }: { empty?: boolean }) {
  const { m } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const views = useQuery({ queryKey: KEY, queryFn: api.savedViews, staleTime: 60_000 });
  const remove = useMutation({
    mutationFn: (id: string) => api.deleteView(id),
    onSuccess: () => {
      void message.success(m.workbench.viewDeleted);
      void qc.invalidateQueries({ queryKey: KEY });
    },
    onError: (e) => void message.error(errorText(e, m)),
  });
  const items = views.data?.items ?? [];
  if (views.error) return <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorText(views.error, m)} />;
  if (items.length === 0 && !empty) return null;
  return (
    <nav className="saved-views" aria-label={m.workbench.views} data-testid="saved-views">
      <Typography.Text className="saved-views-label">{m.workbench.views}:</Typography.Text>
      {items.length === 0 && <Typography.Text type="secondary">{m.workbench.noViews}</Typography.Text>}
      {items.map((v) => (
        <Tag key={v.id} className="saved-view" data-testid="saved-view" data-name={v.name}>
          <Link to={viewHref(v.query)}>{v.name}</Link>
          <Popconfirm
            title={fmt(m.workbench.deleteViewConfirm, { name: v.name })}
            okText={m.workbench.yes}
            cancelText={m.workbench.no}
            onConfirm={() => remove.mutate(v.id)}
          >
            <Button type="text" size="small" icon={<CloseOutlined />} aria-label={fmt(m.workbench.deleteView, { name: v.name })} data-testid="saved-view-delete" />
          </Popconfirm>
        </Tag>
      ))}
    </nav>
  );
}

/** "Save as view": names the list's current filters (from its URL) as one of the user's views. */
export function SaveViewButton({ search }: { search: URLSearchParams }) {
  const { m } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const [error, setError] = useState<string | null>(null);
  const query = Object.fromEntries([...search].filter(([k, v]) => KEYS.has(k) && v.trim() !== ''));
  const save = useMutation({
    mutationFn: (name: string) => api.saveView(name, query),
    onSuccess: (v) => {
      void message.success(fmt(m.workbench.viewSaved, { name: v.name }));
      void qc.invalidateQueries({ queryKey: KEY });
      setOpen(false);
      form.resetFields();
    },
    onError: (e) => {
      const { fields, rest } = fieldErrors(e, (n) => n.join('.') === 'name');
      // A name already used is the name field's problem.
      form.setFields(fields.length ? (fields.map((f) => ({ ...f, errors: [errorText(e, m)] })) as never) : []);
      setError(fields.length ? null : [errorText(e, m), ...rest].join(' '));
      focusFirstError(form);
    },
  });
  return (
    <>
      <Button icon={<SaveOutlined />} onClick={() => { setError(null); setOpen(true); }} data-testid="save-view">{m.workbench.saveView}</Button>
      <Modal
        open={open}
        title={m.workbench.saveView}
        okText={m.action.submit}
        cancelText={m.action.cancel}
        confirmLoading={save.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v.name)} scrollToFirstError={SCROLL_TO_ERROR}>
          <Form.Item name="name" label={m.workbench.viewName} rules={[{ required: true, whitespace: true, message: m.validation.required }, { max: 60 }]}>
            <Input autoFocus maxLength={60} data-testid="view-name" />
          </Form.Item>
          {error && <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} message={error} />}
        </Form>
      </Modal>
    </>
  );
}
