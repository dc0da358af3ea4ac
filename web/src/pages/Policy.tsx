import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  InputNumber,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
  message,
} from 'antd';
import * as echarts from 'echarts';
import { useContext, useEffect, useMemo, useRef, useState } from 'react';
import dayjs from 'dayjs';
import type { ApiGet, ApiPost, Item, Me } from '../api.ts';
import { yuan } from '../format.ts';
import { LangContext, useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { Code } from '../Code.tsx';
import { useData } from './useData.ts';
import { useAction } from './useAction.ts';
import { WhyButton } from './WhyButton.tsx';

type Version = Item<ApiGet<'/api/policies'>>;
type Field = ApiGet<'/api/policies/form'>['fields'][number];
type Diff = ApiGet<'/api/policies/{code}/diff'>;
type Report = ApiPost<'/api/policies/{code}/what-if'>;
type Group = Report['byCity'][number];

const enc = encodeURIComponent;
/**
 * A version's state in words. Page-local on purpose: `active` is also a person's status, which the
 * label dictionary does not name, so a shared dictionary entry would misname it elsewhere.
 */
const STATUS_NAMES: Record<string, string> = { proposed: '待批准', active: '已生效', withdrawn: '已撤回' };
/** The blended-learning rules, shown in a card of their own (the share in %, theory-only as a switch). */
const BLENDED = ['onlineMaxSharePercent', 'onlineTheoryOnly'];
const PERIOD = { from: '2025-01-01', to: '2026-12-31' };

/** A number as the form shows it: yuan for fen, 1.30 for a factor, 20 for a 20 % share. */
const scaleOf = (f: Pick<Field, 'unit'>) =>
  f.unit === 'fen' ? 100 : f.unit === 'factor_bp' ? 10000 : f.unit === 'share_bp' ? 100 : 1;
const shown = (f: Pick<Field, 'unit'>, v: number, t: (s: string) => string) =>
  f.unit === 'flag'
    ? t(v ? '是' : '否')
    : f.unit === 'fen'
      ? yuan(v)
      : f.unit === 'factor_bp'
        ? (v / 10000).toFixed(2)
        : f.unit === 'share_bp'
          ? `${v / 100}%`
          : String(v);

/** 江苏 2025 补贴政策 第 2 版 / 南京市系数 第 1 版: a version by name, its code beside it. */
function useVersionName() {
  const t = useT();
  const { label } = useLabels();
  return (code: string) => {
    const city = /^[^/]+\/(\d{6})\/(\d+)$/.exec(code);
    if (city) return `${label('city', city[1])} ${t('城市系数')} ${t('第')} ${city[2]} ${t('版')}`;
    const n = /\.(\d+)$/.exec(code)?.[1] ?? '1';
    return `${t('江苏省补贴政策')} ${t('第')} ${n} ${t('版')}`;
  };
}

function VersionName({ code }: { code: string }) {
  const name = useVersionName();
  return (
    <span>
      {name(code)} <Code>{code}</Code>
    </span>
  );
}

function BarChart({ groups, name }: { groups: Group[]; name: (key: string) => string }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(ref.current!);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, right: 0, data: [t('现行金额'), t('草案金额')] },
      grid: { top: 40, left: 8, right: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: groups.map((g) => name(g.key)), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value', name: t('元') },
      series: [
        { name: t('现行金额'), type: 'bar', data: groups.map((g) => g.actualFen / 100) },
        { name: t('草案金额'), type: 'bar', data: groups.map((g) => g.draftFen / 100) },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [groups, name, t]);
  return <div ref={ref} data-testid="whatif-chart" style={{ width: '100%', height: 300 }} />;
}

/** Before/after of one dimension: approvals and money under the active policy and under the draft. */
function GroupTable({
  groups,
  name,
  title,
  testId,
}: {
  groups: Group[];
  name: (k: string) => string;
  title: string;
  testId: string;
}) {
  const t = useT();
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      data-testid={testId}
      dataSource={groups}
      scroll={{ x: true }}
      columns={[
        { title, dataIndex: 'key', render: name },
        { title: t('通过（现行）'), dataIndex: 'actualApproved', align: 'right' },
        { title: t('通过（草案）'), dataIndex: 'draftApproved', align: 'right' },
        { title: t('金额（现行）'), dataIndex: 'actualFen', render: yuan, align: 'right' },
        { title: t('金额（草案）'), dataIndex: 'draftFen', render: yuan, align: 'right' },
        {
          title: t('差额'),
          render: (_: unknown, g: Group) => yuan(g.draftFen - g.actualFen),
          align: 'right',
        },
        { title: t('改变的决定'), dataIndex: 'changedDecisions', align: 'right' },
      ]}
    />
  );
}

