import { Alert, Button, Form, Input, Modal, Select, Table } from 'antd';
import { useState } from 'react';
import { ApiError, client, type ApiGet, type ApiPostBody, type Item } from '../api/client.ts';
import { Code } from '../Code.tsx';
import { useT } from '../i18n.ts';
import { useData } from './useData.ts';
import { useLabels } from '../labels.ts';
import { HolderSelect } from './Pickers.tsx';

type User = Item<ApiGet<'/api/users'>>;

const HOLDER_ROLE = 'holder_officer';

/**
 * 账号管理 (province admin only; the API refuses everyone else). A holder liaison's account is
 * linked to its "N" holder, chosen by name; the list shows the holder's name, never its id.
 */
export function AccountsPage() {
  const t = useT();
  const { label, options } = useLabels();
  const { data, loading, error, reload } = useData<ApiGet<'/api/users'>>('/api/users');
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const role = Form.useWatch('role', form);
  const explain = (e: unknown) => setFormError(e instanceof ApiError ? `${e.zh} / ${e.en}` : String(e));
  const create = async (v: ApiPostBody<'/api/users'>) => {
    try {
      await client.POST('/api/users', { body: v });
      setOpen(false);
      form.resetFields();
      reload();
    } catch (e) {
      explain(e);
    }
  };
  const change = async (v: { displayName: string; holderId?: string }) => {
    if (!editing) return;
    try {
      await client.PATCH('/api/users/{id}', {
        params: { path: { id: editing.id } },
        body: editing.role === HOLDER_ROLE ? v : { displayName: v.displayName },
      });
      setEditing(null);
      reload();
    } catch (e) {
      explain(e);
    }
  };
  return (
    <>
      {error && <Alert type="error" message={error} />}
      <Button
        type="primary"
        onClick={() => {
          setFormError(null);
          setOpen(true);
        }}
        style={{ marginBottom: 16 }}
      >
        {t('新建账号')}
      </Button>
      <Table
        size="small"
        rowKey="id"
        dataSource={data ?? []}
        loading={loading}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('用户名'), dataIndex: 'username' },
          { title: t('显示名'), dataIndex: 'display_name' },
          { title: t('角色'), dataIndex: 'role', render: (r: string) => label('role', r) },
          { title: t('城市'), dataIndex: 'city_code', render: (c: string | null) => (c ? label('city', c) : '—') },
          {
            title: t('所属单位'),
            render: (_: unknown, u: User) =>
              u.holder_name ? (
                u.holder_name
              ) : u.institution_code || u.enterprise_code ? (
                <>
                  {u.institution_name ?? u.enterprise_name ?? ''} <Code>{u.institution_code ?? u.enterprise_code}</Code>
                </>
              ) : (
                '—'
              ),
          },
          {
            title: t('领域 / 重点任务'),
            render: (_: unknown, u: User) =>
              [
                ...u.sectors.map((x) => label('sector', x)),
                ...u.key_tasks.map((k) => label('keyTask', k)),
                ...(u.directories.length
                  ? [`${t('发布目录')}：${u.directories.map((d) => label('directory', d)).join('、')}`]
                  : []),
              ].join('、') || '—',
          },
          {
            title: t('操作'),
            render: (_: unknown, u: User) => (
              <Button
                size="small"
                onClick={() => {
                  setFormError(null);
                  setEditing(u);
                }}
                data-testid={`edit-${u.username}`}
              >
                {t('编辑')}
              </Button>
            ),
          },
        ]}
      />
      <Modal open={open} title={t('新建账号')} onCancel={() => setOpen(false)} footer={null}>
        {formError && <Alert type="error" message={formError} />}
        <Form form={form} layout="vertical" onFinish={create}>
          <Form.Item name="username" label={t('用户名')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="displayName" label={t('显示名')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="password" label={t('密码')} rules={[{ required: true, min: 8 }]}>
            <Input.Password />
          </Form.Item>
          <Form.Item name="role" label={t('角色')} rules={[{ required: true }]}>
            <Select options={options('role')} data-testid="role-select" />
          </Form.Item>
          {role === HOLDER_ROLE ? (
            <Form.Item
              name="holderId"
              label={t('目标承担单位')}
              rules={[{ required: true, message: t('请选择目标承担单位') }]}
            >
              <HolderSelect />
            </Form.Item>
          ) : (
            <>
              <Form.Item name="cityCode" label={t('城市')}>
                <Select allowClear options={options('city')} />
              </Form.Item>
              <Form.Item name="institutionCode" label={t('机构')}>
                <Input />
              </Form.Item>
              <Form.Item name="enterpriseCode" label={t('企业')}>
                <Input />
              </Form.Item>
            </>
          )}
          <Button type="primary" htmlType="submit">
            {t('保存')}
          </Button>
        </Form>
      </Modal>
      <Modal
        open={editing !== null}
        title={t('编辑账号')}
        onCancel={() => setEditing(null)}
        footer={null}
        destroyOnHidden
      >
        {formError && <Alert type="error" message={formError} />}
        {editing && (
          <Form
            layout="vertical"
            onFinish={change}
            initialValues={{ displayName: editing.display_name, holderId: editing.holder_id ?? undefined }}
          >
            <Form.Item label={t('用户名')}>
              <Input value={editing.username} disabled />
            </Form.Item>
            <Form.Item name="displayName" label={t('显示名')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            {editing.role === HOLDER_ROLE && (
              <Form.Item
                name="holderId"
                label={t('目标承担单位')}
                rules={[{ required: true, message: t('请选择目标承担单位') }]}
              >
                <HolderSelect />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit">
              {t('保存')}
            </Button>
          </Form>
        )}
      </Modal>
    </>
  );
}
