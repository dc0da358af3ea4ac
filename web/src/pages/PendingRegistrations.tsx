import { useContext, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { ApiGet, Item } from '../api/client.ts';
import { dateTime } from '../format.ts';
import { LangContext, useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

type Pending = Item<ApiGet<'/api/persons/pending'>>;

/**
 * 待审核注册: self-registrations in the officer's city that cannot sign in until confirmed — the ID
 * number was new to the registry, the official record was imported after the registration, or the
 * verified phone is not the registry's (the list says which). Confirm lets the account sign in (and
 * sets a new person's groups and city; an official record keeps its own); reject removes the
 * registration and its account — never an official record — the reason sent to them by SMS.
 */
export function PendingRegistrations() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { label, options } = useLabels();
  const { data, error, reload } = useData<ApiGet<'/api/persons/pending'>>('/api/persons/pending');
  const [confirming, setConfirming] = useState<Pending | null>(null);
  const [rejecting, setRejecting] = useState<Pending | null>(null);
  const action = useAction(() => {
    setConfirming(null);
    setRejecting(null);
    reload();
  });
  return (
    <>
      <Typography.Paragraph type="secondary">
        {t(
          '劳动者自助注册须核实本人的：身份证号不在实名库、注册后才导入官方记录、或验证手机号与实名库不一致。确认后即可登录；驳回只删除注册账号，不删除官方实名记录。',
        )}
      </Typography.Paragraph>
      {error && <Alert type="error" message={error} />}
      <Table
        size="small"
        rowKey="person_key"
        data-testid="pending-table"
        scroll={{ x: 'max-content' }}
        dataSource={data ?? []}
        locale={{ emptyText: t('暂无待审核的注册') }}
        columns={[
          {
            title: t('姓名'),
            dataIndex: 'name',
            render: (name: string, r: Pending) =>
              r.registrant_name === name ? (
                name
              ) : (
                <span>
                  {name}
                  <br />
                  <Typography.Text type="secondary">
                    {t('注册填写')}：{r.registrant_name}
                  </Typography.Text>
                </span>
              ),
          },
          {
            title: t('审核原因'),
            dataIndex: 'review_reason',
            render: (_: string, r: Pending) => (
              <Tag color={r.official ? 'orange' : 'blue'} style={{ whiteSpace: 'normal' }}>
                {r.review_reason_name[lang]}
              </Tag>
            ),
          },
          { title: t('身份证号'), dataIndex: 'id_masked' },
          { title: t('电话'), dataIndex: 'phone' },
          { title: t('常住城市'), dataIndex: 'city_code', render: (c: string) => label('city', c) },
          { title: t('注册时间'), dataIndex: 'registered_at', render: (at: string) => dateTime(at) },
          {
            title: t('操作'),
            key: 'actions',
            render: (_: unknown, r: Pending) => (
              <Space>
                <Button size="small" type="primary" onClick={() => setConfirming(r)}>
                  {t('确认')}
                </Button>
                <Button size="small" danger onClick={() => setRejecting(r)}>
                  {t('驳回')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!confirming}
        title={`${t('确认注册')} · ${confirming?.name ?? ''}`}
        onCancel={() => setConfirming(null)}
        footer={null}
        destroyOnHidden
      >
        {action.error && <Alert type="error" message={action.error} style={{ marginBottom: 12 }} />}
        <Form
          layout="vertical"
          initialValues={{ groups: [], cityCode: confirming?.city_code }}
          onFinish={(v) =>
            action.run(
              `/api/persons/${confirming!.person_key}/confirm`,
              confirming!.official ? { groups: [], cityCode: confirming!.city_code } : v,
            )
          }
        >
          {confirming?.official ? (
            <Alert
              type="info"
              style={{ marginBottom: 12 }}
              message={t(
                '该人员已有官方实名记录：确认后保留官方的重点群体与常住城市，仅允许注册人登录。请先核实注册人是否本人。',
              )}
            />
          ) : (
            <>
              <Form.Item name="groups" label={t('重点群体')}>
                <Select mode="multiple" options={options('group')} aria-label={t('重点群体')} />
              </Form.Item>
              <Form.Item name="cityCode" label={t('常住城市')} rules={[{ required: true }]}>
                <Select options={options('city')} aria-label={t('常住城市')} />
              </Form.Item>
            </>
          )}
          <Button type="primary" htmlType="submit" loading={action.busy} block>
            {t('确认')}
          </Button>
        </Form>
      </Modal>
      <Modal
        open={!!rejecting}
        title={`${t('驳回注册')} · ${rejecting?.name ?? ''}`}
        onCancel={() => setRejecting(null)}
        footer={null}
        destroyOnHidden
      >
        {action.error && <Alert type="error" message={action.error} style={{ marginBottom: 12 }} />}
        <Form layout="vertical" onFinish={(v) => action.run(`/api/persons/${rejecting!.person_key}/reject`, v)}>
          <Form.Item
            name="reason"
            label={t('驳回理由')}
            extra={t('理由将以短信告知本人')}
            rules={[{ required: true, min: 2 }]}
          >
            <Input.TextArea rows={3} maxLength={200} />
          </Form.Item>
          <Button danger htmlType="submit" loading={action.busy} block>
            {t('驳回')}
          </Button>
        </Form>
      </Modal>
    </>
  );
}