function WhatIfResult({ report }: { report: Report }) {
  const t = useT();
  const { label } = useLabels();
  const city = useMemo(() => (k: string) => label('city', k), [label]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <BarChart groups={report.byCity} name={city} />
      <GroupTable groups={report.byCity} name={city} title={t('城市')} testId="whatif-city" />
      <GroupTable
        groups={report.byType}
        name={(k) => label('applicationType', k)}
        title={t('补贴类型')}
        testId="whatif-type"
      />
      <GroupTable
        groups={report.byLevel}
        name={(k) => (k ? label('level', k) : t('无等级'))}
        title={t('等级')}
        testId="whatif-level"
      />
    </Space>
  );
}

/** A draft's diff against the active version, its what-if over a period, and the second official's approval. */
function DraftPanel({ code, me, onChanged }: { code: string; me: Me; onChanged: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { data: diff, error, reload } = useData<Diff>(`/api/policies/${enc(code)}/diff`);
  const [period, setPeriod] = useState(PERIOD);
  const [report, setReport] = useState<Report | null>(null);
  const whatIf = useAction();
  const act = useAction(() => {
    reload();
    onChanged();
  });
  const mine = diff?.createdBy === `${me.role}:${me.username}`;
  return (
    <Card title={<VersionName code={code} />} data-testid="draft-panel" style={{ marginTop: 16 }}>
      {error && <Alert type="error" message={error} />}
      {diff && (
        <>
          <p>
            {t('生效日期')} {diff.effectiveFrom} · {t('对比版本')} <VersionName code={diff.against} />
          </p>
          <Table
            size="small"
            rowKey="path"
            pagination={false}
            data-testid="policy-diff"
            dataSource={diff.changes}
            columns={[
              { title: t('参数'), render: (_: unknown, c: Diff['changes'][number]) => (lang === 'en' ? c.en : c.zh) },
              {
                title: t('现行'),
                render: (_: unknown, c: Diff['changes'][number]) => shown(c, c.before, t),
                align: 'right',
              },
              {
                title: t('草案'),
                render: (_: unknown, c: Diff['changes'][number]) => shown(c, c.after, t),
                align: 'right',
              },
            ]}
          />
        </>
      )}
      <Space wrap style={{ margin: '16px 0' }}>
        <span>{t('测算期间（申请日期）')}</span>
        <DatePicker.RangePicker
          value={[dayjs(period.from), dayjs(period.to)]}
          onChange={(r) =>
            r?.[0] && r[1] && setPeriod({ from: r[0].format('YYYY-MM-DD'), to: r[1].format('YYYY-MM-DD') })
          }
        />
        <Button
          loading={whatIf.busy}
          onClick={async () => setReport(await whatIf.run<Report>(`/api/policies/${enc(code)}/what-if`, period))}
        >
          {t('按草案测算')}
        </Button>
        {diff?.status === 'proposed' && (
          <>
            <WhyButton
              type="primary"
              why={mine && t('起草人不能批准自己起草的版本，须由另一位省级管理员批准')}
              loading={act.busy}
              onClick={async () => {
                if (await act.run(`/api/policies/${enc(code)}/approve`)) message.success(t('已批准'));
              }}
            >
              {t('批准')}
            </WhyButton>
            <Button danger onClick={() => act.run(`/api/policies/${enc(code)}/withdraw`)}>
              {t('撤回')}
            </Button>
          </>
        )}
      </Space>
      {(whatIf.error || act.error) && (
        <Alert type="error" message={whatIf.error ?? act.error} data-testid="policy-error" />
      )}
      {report && <WhatIfResult report={report} />}
    </Card>
  );
}

/** The draft form: every number of the active version, edited in the units people use (¥, ×1.30, %). */
function DraftForm({ onDrafted }: { onDrafted: (code: string) => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { data } = useData<ApiGet<'/api/policies/form'>>('/api/policies/form');
  const [values, setValues] = useState<Record<string, number | null>>({});
  const [effectiveFrom, setEffectiveFrom] = useState<string | null>(null);
  const act = useAction();
  if (!data) return null;
  const nameOf = (f: Field) => (lang === 'en' ? f.en : f.zh);
  const input = (f: Field) => (
    <InputNumber
      aria-label={nameOf(f)}
      data-path={f.path}
      value={values[f.path] ?? f.value / scaleOf(f)}
      precision={f.unit === 'fen' || f.unit === 'factor_bp' || f.unit === 'score' ? 2 : f.unit === 'share_bp' ? 1 : 0}
      step={f.unit === 'factor_bp' || f.unit === 'score' ? 0.01 : 1}
      onChange={(v) => setValues((x) => ({ ...x, [f.path]: v }))}
      style={{ width: 140 }}
    />
  );
  const training = data.fields.filter((f) => f.path.startsWith('trainingBaseFen.'));
  const upgrade = data.fields.filter((f) => f.path.startsWith('upgrade.baseFen.'));
  // 线上线下结合: how a blended project's online time counts (docs/online-learning.md § Blended projects).
  const blended = data.fields.filter((f) => BLENDED.includes(f.path));
  const others = data.fields.filter((f) => !training.includes(f) && !upgrade.includes(f) && !blended.includes(f));
  const flag = (f: Field) => (
    <Space>
      <Switch
        aria-label={nameOf(f)}
        data-path={f.path}
        checked={(values[f.path] ?? f.value) === 1}
        onChange={(on) => setValues((x) => ({ ...x, [f.path]: on ? 1 : 0 }))}
      />
      <span>{t((values[f.path] ?? f.value) === 1 ? '是' : '否')}</span>
    </Space>
  );
  // One row per certificate kind or level (培训补贴基础金额 · 高级工 · A类 → 高级工), columns A, B, C.
  const rows = [...new Set(training.map((f) => f.path.split('.').slice(0, -1).join('.')))].map((row) => ({
    row,
    fields: training.filter((f) => f.path.startsWith(`${row}.`)),
  }));
  const submit = async () => {
    const numbers: Record<string, number> = {};
    for (const f of data.fields) {
      const v = values[f.path];
      if (v === undefined || v === null) continue;
      const stored = f.integer ? Math.round(v * scaleOf(f)) : v * scaleOf(f);
      if (stored !== f.value) numbers[f.path] = stored;
    }
    const r = await act.run<{ code: string }>('/api/policies/drafts', { effectiveFrom, numbers });
    if (r) {
      message.success(`${t('草案已保存')}`);
      setValues({});
      onDrafted(r.code);
    }
  };
  return (
    <Form layout="vertical" data-testid="draft-form">
      <Alert
        type="info"
        style={{ marginBottom: 12 }}
        message={t('从现行版本出发修改数字；新版本自生效日期起适用于该日及以后提交的申请，已作出的决定不变。')}
      />
      <Card size="small" title={t('职业培训补贴基础金额（元）')}>
        <Table
          size="small"
          pagination={false}
          rowKey="row"
          scroll={{ x: true }}
          dataSource={rows}
          columns={[
            { title: t('证书'), render: (_: unknown, r: (typeof rows)[number]) => nameOf(r.fields[0]).split(' · ')[1] },
            ...(['A', 'B', 'C'] as const).map((c) => ({
              title: `${c}${t('类职业')}`,
              render: (_: unknown, r: (typeof rows)[number]) => {
                const f = r.fields.find((x) => x.path.endsWith(`.${c}`));
                return f ? input(f) : null;
              },
            })),
          ]}
        />
      </Card>
      <Card size="small" title={t('技能提升补贴金额（元）')} style={{ marginTop: 12 }}>
        <Space wrap size="large">
          {upgrade.map((f) => (
            <Form.Item key={f.path} label={nameOf(f).split(' · ')[1]} style={{ marginBottom: 8 }}>
              {input(f)}
            </Form.Item>
          ))}
        </Space>
      </Card>
      <Card size="small" title={t('线上线下结合（在线学时）')} style={{ marginTop: 12 }} data-testid="draft-blended">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t(
            '项目绑定在线课程时，线上有效学时可替代缺勤学时：最多占项目计划学时的该比例；仅可替代理论课时，实操课缺勤不能由线上补足。',
          )}
        </Typography.Paragraph>
        <Space wrap size="large" align="end">
          {blended.map((f) => (
            <Form.Item key={f.path} label={nameOf(f)} style={{ marginBottom: 8 }}>
              {f.unit === 'flag' ? flag(f) : input(f)}
            </Form.Item>
          ))}
        </Space>
      </Card>
      <Card size="small" title={t('系数、次数与期限')} style={{ marginTop: 12 }}>
        <Space wrap size="large" align="end">
          {others.map((f) => (
            <Form.Item key={f.path} label={nameOf(f)} style={{ marginBottom: 8 }}>
              {input(f)}
            </Form.Item>
          ))}
        </Space>
      </Card>
      <Space style={{ marginTop: 12 }} wrap>
        <Form.Item label={t('生效日期')} style={{ marginBottom: 0 }}>
          <DatePicker
            aria-label={t('生效日期')}
            onChange={(d) => setEffectiveFrom(d ? d.format('YYYY-MM-DD') : null)}
          />
        </Form.Item>
        <WhyButton type="primary" why={!effectiveFrom && t('请先选择生效日期')} loading={act.busy} onClick={submit}>
          {t('保存草案')}
        </WhyButton>
      </Space>
      {act.error && <Alert type="error" message={act.error} style={{ marginTop: 12 }} data-testid="draft-error" />}
    </Form>
  );
}

function Versions({
  me,
  selected,
  onSelect,
  reloadKey,
}: {
  me: Me;
  selected: string | null;
  onSelect: (c: string) => void;
  reloadKey: number;
}) {
  const t = useT();
  const { label } = useLabels();
  const { data, error, reload } = useData<ApiGet<'/api/policies'>>('/api/policies');
  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey is the trigger
  useEffect(reload, [reloadKey]);
  const act = useAction(reload);
  const rows = (data ?? []).filter((v) => me.role === 'province_admin' || v.city_code === me.cityCode || !v.city_code);
  return (
    <>
      {error && <Alert type="error" message={error} />}
      {act.error && <Alert type="error" message={act.error} />}
      <Table
        size="small"
        rowKey="code"
        data-testid="policy-versions"
        dataSource={rows}
        scroll={{ x: true }}
        rowClassName={(v) => (v.code === selected ? 'ant-table-row-selected' : '')}
        columns={[
          { title: t('版本'), dataIndex: 'code', render: (c: string) => <VersionName code={c} /> },
          {
            title: t('范围'),
            dataIndex: 'city_code',
            render: (c: string | null) => (c ? label('city', c) : t('全省')),
          },
          { title: t('生效日期'), dataIndex: 'effective_from', render: (d: string) => String(d).slice(0, 10) },
          {
            title: t('状态'),
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={s === 'active' ? 'green' : s === 'proposed' ? 'gold' : 'default'}>
                {t(STATUS_NAMES[s] ?? s)}
              </Tag>
            ),
          },
          ...(me.role === 'province_admin'
            ? [
                {
                  title: '',
                  render: (_: unknown, v: Version) =>
                    !v.city_code ? (
                      <Button type="link" size="small" onClick={() => onSelect(v.code)}>
                        {v.status === 'proposed' ? t('审阅与测算') : t('差异与测算')}
                      </Button>
                    ) : v.status === 'proposed' ? (
                      <Button type="link" size="small" onClick={() => act.run(`/api/policies/${enc(v.code)}/approve`)}>
                        {t('批准')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

/** A city proposes its factor (within the province's bounds) and weighs it for its own city. */
function CityFactor({ me, onProposed }: { me: Me; onProposed: () => void }) {
  const t = useT();
  const { label } = useLabels();
  const [factor, setFactor] = useState<number | null>(1);
  const [effectiveFrom, setEffectiveFrom] = useState<string | null>(null);
  const [rows, setRows] = useState<ApiPost<'/api/policies/what-if'> | null>(null);
  const propose = useAction(onProposed);
  const whatIf = useAction();
  const f = (factor ?? 1).toFixed(2);
  return (
    <Card title={`${label('city', me.cityCode)} · ${t('本市补贴系数')}`} data-testid="city-factor">
      <Space wrap>
        <span>{t('补贴系数')}</span>
        <InputNumber
          aria-label={t('补贴系数')}
          min={0.1}
          max={3}
          step={0.01}
          precision={2}
          value={factor}
          onChange={setFactor}
        />
        <DatePicker
          aria-label={t('生效日期')}
          placeholder={t('生效日期')}
          onChange={(d) => setEffectiveFrom(d ? d.format('YYYY-MM-DD') : null)}
        />
        <Button
          loading={whatIf.busy}
          onClick={async () =>
            setRows(
              await whatIf.run<ApiPost<'/api/policies/what-if'>>('/api/policies/what-if', {
                ...PERIOD,
                cityFactors: { [me.cityCode ?? '']: f },
              }),
            )
          }
        >
          {t('本市测算')}
        </Button>
        <WhyButton
          type="primary"
          why={!effectiveFrom && t('请先选择生效日期')}
          loading={propose.busy}
          onClick={async () => {
            if (await propose.run('/api/policies/city-factor', { cityCode: me.cityCode, factor: f, effectiveFrom }))
              message.success(t('已提交，待省级批准'));
          }}
        >
          {t('提出系数')}
        </WhyButton>
      </Space>
      {(propose.error || whatIf.error) && (
        <Alert type="error" style={{ marginTop: 12 }} message={propose.error ?? whatIf.error} />
      )}
      {rows && (
        <div style={{ marginTop: 12 }}>
          <GroupTable
            groups={rows.map(({ cityCode, ...r }) => ({ key: cityCode, ...r }))}
            name={(k) => label('city', k)}
            title={t('城市')}
            testId="whatif-city"
          />
        </div>
      )}
    </Card>
  );
}

/**
 * 补贴政策: the province drafts new versions of JS-2025 (every number), compares them with the active
 * one, weighs them over a period and approves another official's draft; a city proposes its factor.
 */
export function PolicyPage({ me }: { me: Me }) {
  const t = useT();
  const [selected, setSelected] = useState<string | null>(null);
  const [tab, setTab] = useState('versions');
  const [reloadKey, setReloadKey] = useState(0);
  const versions = (
    <>
      <Versions me={me} selected={selected} onSelect={setSelected} reloadKey={reloadKey} />
      {selected && <DraftPanel key={selected} code={selected} me={me} onChanged={() => setReloadKey((k) => k + 1)} />}
    </>
  );
  if (me.role !== 'province_admin')
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        <CityFactor me={me} onProposed={() => setReloadKey((k) => k + 1)} />
        {versions}
      </Space>
    );
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      items={[
        { key: 'versions', label: t('政策版本'), children: versions },
        {
          key: 'draft',
          label: t('起草新版本'),
          children: (
            <DraftForm
              onDrafted={(code) => {
                setSelected(code);
                setReloadKey((k) => k + 1);
                setTab('versions');
              }}
            />
          ),
        },
      ]}
    />
  );
}
