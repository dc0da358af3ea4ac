import { Alert, Card, Form, Input, InputNumber, Progress, Select, Space, Table, Tag, message } from 'antd';
import { useContext, useState } from 'react';
import type { ApiGet, Item, Me } from '../api.ts';
import { yuan } from '../format.ts';
import { LangContext, useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { useData } from './useData.ts';
import { useAction } from './useAction.ts';
import { WhyButton } from './WhyButton.tsx';

type Line = Item<ApiGet<'/api/ledger'>['lines']>;
type Fund = Item<ApiGet<'/api/funds'>>;

/** Committed and paid money as a share of the budget: what is used up (approvals count the day they are made). */
const usedFen = (l: Line) => l.committedFen + l.paidFen + l.receivableFen;
/** A line whose approvals exceed the budget set for it (available below zero). */
const overBudget = (l: Line) => l.budgetFen > 0 && l.availableFen < 0;
/** A line with approvals and no budget set at all. */
const unbudgeted = (l: Line) => l.budgetFen <= 0 && usedFen(l) > 0;
/** Above this share of the budget used, the line is flagged before it runs out. */
const NEAR_BP = 9000;

/** The province sets a budget for a city × fund × year; the ledger receives the difference. */
function SetBudget({ onDone, initial, funds }: { onDone: () => void; initial: Partial<Line> | null; funds: Fund[] }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { options } = useLabels();
  // The funds table, not the labels loaded at sign-in: a fund the province just added is offered at once.
  const fundOptions = funds.filter((f) => f.active).map((f) => ({ value: f.code, label: lang === 'en' ? f.en : f.zh }));
  const [value, setValue] = useState<{ cityCode?: string; fund?: string; year?: number; amount?: number | null }>({
    cityCode: initial?.cityCode,
    fund: initial?.fund,
    year: initial?.year ?? new Date().getFullYear(),
    amount: initial?.budgetFen === undefined ? null : initial.budgetFen / 100,
  });
  const act = useAction(onDone);
  const missing = !value.cityCode || !value.fund || !value.year || value.amount === null || value.amount === undefined;
  return (
    <Card size="small" title={t('设定预算')} data-testid="budget-form" style={{ marginBottom: 16 }}>
      <Space wrap align="end">
        <Form.Item label={t('城市')} style={{ marginBottom: 0 }}>
          <Select
            aria-label={t('城市')}
            style={{ width: 140 }}
            value={value.cityCode}
            options={options('city')}
            onChange={(cityCode) => setValue((v) => ({ ...v, cityCode }))}
          />
        </Form.Item>
        <Form.Item label={t('资金')} style={{ marginBottom: 0 }}>
          <Select
            aria-label={t('资金')}
            style={{ width: 180 }}
            value={value.fund}
            options={fundOptions}
            onChange={(fund) => setValue((v) => ({ ...v, fund }))}
          />
        </Form.Item>
        <Form.Item label={t('年度')} style={{ marginBottom: 0 }}>
          <InputNumber
            aria-label={t('年度')}
            min={2020}
            max={2100}
            value={value.year}
            onChange={(year) => setValue((v) => ({ ...v, year: year ?? undefined }))}
          />
        </Form.Item>
        <Form.Item label={t('预算（元）')} style={{ marginBottom: 0 }}>
          <InputNumber
            aria-label={t('预算（元）')}
            min={0}
            precision={2}
            style={{ width: 180 }}
            value={value.amount}
            onChange={(amount) => setValue((v) => ({ ...v, amount }))}
          />
        </Form.Item>
        <WhyButton
          type="primary"
          why={missing && t('请先填写城市、资金、年度和金额')}
          loading={act.busy}
          onClick={async () => {
            const r = await act.run(
              '/api/budgets',
              {
                cityCode: value.cityCode,
                fund: value.fund,
                year: value.year,
                amountFen: Math.round((value.amount ?? 0) * 100),
              },
              'PUT',
            );
            if (r) message.success(t('预算已设定'));
          }}
        >
          {t('保存预算')}
        </WhyButton>
      </Space>
      {act.error && <Alert type="error" style={{ marginTop: 12 }} message={act.error} />}
    </Card>
  );
}

/** 新增资金来源: the province adds a fund of plan (二) budgets may then be set in. */
function AddFund({ onDone }: { onDone: () => void }) {
  const t = useT();
  const [value, setValue] = useState({ code: '', zh: '', en: '' });
  const act = useAction(onDone);
  const missing = !value.code || !value.zh || !value.en;
  const field = (key: keyof typeof value, title: string, width: number, placeholder: string) => (
    <Form.Item label={t(title)} style={{ marginBottom: 0 }}>
      <Input
        aria-label={t(title)}
        style={{ width }}
        placeholder={placeholder}
        value={value[key]}
        onChange={(e) => setValue((v) => ({ ...v, [key]: e.target.value }))}
      />
    </Form.Item>
  );
  return (
    <Card size="small" title={t('新增资金来源')} data-testid="fund-form" style={{ marginBottom: 16 }}>
      <Space wrap align="end">
        {field('zh', '中文名称', 180, '市级配套资金')}
        {field('en', '英文名称', 200, 'City matching funds')}
        {field('code', '资金代码', 180, 'city_matching')}
        <WhyButton
          why={missing && t('请先填写资金代码和中英文名称')}
          loading={act.busy}
          onClick={async () => {
            if (await act.run('/api/funds', value)) {
              message.success(t('资金来源已新增'));
              setValue({ code: '', zh: '', en: '' });
            }
          }}
        >
          {t('添加资金')}
        </WhyButton>
      </Space>
      {act.error && <Alert type="error" style={{ marginTop: 12 }} message={act.error} />}
    </Card>
  );
}

/**
 * 预算: each city × fund × year's budget against what approvals committed and what was paid, with a
 * warning where approvals exceed the budget. The province sets budgets; a city reads its own.
 */
export function BudgetsPage({ me }: { me: Me }) {
  const t = useT();
  const { label } = useLabels();
  const [year, setYear] = useState<number | null>(null);
  const { data, loading, error, reload } = useData<ApiGet<'/api/ledger'>>(`/api/ledger${year ? `?year=${year}` : ''}`);
  const funds = useData<Fund[]>('/api/funds');
  const [editing, setEditing] = useState<Line | null>(null);
  const lines = data?.lines ?? [];
  const over = lines.filter(overBudget);
  const missing = lines.filter(unbudgeted);
  const { lang } = useContext(LangContext);
  // A fund's name from the funds table (one added since sign-in is not in the labels yet).
  const fundName = (code: string) => {
    const f = funds.data?.find((x) => x.code === code);
    return f ? (lang === 'en' ? f.en : f.zh) : label('fund', code);
  };
  const name = (l: Line) => `${label('city', l.cityCode)} · ${fundName(l.fund)} · ${l.year}${t('年')}`;
  const province = me.role === 'province_admin';
  return (
    <>
      {error && <Alert type="error" message={error} />}
      {over.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="over-budget"
          style={{ marginBottom: 12 }}
          message={t('已批准的补贴超出预算')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {over.map((l) => (
                <li key={`${l.cityCode}${l.fund}${l.year}`}>
                  {name(l)}：{t('超出')} {yuan(-l.availableFen)}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="no-budget"
          style={{ marginBottom: 12 }}
          message={`${missing.length} ${t('项有已批准的补贴但尚未设定预算')}（${t('共')} ${yuan(missing.reduce((n, l) => n + usedFen(l), 0))}）`}
        />
      )}
      <Alert
        type="info"
        style={{ marginBottom: 12 }}
        message={t(
          '超出预算时结算照常批准（补贴是符合条件者的权利），批准金额计入“已承诺”，可用余额为负并在此警示，由省级追加预算。',
        )}
      />
      {province && (
        <SetBudget key={editing ? name(editing) : 'new'} initial={editing} funds={funds.data ?? []} onDone={reload} />
      )}
      {province && <AddFund onDone={funds.reload} />}
      <Space style={{ marginBottom: 12 }}>
        <span>{t('年度')}</span>
        <Select
          allowClear
          aria-label={t('年度')}
          style={{ width: 120 }}
          placeholder={t('全部')}
          value={year}
          onChange={(y) => setYear(y ?? null)}
          options={[2025, 2026, 2027].map((y) => ({ value: y, label: `${y}${t('年')}` }))}
        />
      </Space>
      <Table
        size="small"
        rowKey={(l) => `${l.cityCode}${l.fund}${l.year}`}
        dataSource={lines}
        loading={loading}
        scroll={{ x: true }}
        data-testid="budgets-table"
        columns={[
          { title: t('城市'), dataIndex: 'cityCode', render: (c: string) => label('city', c) },
          { title: t('资金'), dataIndex: 'fund', render: fundName },
          { title: t('年度'), dataIndex: 'year' },
          { title: t('预算'), dataIndex: 'budgetFen', render: yuan, align: 'right' },
          { title: t('已承诺'), dataIndex: 'committedFen', render: yuan, align: 'right' },
          { title: t('已支付'), dataIndex: 'paidFen', render: yuan, align: 'right' },
          { title: t('可用'), dataIndex: 'availableFen', render: yuan, align: 'right' },
          {
            title: t('执行进度'),
            render: (_: unknown, l: Line) => {
              if (l.budgetFen <= 0) return <Tag color="red">{t('无预算')}</Tag>;
              const bp = Math.round((usedFen(l) * 10000) / l.budgetFen);
              return (
                <Space>
                  <Progress
                    percent={Math.min(100, bp / 100)}
                    success={{ percent: Math.min(100, (l.paidFen * 100) / l.budgetFen) }}
                    status={bp > 10000 ? 'exception' : 'normal'}
                    showInfo={false}
                    style={{ width: 120 }}
                  />
                  <span>{(bp / 100).toFixed(1)}%</span>
                  {bp > 10000 ? (
                    <Tag color="red">{t('超出预算')}</Tag>
                  ) : bp >= NEAR_BP ? (
                    <Tag color="orange">{t('接近用完')}</Tag>
                  ) : null}
                </Space>
              );
            },
          },
          ...(province
            ? [
                {
                  title: '',
                  render: (_: unknown, l: Line) => (
                    <WhyButton why={null} type="link" size="small" onClick={() => setEditing(l)}>
                      {t('调整')}
                    </WhyButton>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
