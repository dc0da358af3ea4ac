import { Alert, Button, Card, Col, Progress, Row, Segmented, Space, Statistic, Table } from 'antd';
import * as echarts from 'echarts';
import { useEffect, useRef, useState } from 'react';
import jiangsu from 'china-geojson/src/geojson/jiang_su_geo.json';
import type { ApiGet, Item } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useData } from './useData.ts';
import { useKeyName, useLabels } from '../labels.ts';
import { num } from '../format.ts';
import { NEUTRAL, paceShades, percent } from './pace-scale.ts';
import { Forecast, Gap, PaceLegend } from './PaceViews.tsx';

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

const SWATCH = { display: 'inline-block', width: 10, height: 10, borderRadius: 2, border: '1px solid #ddd' };

/** The sort that answers "who is furthest behind" (按期进度 ascending), and the others officials ask for. */
const byPace = (a: CityProgress, b: CityProgress) => a.progress - b.progress;
const byForecast = (a: CityProgress, b: CityProgress) =>
  (a.reachable ? (a.forecastDate ?? '') : '~').localeCompare(b.reachable ? (b.forecastDate ?? '') : '~') ||
  byPace(b, a);

/**
 * 目标进度看板: the Jiangsu map coloured by pace around "on pace" and the cities' table, sortable
 * by completion, pace, gap and forecast; click a city (on the map or in the table) for its breakdown.
 */
export function DashboardPage() {
  const t = useT();
  const { label, options } = useLabels();
  const keyName = useKeyName();
  const [indicator, setIndicator] = useState('subsidized_trainings');
  const [city, setCity] = useState<CityProgress | null>(null);
  const { data, error } = useData<ApiGet<'/api/dashboard'>>('/api/dashboard');
  const breakdown = useData<ApiGet<'/api/kpi'>>(city ? `/api/kpi?city=${city.cityCode}` : null);
  const cities = (data?.cities ?? []).filter((c) => c.indicator === indicator);
  const citiesRef = useRef(cities); // the map's click handler is bound once; it reads the latest list
  citiesRef.current = cities;
  const shades = paceShades(cities);
  const shadeOf = new Map(cities.map((c, i) => [c.cityCode, shades[i].colour]));
  const mapOption = {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string }) => {
        const c = citiesRef.current.find((x) => x.cityName === p.name);
        if (!c) return p.name;
        const gap = c.gap > 0 ? `${t('距按期差距')} ${num(c.gap)} ${t('人')}` : t('按期或超前');
        return [
          `<b>${c.cityName}</b>`,
          `${t('按期进度')} ${percent(c.progress)}`,
          `${t('完成率')} ${percent(c.completion)}`,
          gap,
        ].join('<br/>');
      },
    },
    series: [
      {
        type: 'map',
        map: 'jiangsu',
        roam: false,
        selectedMode: false,
        label: { show: true, fontSize: 11 },
        itemStyle: { areaColor: NEUTRAL, borderColor: '#fff' },
        emphasis: { label: { color: '#000' }, itemStyle: { borderColor: '#333', borderWidth: 1.5 } },
        data: cities.map((c, i) => ({
          name: c.cityName,
          value: c.progress,
          itemStyle: { areaColor: shades[i].colour },
          emphasis: { itemStyle: { areaColor: shades[i].colour } },
          label: { color: shades[i].depth > 0.6 ? '#fff' : '#333' },
        })),
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
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {(data?.totals ?? []).map((x) => (
          <Col xs={24} md={8} key={x.indicator}>
            <Card size="small">
              <Statistic title={label('indicator', x.indicator)} value={x.actual} suffix={`/ ${num(x.target)}`} />
              <Progress percent={Math.min(100, x.completion * 100)} format={() => percent(x.completion)} size="small" />
              <div style={{ fontSize: 12, color: '#666' }}>
                {t('按期应完成')} {num(x.proRataTarget)} · {t('按期进度')} {percent(x.progress)}
              </div>
              <div style={{ fontSize: 12 }}>
                {t('预计完成')}: <Forecast p={x} />
              </div>
            </Card>
          </Col>
        ))}
      </Row>
      <Space style={{ marginBottom: 8 }} wrap>
        <Segmented value={indicator} onChange={(v) => setIndicator(String(v))} options={options('indicator')} />
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('各市按期进度')}>
            <Chart
              option={mapOption}
              height={360}
              onReady={(c) => {
                (window as unknown as { __jnMap: echarts.ECharts }).__jnMap = c;
                c.on('click', (p) => setCity(citiesRef.current.find((x) => x.cityName === p.name) ?? null));
              }}
            />
            <PaceLegend rows={cities} />
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card
            size="small"
            title={t('各市进度（对照按期目标）')}
            extra={<span style={{ fontSize: 12, color: '#888' }}>{t('点击列标题排序')}</span>}
          >
            <Table
              size="small"
              rowKey="cityCode"
              pagination={false}
              dataSource={cities}
              data-testid="city-table"
              scroll={{ x: 'max-content' }}
              onRow={(r) => ({ onClick: () => setCity(r), style: { cursor: 'pointer' } })}
              rowClassName={(r) => (r.cityCode === city?.cityCode ? 'ant-table-row-selected' : '')}
              columns={[
                {
                  title: t('城市'),
                  dataIndex: 'cityName',
                  render: (n: string, r: CityProgress) => (
                    <Space size={6}>
                      <span style={{ ...SWATCH, background: shadeOf.get(r.cityCode) ?? NEUTRAL }} />
                      {n}
                    </Space>
                  ),
                },
                {
                  title: `${t('累计')} / ${t('目标')}`,
                  key: 'actual',
                  align: 'right',
                  render: (_: unknown, r: CityProgress) => `${num(r.actual)} / ${num(r.target)}`,
                },
                {
                  title: t('完成率'),
                  key: 'completion',
                  align: 'right',
                  sorter: (a, b) => a.completion - b.completion,
                  render: (_: unknown, r: CityProgress) => percent(r.completion),
                },
                {
                  title: t('按期进度'),
                  key: 'pace',
                  align: 'right',
                  sorter: byPace,
                  render: (_: unknown, r: CityProgress) => percent(r.progress),
                },
                {
                  title: t('距按期差距（人）'),
                  key: 'gap',
                  align: 'right',
                  width: 110,
                  sorter: (a, b) => a.gap - b.gap,
                  sortDirections: ['descend', 'ascend'],
                  render: (_: unknown, r: CityProgress) => <Gap gap={r.gap} />,
                },
                {
                  title: t('预计完成'),
                  key: 'forecast',
                  width: 130,
                  sorter: byForecast,
                  render: (_: unknown, r: CityProgress) => <Forecast p={r} />,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={city ? `${city.cityName} · ${t('分项')}` : t('点击地图或表格中的城市查看分项')}
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
                scroll={{ y: 300 }}
                dataSource={(breakdown.data ?? []).filter(
                  (r) => r.indicator === indicator && dims.includes(r.dimension),
                )}
                columns={[
                  { title: t('维度'), dataIndex: 'dimension', render: (d: string) => label('dimension', d) },
                  {
                    title: t('键'),
                    dataIndex: 'key',
                    render: (k: string, r: Kpi) => keyName(r.dimension, k),
                  },
                  { title: t('数值'), dataIndex: 'value', align: 'right', render: (v: number) => num(v) },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('月度趋势')}>
            <Chart option={trendOption} height={300} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
