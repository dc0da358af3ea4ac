import { Alert, Button, Card, DatePicker, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { Me } from '../api.ts';
import type { ApiGet, ApiPostBody, Schemas } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';
import { chinaToday, useLabels } from '../labels.ts';
import { dayText, pickerDay } from '../china-time.ts';

type Row = Schemas['LabourMarketRow'];
const SIGNAL_COLORS: Record<Row['signal'], string> = { shortage: 'red', saturated: 'default', balanced: 'green' };

/** 劳动力市场: training and certificate supply against job-order demand; the province publishes the shortage list from it. */
export function LabourMarketPage({ me }: { me: Me | null }) {
  const t = useT();
  const { label } = useLabels();
  const { data, loading, error, reload } = useData<ApiGet<'/api/labour-market'>>('/api/labour-market');
  const current = useData<ApiGet<'/api/directories/{name}'>>('/api/directories/shortage_occupations?limit=500');
  const [selected, setSelected] = useState<string[]>([]);
  const [effectiveFrom, setEffectiveFrom] = useState(chinaToday());
  const action = useAction(() => {
    reload();
    current.reload();
  });
  useEffect(() => {
    if (current.data) setSelected(current.data.entries.map((e) => e.code));
  }, [current.data]);
  const province = me?.role === 'province_admin';
  return (
    <>
      {error && <Alert type="error" message={error} />}
      <Table
        size="small"
        rowKey="occupation_code"
        dataSource={data?.rows ?? []}
        loading={loading}
        data-testid="market-table"
        pagination={{ pageSize: 50 }}
        rowSelection={province ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]) } : undefined}
        columns={[
          { title: t('职业'), dataIndex: 'occupation_name' },
          { title: t('领域'), dataIndex: 'sector', render: (s: string) => label('sector', s) },
          { title: t('结业人数'), dataIndex: 'completers' },
          { title: t('新增证书'), dataIndex: 'certificates' },
          { title: t('供给'), dataIndex: 'supply' },
          { title: t('订单岗位'), dataIndex: 'positions' },
          { title: t('未招满'), dataIndex: 'unfilled' },
          { title: t('部门预测（本年）'), dataIndex: 'forecast' },
          {
            title: t('信号'),
            dataIndex: 'signal',
            render: (s: Row['signal']) => <Tag color={SIGNAL_COLORS[s]}>{label('marketSignal', s)}</Tag>,
          },
        ]}
      />
      <HiredFromActivities />
      {province && (
        <Card size="small" title={t('发布紧缺职业目录')} style={{ marginTop: 16 }}>
          <Space wrap>
            <Button
              onClick={() =>
                setSelected([
                  ...new Set([
                    ...selected,
                    ...(data?.rows ?? []).filter((r) => r.signal === 'shortage').map((r) => r.occupation_code),
                  ]),
                ])
              }
            >
              {t('加入全部紧缺信号职业')}
            </Button>
            {t('施行日期')}{' '}
            <DatePicker
              value={pickerDay(effectiveFrom)}
              onChange={(d) => d && setEffectiveFrom(dayText(d))}
              allowClear={false}
              style={{ width: 140 }}
              aria-label={t('施行日期')}
            />
            <Button
              type="primary"
              onClick={() =>
                action.run('/api/shortage-list', {
                  effectiveFrom,
                  occupations: selected,
                } satisfies ApiPostBody<'/api/shortage-list'>)
              }
            >
              {t('发布')}（{selected.length}）
            </Button>
            <Button
              onClick={() =>
                action.run('/api/directories/saturated_occupations/publish', {
                  effectiveFrom,
                } satisfies ApiPostBody<'/api/directories/{name}/publish'>)
              }
            >
              {t('发布饱和职业目录')}
            </Button>
          </Space>
          <div style={{ color: '#888', marginTop: 8 }}>
            {t('紧缺职业目录决定此后发证的紧缺系数（1.30）；列表中勾选的职业即为新目录。')}
          </div>
          {action.error && <Alert type="error" message={action.error} style={{ marginTop: 12 }} />}
        </Card>
      )}
    </>
  );
}

type ActivityHires = ApiGet<'/api/activities/hires'>;

/** 活动招聘录用: who was hired from the field activities (job fairs, 直播带岗 …), by kind and city, this year. */
function HiredFromActivities() {
  const t = useT();
  const { label } = useLabels();
  const year = Number(chinaToday().slice(0, 4));
  const { data, loading, error } = useData<ActivityHires>(`/api/activities/hires?year=${year}`);
  const rows = data ?? [];
  const sum = (k: 'activities' | 'signed_up' | 'attended' | 'hires') => rows.reduce((n, r) => n + r[k], 0);
  return (
    <Card
      size="small"
      title={`${t('活动招聘录用')}（${year}）`}
      extra={
        <span data-testid="activity-hires-total">
          {t('录用')} {sum('hires')}
        </span>
      }
      style={{ marginTop: 16 }}
      data-testid="activity-hires"
    >
      {error && <Alert type="error" message={error} />}
      <Table
        size="small"
        rowKey={(r) => `${r.city_code}/${r.kind}`}
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('城市'), dataIndex: 'city_code', render: (c: string) => label('city', c) },
          { title: t('活动类型'), dataIndex: 'kind', render: (k: string) => label('activityKind', k) },
          { title: t('活动数'), dataIndex: 'activities' },
          { title: t('报名'), dataIndex: 'signed_up' },
          { title: t('签到'), dataIndex: 'attended' },
          { title: t('录用'), dataIndex: 'hires' },
        ]}
      />
    </Card>
  );
}
