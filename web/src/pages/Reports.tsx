import { Alert, Button, Card, DatePicker, InputNumber, Segmented, Select, Space, Table, Tag } from 'antd';
import { WhyButton } from './WhyButton.tsx';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { Me } from '../api.ts';
import type { ApiGet, ApiPostBody, Item, Schemas } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';
import { useLabels } from '../labels.ts';
import { FilterNote, useListFilter, withQuery } from './ListFilter.tsx';
import { num } from '../format.ts';
import { percent } from './pace-scale.ts';
import { Forecast, Gap } from './PaceViews.tsx';

type Reminder = Item<ApiGet<'/api/inbox'>>;
type Progress = Item<ApiGet<'/api/targets/progress'>>;

const lastMonth = () => {
  const d = new Date();
  d.setUTCDate(0);
  return d.toISOString().slice(0, 7);
};

/** 月报: the monthly report for the province or one city, previewed and downloaded as XLSX or PDF. */
export function ReportsPage({ me }: { me: Me | null }) {
  const t = useT();
  const { label } = useLabels();
  const [month, setMonth] = useState(lastMonth());
  const [city, setCity] = useState<string | undefined>(undefined);
  const cities = useData<Schemas['CatalogCity'][]>('/api/catalogs/cities');
  const q = new URLSearchParams({ month, ...(city ? { city } : {}) }).toString();
  const { data, error } = useData<ApiGet<'/api/reports/monthly'>>(
    /^\d{4}-\d{2}$/.test(month) ? `/api/reports/monthly?${q}` : null,
  );
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        {t('月份')}{' '}
        <DatePicker
          picker="month"
          value={dayjs(`${month}-01`, 'YYYY-MM-DD')}
          onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
          allowClear={false}
          style={{ width: 120 }}
          aria-label={t('月份')}
        />
        {me?.role !== 'city_officer' && (
          <Select
            allowClear
            placeholder={t('全省')}
            value={city}
            onChange={setCity}
            style={{ width: 140 }}
            options={(cities.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
          />
        )}
        <a href={`/api/reports/monthly.xlsx?${q}`} download>
          <Button>{t('下载 XLSX')}</Button>
        </a>
        <a href={`/api/reports/monthly.pdf?${q}`} download>
          <Button>{t('下载 PDF')}</Button>
        </a>
      </Space>
      {error && <Alert type="error" message={error} />}
      {data && (
        <Card size="small" title={`${data.scopeName} ${month}`}>
          <Table
            size="small"
            rowKey="indicator"
            pagination={false}
            dataSource={data.headline}
            data-testid="report-headline"
            columns={[
              { title: t('指标'), dataIndex: 'indicator', render: (i: string) => label('indicator', i) },
              { title: t('本月'), dataIndex: 'month', render: (n: number) => num(n) },
              { title: t('累计'), dataIndex: 'cumulative', render: (n: number) => num(n) },
              { title: t('目标'), dataIndex: 'target', render: (n: number | null) => num(n) },
              { title: t('按期目标'), dataIndex: 'proRataTarget', render: (n: number | null) => num(n) },
              {
                title: t('进度'),
                dataIndex: 'progress',
                render: (p: number | null) => (p === null ? '—' : `${num(p, 2)}%`),
              },
            ]}
          />
        </Card>
      )}
    </>
  );
}

/** 督促提醒 inbox: this role's weekly reminders, and the weekly report download. */
export function InboxPage() {
  const t = useT();
  const { label } = useLabels();
  const filter = useListFilter(['week', 'kind']);
  const { data, loading, error, reload } = useData<ApiGet<'/api/inbox'>>(withQuery('/api/inbox', filter.query));
  const action = useAction(reload);
  const { week, kind } = filter.values;
  return (
    <>
      {(error || action.error) && <Alert type="error" message={error ?? action.error} />}
      <FilterNote
        text={
          week || kind
            ? [week && `${t('周')} ${week}`, kind && label('dimension', kind)].filter(Boolean).join(' · ')
            : null
        }
        onClear={filter.clear}
      />
      <a href="/api/reports/weekly.xlsx" download>
        <Button style={{ marginBottom: 12 }}>{t('本周督促提醒周报 XLSX')}</Button>
      </a>
      <Table
        size="small"
        rowKey="id"
        dataSource={data ?? []}
        loading={loading}
        data-testid="inbox-table"
        columns={[
          { title: t('周'), dataIndex: 'week_of' },
          {
            title: t('对象'),
            render: (_: unknown, r: Reminder) => `${label('dimension', r.recipient_kind)} · ${r.recipient_name}`,
          },
          { title: t('指标'), dataIndex: 'indicator', render: (i: string) => label('indicator', i) },
          { title: t('累计'), dataIndex: 'actual', render: (n: number) => num(n) },
          { title: t('按期目标'), dataIndex: 'pro_rata_target', render: (n: number) => num(n) },
          { title: t('目标'), dataIndex: 'target', render: (n: number) => num(n) },
          {
            title: t('预计完成'),
            key: 'forecast',
            render: (_: unknown, r: Reminder) => (
              <Forecast p={{ reachable: r.reachable, forecastDate: r.forecast_date, periodEnd: r.period_end }} />
            ),
          },
          {
            title: '',
            render: (_: unknown, r: Reminder) =>
              r.read_at ? (
                <Tag>{t('已读')}</Tag>
              ) : (
                <Button size="small" onClick={() => action.run(`/api/inbox/${r.id}/read`)}>
                  {t('标记已读')}
                </Button>
              ),
          },
        ]}
      />
    </>
  );
}

/** 目标分解: targets by city, sector, group and key task with progress; the province edits them. */
export function TargetsPage({ me }: { me: Me | null }) {
  const t = useT();
  const { options } = useLabels();
  const [dimension, setDimension] = useState<string>(me?.role === 'department_officer' ? 'sector' : 'city');
  const [indicator, setIndicator] = useState('subsidized_trainings');
  const { data, error, reload } = useData<ApiGet<'/api/targets/progress'>>(
    `/api/targets/progress?dimension=${dimension}`,
  );
  const [edit, setEdit] = useState<Record<string, number>>({});
  const action = useAction(reload);
  const rows = (data ?? []).filter((r) => r.indicator === indicator);
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={dimension}
          onChange={(v) => setDimension(String(v))}
          options={options('dimension', ['city', 'sector', 'group', 'key_task'])}
        />
        <Segmented value={indicator} onChange={(v) => setIndicator(String(v))} options={options('indicator')} />
      </Space>
      {(error || action.error) && <Alert type="error" message={error ?? action.error} />}
      <Table
        size="small"
        rowKey="key"
        dataSource={rows}
        data-testid="targets-table"
        pagination={{ pageSize: 50 }}
        columns={[
          { title: t('名称'), dataIndex: 'name' },
          { title: t('累计'), dataIndex: 'actual', render: (n: number) => num(n) },
          {
            title: t('目标'),
            dataIndex: 'target',
            render: (v: number, r: Progress) =>
              me?.role === 'province_admin' ? (
                <Space>
                  <InputNumber
                    size="small"
                    min={0}
                    value={edit[r.key] ?? (r.hasTarget ? v : undefined)}
                    placeholder={t('未分解')}
                    onChange={(x) => setEdit({ ...edit, [r.key]: x ?? 0 })}
                  />
                  <WhyButton
                    size="small"
                    why={edit[r.key] === undefined && t('请先修改目标值')}
                    onClick={() =>
                      action.run('/api/targets', {
                        indicator,
                        dimension,
                        key: r.key,
                        value: edit[r.key],
                      } satisfies ApiPostBody<'/api/targets'>)
                    }
                  >
                    {t('保存')}
                  </WhyButton>
                </Space>
              ) : r.hasTarget ? (
                v
              ) : (
                t('未分解')
              ),
          },
          { title: t('按期目标'), dataIndex: 'proRataTarget', render: (n: number) => num(n) },
          {
            title: t('完成率'),
            key: 'completion',
            sorter: (a, b) => a.completion - b.completion,
            render: (_: unknown, r: Progress) => (r.hasTarget ? percent(r.completion) : '—'),
          },
          {
            title: t('按期进度'),
            key: 'pace',
            sorter: (a, b) => Number(b.hasTarget) - Number(a.hasTarget) || a.progress - b.progress,
            render: (_: unknown, r: Progress) => (r.hasTarget ? percent(r.progress) : '—'),
          },
          {
            title: t('距按期差距（人）'),
            key: 'gap',
            sorter: (a, b) => a.gap - b.gap,
            sortDirections: ['descend', 'ascend'],
            render: (_: unknown, r: Progress) => (r.hasTarget ? <Gap gap={r.gap} /> : '—'),
          },
          {
            title: t('预计完成'),
            key: 'forecast',
            render: (_: unknown, r: Progress) => (r.hasTarget ? <Forecast p={r} /> : '—'),
          },
        ]}
      />
    </>
  );
}
