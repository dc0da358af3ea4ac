import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  message,
} from 'antd';
import { useState } from 'react';
import type { ApiGet, Item, Me } from '../api.ts';
import { Code } from '../Code.tsx';
import { dateTime, num, yuan } from '../format.ts';
import { useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';
import { WhyButton } from './WhyButton.tsx';

type College = Item<ApiGet<'/api/colleges/workload'>['colleges']>;
type Detail = ApiGet<'/api/colleges/{code}/workload'>;
type Parameter = Item<ApiGet<'/api/colleges/workload'>['parameters']>;

/** The plan's years the reports cover. */
export const PLAN_YEARS = [2025, 2026, 2027];
const thisYear = () => Math.min(Math.max(new Date().getFullYear(), 2025), 2027);

/** The parameters a report rests on, each with the plan's sentence quoted. */
export function ParameterSources({ parameters, testId }: { parameters: Parameter[]; testId: string }) {
  const t = useT();
  const shown = (p: Parameter) =>
    p.unit === 'bp' ? `${num(p.value / 100, 2)}%` : p.unit === 'minutes' ? `${p.value} ${t('分钟')}` : String(p.value);
  return (
    <Card size="small" title={t('政策参数及依据')} style={{ marginTop: 16 }} data-testid={testId}>
      {parameters.map((p) => (
        <p key={p.code} style={{ margin: '4px 0' }}>
          <Tag>{t(PARAMETER_NAMES[p.code] ?? p.code)}</Tag> <b>{shown(p)}</b> — “{p.sourceZh}”（{p.sourceRef}）
        </p>
      ))}
    </Card>
  );
}

const PARAMETER_NAMES: Record<string, string> = {
  workload_ratio: '课时折算比例',
  performance_pay_cap: '绩效工资增核上限（占净收入）',
  class_hour_minutes: '每课时分钟数',
  front_line_share: '一线职工培训最低占比',
};

/** 收支申报: the college (or the province) enters the year's other income and costs in yuan. */
function FinancesForm({ college, year, onDone }: { college: College; year: number; onDone: () => void }) {
  const t = useT();
  const [other, setOther] = useState<number | null>(college.reported ? college.otherIncomeFen / 100 : null);
  const [cost, setCost] = useState<number | null>(college.reported ? college.costFen / 100 : null);
  const [note, setNote] = useState('');
  const act = useAction(onDone);
  const missing = other === null || cost === null;
  return (
    <Card size="small" title={t('申报其他收入与成本')} data-testid="college-finances" style={{ marginTop: 12 }}>
      <Space wrap align="end">
        <Form.Item label={t('其他收入（元）')} style={{ marginBottom: 0 }}>
          <InputNumber
            aria-label={t('其他收入（元）')}
            min={0}
            precision={2}
            style={{ width: 160 }}
            value={other}
            onChange={setOther}
          />
        </Form.Item>
        <Form.Item label={t('成本（元）')} style={{ marginBottom: 0 }}>
          <InputNumber
            aria-label={t('成本（元）')}
            min={0}
            precision={2}
            style={{ width: 160 }}
            value={cost}
            onChange={setCost}
          />
        </Form.Item>
        <Form.Item label={t('说明')} style={{ marginBottom: 0 }}>
          <Input
            aria-label={t('说明')}
            maxLength={500}
            style={{ width: 200 }}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </Form.Item>
        <WhyButton
          type="primary"
          why={missing && t('请先填写其他收入和成本')}
          loading={act.busy}
          onClick={async () => {
            const r = await act.run(
              `/api/colleges/${college.creditCode}/finances`,
              {
                year,
                otherIncomeFen: Math.round((other ?? 0) * 100),
                costFen: Math.round((cost ?? 0) * 100),
                note: note || null,
              },
              'PUT',
            );
            if (r) message.success(t('收支已申报'));
          }}
        >
          {t('保存收支')}
        </WhyButton>
      </Space>
      {act.error && <Alert type="error" style={{ marginTop: 12 }} message={act.error} />}
    </Card>
  );
}

/** 课次明细: the sessions a figure is made of, optionally of one course or one teacher. */
function SessionList({
  code,
  year,
  only,
}: {
  code: string;
  year: number;
  only: { project?: string; teacher?: string };
}) {
  const t = useT();
  const q = new URLSearchParams({ year: String(year), ...only }).toString();
  const { data, loading } = useData<ApiGet<'/api/colleges/{code}/sessions'>>(`/api/colleges/${code}/sessions?${q}`);
  return (
    <Table
      size="small"
      rowKey={(s) => `${s.projectCode}/${s.sessionNo}`}
      loading={loading}
      dataSource={data ?? []}
      data-testid="college-sessions"
      scroll={{ x: 720 }}
      pagination={{ pageSize: 20, showSizeChanger: false }}
      columns={[
        { title: t('项目'), dataIndex: 'title' },
        { title: t('课次'), dataIndex: 'sessionNo' },
        { title: t('开始'), dataIndex: 'startsAt', render: (d: string) => dateTime(d) },
        { title: t('结束'), dataIndex: 'endsAt', render: (d: string) => dateTime(d) },
        { title: t('教师'), dataIndex: 'teacher', render: (x: string | null) => x ?? t('未登记') },
        { title: t('场所'), dataIndex: 'siteName', render: (x: string | null) => x ?? '—' },
        { title: t('分钟'), dataIndex: 'minutes' },
        { title: t('课时'), dataIndex: 'classHours', render: (h: number) => num(h, 2) },
      ]}
    />
  );
}

/** One college's year: the figures, by course, by teacher, payments, and the sessions behind them. */
function CollegeDetail({ me, code, year, onChanged }: { me: Me; code: string; year: number; onChanged: () => void }) {
  const t = useT();
  const { label } = useLabels();
  const { data, error, reload } = useData<Detail>(`/api/colleges/${code}/workload?year=${year}`);
  const [only, setOnly] = useState<{ project?: string; teacher?: string }>({});
  const [tab, setTab] = useState('course');
  if (error) return <Alert type="error" message={error} />;
  if (!data) return null;
  const c = data.college;
  const mayReport = me.role === 'province_admin' || (me.role === 'institution_staff' && me.institutionCode === code);
  const drill = (o: { project?: string; teacher?: string }) => {
    setOnly(o);
    setTab('sessions');
  };
  return (
    <Card
      size="small"
      title={`${c.name} · ${year}${t('年')}`}
      style={{ marginTop: 16 }}
      data-testid="college-detail"
      extra={
        <Space wrap>
          <a href={`/api/colleges/${code}/workload.xlsx?year=${year}`} download>
            <Button size="small">{t('下载 XLSX')}</Button>
          </a>
          <a href={`/api/colleges/${code}/workload.pdf?year=${year}`} download>
            <Button size="small">{t('下载 PDF')}</Button>
          </a>
        </Space>
      }
    >
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, md: 3 }}>
        <Descriptions.Item label={t('城市')}>{label('city', c.cityCode)}</Descriptions.Item>
        <Descriptions.Item label={t('类型')}>{label('institutionType', c.type)}</Descriptions.Item>
        <Descriptions.Item label={t('课次')}>{num(c.sessions)}</Descriptions.Item>
        <Descriptions.Item label={t('课时')}>{num(c.classHours, 2)}</Descriptions.Item>
        <Descriptions.Item label={t('折算工作量（学时）')}>{num(c.workloadHours, 2)}</Descriptions.Item>
        <Descriptions.Item label={t('平台拨付')}>{yuan(c.platformIncomeFen)}</Descriptions.Item>
        <Descriptions.Item label={t('其他收入')}>{c.reported ? yuan(c.otherIncomeFen) : t('未申报')}</Descriptions.Item>
        <Descriptions.Item label={t('成本')}>{c.reported ? yuan(c.costFen) : t('未申报')}</Descriptions.Item>
        <Descriptions.Item label={t('净收入')}>{yuan(c.netIncomeFen)}</Descriptions.Item>
        <Descriptions.Item label={t('绩效工资增核上限')}>
          <b data-testid="college-cap">{yuan(c.performancePayCapFen)}</b>
        </Descriptions.Item>
      </Descriptions>
      {mayReport && (
        <FinancesForm
          key={`${code}/${year}/${c.otherIncomeFen}/${c.costFen}`}
          college={c}
          year={year}
          onDone={() => {
            reload();
            onChanged();
          }}
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        style={{ marginTop: 12 }}
        items={[
          {
            key: 'course',
            label: t('按课程'),
            children: (
              <Table
                size="small"
                rowKey="projectCode"
                pagination={false}
                dataSource={data.byCourse}
                data-testid="college-by-course"
                scroll={{ x: 600 }}
                columns={[
                  { title: t('项目'), dataIndex: 'title' },
                  { title: t('职业'), dataIndex: 'occupationName' },
                  { title: t('等级'), dataIndex: 'level', render: (l: string | null) => (l ? label('level', l) : '—') },
                  { title: t('课次'), dataIndex: 'sessions' },
                  {
                    title: t('课时'),
                    render: (_: unknown, r: Detail['byCourse'][number]) => (
                      <Button
                        type="link"
                        size="small"
                        style={{ padding: 0 }}
                        onClick={() => drill({ project: r.projectCode })}
                      >
                        {num(r.classHours, 2)}
                      </Button>
                    ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'teacher',
            label: t('按教师'),
            children: (
              <Table
                size="small"
                rowKey={(r) => r.teacher ?? ''}
                pagination={false}
                dataSource={data.byTeacher}
                data-testid="college-by-teacher"
                columns={[
                  { title: t('教师'), dataIndex: 'teacher', render: (x: string | null) => x ?? t('未登记') },
                  { title: t('课次'), dataIndex: 'sessions' },
                  {
                    title: t('课时'),
                    render: (_: unknown, r: Detail['byTeacher'][number]) => (
                      <Button
                        type="link"
                        size="small"
                        style={{ padding: 0 }}
                        onClick={() => drill({ teacher: r.teacher ?? '' })}
                      >
                        {num(r.classHours, 2)}
                      </Button>
                    ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'payments',
            label: t('平台拨付'),
            children: (
              <Table
                size="small"
                rowKey="claimId"
                pagination={false}
                dataSource={data.payments}
                columns={[
                  { title: t('申领编号'), dataIndex: 'claimId', render: (x: string) => <Code>{x}</Code> },
                  {
                    title: t('项目'),
                    dataIndex: 'projectCode',
                    render: (x: string | null) =>
                      x ? (data.byCourse.find((c) => c.projectCode === x)?.title ?? <Code>{x}</Code>) : '—',
                  },
                  { title: t('金额'), dataIndex: 'amountFen', render: (f: number) => yuan(f) },
                  { title: t('到账时间'), dataIndex: 'settledAt', render: (d: string) => dateTime(d) },
                ]}
              />
            ),
          },
          {
            key: 'sessions',
            label: t('课次明细'),
            children: (
              <>
                {(only.project !== undefined || only.teacher !== undefined) && (
                  <Tag
                    closable
                    onClose={() => setOnly({})}
                    style={{ marginBottom: 8 }}
                    data-testid="college-drill-filter"
                  >
                    {only.project
                      ? `${t('项目')}：${data.byCourse.find((x) => x.projectCode === only.project)?.title ?? only.project}`
                      : `${t('教师')}：${only.teacher || t('未登记')}`}
                  </Tag>
                )}
                <SessionList code={code} year={year} only={only} />
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}

/**
 * 院校工作量: colleges' training for society converted to full-time teaching workload, their income,
 * costs, net income and the 50 % performance-pay cap (plan 一). 教育厅 and the province see every
 * college, a city its own, a college itself only.
 */
export function CollegesPage({ me }: { me: Me }) {
  const t = useT();
  const { label } = useLabels();
  const [year, setYear] = useState(thisYear());
  const { data, error, loading, reload } = useData<ApiGet<'/api/colleges/workload'>>(
    `/api/colleges/workload?year=${year}`,
  );
  const [chosen, setChosen] = useState<string | null>(
    me.role === 'institution_staff' ? (me.institutionCode ?? null) : null,
  );
  const colleges = data?.colleges ?? [];
  const own = me.role === 'institution_staff';
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        {t('年度')}
        <Select
          aria-label={t('年度')}
          value={year}
          onChange={setYear}
          style={{ width: 100 }}
          options={PLAN_YEARS.map((y) => ({ value: y, label: `${y}` }))}
        />
        {!own && (
          <a href={`/api/colleges/workload.xlsx?year=${year}`} download>
            <Button>{t('下载 XLSX')}</Button>
          </a>
        )}
      </Space>
      {error && <Alert type="error" message={error} />}
      {own && data && colleges.length === 0 && (
        <Alert type="info" message={t('本机构不是职业院校（含技工院校、本科院校），无工作量折算')} />
      )}
      {!own && (
        <Table
          size="small"
          rowKey="creditCode"
          loading={loading}
          dataSource={colleges}
          data-testid="colleges-table"
          scroll={{ x: 1100 }}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          onRow={(r) => ({ onClick: () => setChosen(r.creditCode), style: { cursor: 'pointer' } })}
          rowClassName={(r) => (r.creditCode === chosen ? 'ant-table-row-selected' : '')}
          columns={[
            {
              title: t('院校'),
              dataIndex: 'name',
              width: 180,
              render: (n: string) => <Typography.Link>{n}</Typography.Link>,
            },
            { title: t('城市'), dataIndex: 'cityCode', render: (c: string) => label('city', c) },
            { title: t('类型'), dataIndex: 'type', render: (x: string) => label('institutionType', x) },
            { title: t('课次'), dataIndex: 'sessions', render: (n: number) => num(n) },
            { title: t('课时'), dataIndex: 'classHours', render: (n: number) => num(n, 2) },
            { title: t('折算工作量'), dataIndex: 'workloadHours', render: (n: number) => num(n, 2) },
            { title: t('平台拨付'), dataIndex: 'platformIncomeFen', render: (f: number) => yuan(f) },
            { title: t('净收入'), dataIndex: 'netIncomeFen', render: (f: number) => yuan(f) },
            { title: t('绩效工资增核上限'), dataIndex: 'performancePayCapFen', render: (f: number) => yuan(f) },
            {
              title: t('收支'),
              dataIndex: 'reported',
              render: (r: boolean) => <Tag color={r ? 'green' : 'default'}>{r ? t('已申报') : t('未申报')}</Tag>,
            },
          ]}
        />
      )}
      {chosen && colleges.some((c) => c.creditCode === chosen) && (
        <CollegeDetail key={`${chosen}/${year}`} me={me} code={chosen} year={year} onChanged={reload} />
      )}
      {data && <ParameterSources parameters={data.parameters} testId="college-parameters" />}
    </>
  );
}
