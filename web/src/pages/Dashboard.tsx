import { Alert, Button, Card, Col, Progress, Row, Segmented, Space, Statistic, Table, Tag } from 'antd';
import * as echarts from 'echarts';
import { useEffect, useRef, useState } from 'react';
import jiangsu from 'china-geojson/src/geojson/jiang_su_geo.json';
import type { ApiGet, Item } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useData } from './useData.ts';
import { KEY_NAMES, useLabels } from '../labels.ts';

echarts.registerMap('jiangsu', jiangsu as never);

type CityProgress = Item<ApiGet<'/api/dashboard'>['cities']>;
type Kpi = Item<ApiGet<'/api/kpi'>>;

function Chart({
  option,
  onReady,
  height = 420,
}: {
  option: echarts.EChartsCoreOption;
  onReady?: (c: echarts.ECharts) => void;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the chart is made once; onReady is read at that moment
  useEffect(() => {
    chart.current = echarts.init(ref.current!);
    onReady?.(chart.current);
    const resize = () => chart.current?.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.current?.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={ref} style={{ width: '100%', height }} />;
}

/** 目标进度看板: Jiangsu map coloured by progress against the pro-rata target; click a city for its breakdown. */
export function DashboardPage() {
  const t = useT();
  const { label, options } = useLabels();
  const [indicator, setIndicator] = useState('subsidized_trainings');
  const [city, setCity] = useState<CityProgress | null>(null);
  const [asTable, setAsTable] = useState(false);
  const { data, error } = useData<ApiGet<'/api/dashboard'>>('/api/dashboard');
  const breakdown = useData<ApiGet<'/api/kpi'>>(city ? `/api/kpi?city=${city.cityCode}` : null);
  const cities = (data?.cities ?? []).filter((c) => c.indicator === indicator);
  const citiesRef = useRef(cities); // the map's click handler is bound once; it reads the latest list
  citiesRef.current = cities;
  const mapOption = {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value: number }) =>
        `${p.name}<br/>${t('进度')} ${Number.isFinite(p.value) ? p.value.toFixed(1) : 0}%`,
    },
    visualMap: {
      min: 0,
      max: 120,
      text: ['≥120%', '0%'],
      calculable: true,
      inRange: { color: ['#d73027', '#fee08b', '#1a9850'] },
      left: 'left',
      bottom: 10,
    },
    series: [
      {
        type: 'map',
        map: 'jiangsu',
        roam: false,
        selectedMode: 'single',
        label: { show: true, fontSize: 11 },
        data: cities.map((c) => ({ name: c.cityName, value: +(c.progress * 100).toFixed(1) })),
      },
    ],
  };
  const months = [...new Set((data?.trend ?? []).map((r) => r.month))];
  const trendOption = {
    tooltip: { trigger: 'axis' },
    legend: { data: ['subsidized_trainings', 'new_certificates'].map((i) => label('indicator', i)) },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value' },
    series: ['subsidized_trainings', 'new_certificates'].map((i) => ({
      name: label('indicator', i),
      type: 'line',
      smooth: true,
      data: months.map((m) => data?.trend.find((r) => r.month === m && r.indicator === i)?.value ?? 0),
    })),
  };
  const dims = ['sector', 'group', 'key_task'];
  return (
    <>
      {error && <Alert type="error" message={error} />}
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {(data?.totals ?? []).map((x) => (
          <Col span={8} key={x.indicator}>
            <Card size="small">
              <Statistic
                title={label('indicator', x.indicator)}
                value={x.actual}
                suffix={`/ ${x.target.toLocaleString('zh-CN')}`}
              />
              <Progress percent={x.target ? +((x.actual / x.target) * 100).toFixed(2) : 0} size="small" />
              <span style={{ fontSize: 12, color: '#888' }}>
                {t('按期应完成')} {x.proRataTarget.toLocaleString('zh-CN')}
              </span>
            </Card>
          </Col>
        ))}
      </Row>
      <Space style={{ marginBottom: 8 }}>
        <Segmented value={indicator} onChange={(v) => setIndicator(String(v))} options={options('indicator')} />
        <Segmented
          value={asTable ? 'table' : 'chart'}
          onChange={(v) => setAsTable(v === 'table')}
          options={[
            { value: 'chart', label: t('地图') },
            { value: 'table', label: t('表格') },
          ]}
        />
      </Space>
      <Row gutter={16}>
        <Col span={12}>
          <Card size="small" title={t('各市进度（对照按期目标）')}>
            {asTable ? (
              <Table
                size="small"
                rowKey="cityCode"
                pagination={false}
                dataSource={cities}
                data-testid="city-table"
                onRow={(r) => ({ onClick: () => setCity(r) })}
                columns={[
                  { title: t('城市'), dataIndex: 'cityName' },
                  { title: t('完成'), dataIndex: 'actual' },
                  { title: t('按期目标'), dataIndex: 'proRataTarget' },
                  { title: t('进度'), dataIndex: 'progress', render: (p: number) => `${(p * 100).toFixed(1)}%` },
                  {
                    title: t('预计完成'),
                    dataIndex: 'forecastDate',
                    render: (d: string | null, r: CityProgress) => (
                      <Tag color={r.behind ? 'red' : 'green'}>{d ?? '—'}</Tag>
                    ),
                  },
                ]}
              />
            ) : (
              <Chart
                option={mapOption}
                onReady={(c) => {
                  (window as unknown as { __jnMap: echarts.ECharts }).__jnMap = c;
                  c.on('click', (p) => setCity(citiesRef.current.find((x) => x.cityName === p.name) ?? null));
                }}
              />
            )}
          </Card>
        </Col>
        <Col span={12}>
          <Card
            size="small"
            title={city ? `${city.cityName} · ${t('分项')}` : t('点击地图上的城市查看分项')}
            data-testid="city-breakdown"
            extra={
              city && (
                <Button size="small" href={`/api/kpi.xlsx?city=${city.cityCode}`} data-testid="kpi-xlsx">
                  {t('下载 XLSX')}
                </Button>
              )
            }
          >
            {city && (
              <Table
                size="small"
                pagination={false}
                rowKey={(r) => `${r.dimension}/${r.key}`}
                scroll={{ y: 340 }}
                dataSource={(breakdown.data ?? []).filter(
                  (r) => r.indicator === indicator && dims.includes(r.dimension),
                )}
                columns={[
                  { title: t('维度'), dataIndex: 'dimension', render: (d: string) => label('dimension', d) },
                  {
                    title: t('键'),
                    dataIndex: 'key',
                    render: (k: string, r: Kpi) => (KEY_NAMES[r.dimension] ? label(KEY_NAMES[r.dimension], k) : k),
                  },
                  { title: t('数值'), dataIndex: 'value', align: 'right' },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('月度趋势')} style={{ marginTop: 16 }}>
        <Chart option={trendOption} height={280} />
      </Card>
    </>
  );
}
