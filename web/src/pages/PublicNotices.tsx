import { useContext, useState } from 'react';
import { Alert, Button, Card, Empty, Form, Input, Modal, Pagination, Select, Space, Tag, message } from 'antd';
import { api, ApiError } from '../api/client.ts';
import type { ApiGet, ApiPostBody, Item } from '../api/client.ts';
import { date, yuan } from '../format.ts';
import { LangContext, useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { useData } from './useData.ts';

type Notice = Item<ApiGet<'/api/public/notices'>>;
type Objection = ApiPostBody<'/api/public/notices/{ref}/objections'>;
const PAGE = 20;

/**
 * 补贴公示 (public, no sign-in): approved subsidies in their notice period, by city — names masked,
 * no ID numbers — each with a way to raise an objection (异议) that the city then looks into.
 */
export function PublicNoticesPage() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { label, options } = useLabels();
  const [city, setCity] = useState<string | undefined>(undefined);
  const [offset, setOffset] = useState(0);
  const q = new URLSearchParams({ offset: String(offset), limit: String(PAGE), ...(city ? { city } : {}) });
  const { data, error, loading } = useData<ApiGet<'/api/public/notices'>>(`/api/public/notices?${q}`);
  const [objecting, setObjecting] = useState<Notice | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [form] = Form.useForm<Objection>();
  const submit = async (v: Objection) => {
    setErr(null);
    try {
      await api(`/api/public/notices/${encodeURIComponent(objecting!.ref)}/objections`, {
        method: 'POST',
        body: JSON.stringify({ reason: v.reason ?? '', contact: v.contact || null } satisfies Objection),
      });
      message.success(t('异议已收到，将由所在城市人社部门核实'));
      setObjecting(null);
      form.resetFields();
    } catch (e) {
      setErr(e instanceof ApiError ? (lang === 'en' ? e.en : e.zh) : String(e));
    }
  };
  return (
    <div data-testid="public-notices">
      <div style={{ color: '#666', marginBottom: 12 }}>
        {t('以下补贴已审核通过，正在公示。如有异议，请在公示期内提出，所在城市人社部门将核实处理。')}
      </div>
      <Select
        allowClear
        placeholder={t('全部城市')}
        style={{ width: 200, maxWidth: '100%', marginBottom: 12 }}
        value={city}
        options={options('city')}
        onChange={(v) => {
          setCity(v);
          setOffset(0);
        }}
        data-testid="notice-city"
      />
      {error && <Alert type="error" message={error} />}
      {data && data.items.length === 0 && <Empty description={t('当前没有公示中的补贴')} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {(data?.items ?? []).map((n) => (
          <Card
            key={n.ref}
            size="small"
            loading={loading}
            title={
              <Space wrap size={4}>
                <b>{n.maskedName}</b>
                <Tag>{label('applicationType', n.type)}</Tag>
              </Space>
            }
            extra={<b>{yuan(n.amountFen)}</b>}
            data-testid="notice-card"
          >
            <div>{label('city', n.cityCode)}</div>
            {n.projectTitle && (
              <div style={{ wordBreak: 'break-all' }}>
                {t('培训项目')}：{n.projectTitle}
                {n.institutionName ? ` · ${n.institutionName}` : ''}
              </div>
            )}
            <div>
              {t('公示期')}：{date(n.approvedOn)} — {date(n.noticeUntil)}
            </div>
            <Button size="small" style={{ marginTop: 8 }} onClick={() => setObjecting(n)} data-testid="object">
              {t('提出异议')}
            </Button>
          </Card>
        ))}
      </Space>
      {(data?.total ?? 0) > PAGE && (
        <Pagination
          simple
          style={{ marginTop: 12 }}
          current={offset / PAGE + 1}
          pageSize={PAGE}
          total={data?.total ?? 0}
          onChange={(p) => setOffset((p - 1) * PAGE)}
        />
      )}
      <Modal
        open={objecting !== null}
        title={`${t('提出异议')} · ${objecting?.maskedName ?? ''}`}
        onCancel={() => setObjecting(null)}
        footer={null}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="reason" label={t('异议理由（5–500字）')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} maxLength={500} showCount />
          </Form.Item>
          <Form.Item name="contact" label={t('联系方式（选填，仅核实人员可见）')}>
            <Input maxLength={60} />
          </Form.Item>
          {err && <Alert type="error" message={err} style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" block>
            {t('提交异议')}
          </Button>
        </Form>
      </Modal>
    </div>
  );
}
