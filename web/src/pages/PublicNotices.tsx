import { useState } from 'react';
import { Alert, Button, Card, Empty, Pagination, Select, Space, Tag } from 'antd';
import type { ApiGet, Item } from '../api/client.ts';
import { date, yuan } from '../format.ts';
import { useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { ObjectionModal } from './ObjectionModal.tsx';
import { useData } from './useData.ts';

type Notice = Item<ApiGet<'/api/public/notices'>>;
const PAGE = 20;

/**
 * 补贴公示 (public, no sign-in): approved subsidies in their notice period, by city — names masked,
 * no ID numbers — each with a way to raise an objection (异议) that the city then looks into.
 */
export function PublicNoticesPage() {
  const t = useT();
  const { label, options } = useLabels();
  const [city, setCity] = useState<string | undefined>(undefined);
  const [offset, setOffset] = useState(0);
  const q = new URLSearchParams({ offset: String(offset), limit: String(PAGE), ...(city ? { city } : {}) });
  const { data, error, loading } = useData<ApiGet<'/api/public/notices'>>(`/api/public/notices?${q}`);
  const [objecting, setObjecting] = useState<Notice | null>(null);
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
      <ObjectionModal
        subject={objecting?.maskedName ?? null}
        url={objecting && `/api/public/notices/${encodeURIComponent(objecting.ref)}/objections`}
        reasonLabel={t('异议理由（5–500字）')}
        reasonMax={500}
        contactLabel={t('联系方式（选填，仅核实人员可见）')}
        received={t('异议已收到，将由所在城市人社部门核实')}
        onClose={() => setObjecting(null)}
      />
    </div>
  );
}
