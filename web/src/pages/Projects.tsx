import {
  Alert,
  Button,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  type SelectProps,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useContext, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { yuan, type Me } from '../api.ts';
import type { ApiGet, ApiPost, ApiPostBody, Item, Schemas } from '../api/client.ts';
import { LangContext, useT } from '../i18n.ts';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';
import { chinaToday, shownProjectStatus, useLabels } from '../labels.ts';
import { FilterNote } from './ListFilter.tsx';
import { useServerTable } from './useServerTable.ts';
import { FilterSelect } from './FilterSelect.tsx';
import { dayText, pickerDay } from '../china-time.ts';
import { nameFirst, OccupationSelect, Secondary, ServerMultiSelect, type NamedOption } from './Pickers.tsx';

/** The colour of a project's status tag (the name comes from the server's labels). */
export const STATUS_COLORS: Record<string, string> = {
  open: 'blue',
  dispatched: 'orange',
  declined: 'red',
  accepted: 'cyan',
  running: 'green',
  closed: 'default',
  ended: 'default',
  awaiting_close: 'gold',
};

type Candidate = Item<ApiGet<'/api/dispatch/candidates'>>;
type OpenOrder = Item<ApiGet<'/api/job-orders'>['items']>;
type OpenRequest = Item<ApiGet<'/api/training-requests'>['items']>;

/**
 * 派给机构: the institutions the dispatch rules accept, best first by stars, credit, free places and
 * distance (GET /api/dispatch/candidates), each with why (`★4 · 信用 92 · 余量 40 · 12 km`).
 */
function InstitutionRankSelect({
  me,
  occupation,
  trainees,
  ...props
}: { me: Me; occupation?: string; trainees?: number } & SelectProps<string, NamedOption>) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const query = new URLSearchParams();
  if (me.cityCode) query.set('city', me.cityCode);
  if (occupation) query.set('occupation', occupation);
  if (trainees) query.set('trainees', String(trainees));
  const candidates = useData<Candidate[]>(`/api/dispatch/candidates?${query}`);
  const byCode = new Map((candidates.data ?? []).map((c) => [c.creditCode, c]));
  return (
    <Select<string, NamedOption>
      {...nameFirst}
      loading={candidates.loading}
      placeholder={t('输入机构名称')}
      popupMatchSelectWidth={false}
      options={(candidates.data ?? []).map((c) => ({
        value: c.creditCode,
        label: c.name,
        // A city officer's are all of the city; the province sees which city.
        hint: `${me.cityCode ? '' : `${c.cityName ?? ''} · `}${lang === 'en' ? c.why.en : c.why.zh}`,
      }))}
      optionRender={(o) => {
        const c = byCode.get(String(o.value));
        return (
          <span data-testid="candidate-option">
            {o.data.label}
            <Secondary>{o.data.hint}</Secondary>
            {c?.fits === false && (
              <Tag color="orange" style={{ marginLeft: 6 }}>
                {t('余量不足')}
              </Tag>
            )}
          </span>
        );
      }}
      {...props}
    />
  );
}

/** What a dispatch may start from: a training request (点单) fills the occupation, level, title and the request served. */
export interface DispatchStart {
  occupationCode?: string;
  level?: string | null;
  title?: string;
  requests?: string[];
  jobOrders?: string[];
}

interface DispatchValues {
  title: string;
  occupationCode: string;
  level?: string;
  kind: ApiPostBody<'/api/projects'>['kind'];
  keyTask: number;
  dates: [Dayjs, Dayjs];
  plannedHours: number;
  plannedTrainees: number;
  price: number;
  modules?: string;
  jobOrders?: string[];
  requests?: string[];
  institutionCode: string;
}

/** 派单: a city officer creates a project from open demand and dispatches it to a listed institution. */
export function DispatchForm({ me, start, onDone }: { me: Me; start?: DispatchStart; onDone: (code: string) => void }) {
  const t = useT();
  const { options } = useLabels();
  const [form] = Form.useForm<DispatchValues>();
  const occupation = Form.useWatch('occupationCode', form);
  const trainees = Form.useWatch('plannedTrainees', form);
  const occupations = useData<Schemas['CatalogOccupation'][]>('/api/catalogs/occupations');
  const { run, error, busy } = useAction();
  const today = chinaToday();
  const demandQuery = `status=open${occupation ? `&occupation=${encodeURIComponent(occupation)}` : ''}`;
  const submit = async ({ dates, price, modules, ...v }: DispatchValues) => {
    const out = await run<ApiPost<'/api/projects'>>('/api/projects', {
      ...v,
      startDate: dayText(dates[0]),
      endDate: dayText(dates[1]),
      modules: String(modules ?? '')
        .split(/[\n,，、;；]+/)
        .map((s) => s.trim())
        .filter(Boolean),
      price: price.toFixed(2),
      jobOrders: v.jobOrders ?? [],
      requests: v.requests ?? [],
    } satisfies ApiPostBody<'/api/projects'>);
    if (out) onDone(out.projectCode);
  };
  return (
    <Form<DispatchValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{
        kind: 'employment_skills',
        keyTask: 1,
        plannedHours: 80,
        plannedTrainees: 30,
        ...start,
        level: start?.level ?? undefined,
      }}
      onValuesChange={(changed: Partial<DispatchValues>) => {
        // A title from the occupation's name, until the officer writes their own.
        const name = occupations.data?.find((o) => o.code === changed.occupationCode)?.name;
        if (name && !form.isFieldTouched('title')) form.setFieldValue('title', `${name}${t('培训班')}`);
      }}
      data-testid="dispatch-form"
    >
      <Form.Item name="occupationCode" label={t('职业')} rules={[{ required: true, message: t('请选择职业') }]}>
        <OccupationSelect data-testid="dispatch-occupation" />
      </Form.Item>
      <Form.Item name="title" label={t('项目名称')} rules={[{ required: true, message: t('请填写项目名称') }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="institutionCode" label={t('派给机构')} rules={[{ required: true, message: t('请选择机构') }]}>
        <InstitutionRankSelect me={me} occupation={occupation} trainees={trainees} data-testid="dispatch-institution" />
      </Form.Item>
      <Space wrap>
        <Form.Item name="dates" label={t('起止日期')} rules={[{ required: true, message: t('请选择起止日期') }]}>
          <DatePicker.RangePicker
            defaultPickerValue={[pickerDay(today)!, pickerDay(today)!]}
            placeholder={[t('开始日期'), t('结束日期')]}
            data-testid="dispatch-dates"
          />
        </Form.Item>
        <Form.Item name="price" label={t('单价（元/人）')} rules={[{ required: true, message: t('请填写单价') }]}>
          <InputNumber min={0} max={100000} precision={2} step={100} prefix="¥" style={{ width: 150 }} />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="level" label={t('目标等级')}>
          <Select allowClear style={{ width: 170 }} options={options('level', ['L5', 'L4', 'L3', 'L2', 'L1'])} />
        </Form.Item>
        <Form.Item name="kind" label={t('培训类型')}>
          <Select style={{ width: 180 }} options={options('projectKind')} />
        </Form.Item>
        <Form.Item name="keyTask" label={t('重点任务')}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 260 }}
            options={options('keyTask').map((o) => ({ ...o, value: Number(o.value) }))}
          />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="plannedHours" label={t('计划课时')}>
          <InputNumber min={1} max={2000} precision={0} />
        </Form.Item>
        <Form.Item name="plannedTrainees" label={t('计划人数')}>
          <InputNumber min={1} max={500} precision={0} />
        </Form.Item>
      </Space>
      <Form.Item name="jobOrders" label={t('服务的用工订单')}>
        <ServerMultiSelect<OpenOrder>
          key={`orders-${occupation ?? ''}`}
          path="/api/job-orders"
          query={demandQuery}
          rowKey={(o) => o.order_id}
          toOption={(o) => ({
            value: o.order_id,
            label: `${o.enterprise_name} · ${o.occupation_name} ×${o.headcount}`,
            hint: o.order_id,
          })}
          placeholder={t('输入企业名称、职业或订单号')}
          data-testid="dispatch-orders"
        />
      </Form.Item>
      <Form.Item name="requests" label={t('服务的点单')}>
        <ServerMultiSelect<OpenRequest>
          key={`requests-${occupation ?? ''}`}
          path="/api/training-requests"
          query={demandQuery}
          rowKey={(r) => r.request_id}
          toOption={(r) => ({
            value: r.request_id,
            label: `${r.person_name} · ${r.occupation_name}`,
            hint: `${r.id_masked} · ${r.request_id}`,
          })}
          placeholder={t('输入姓名、身份证号后四位或职业')}
          data-testid="dispatch-requests"
        />
      </Form.Item>
      <Form.Item name="modules" label={t('课程模块（模块化微课程，每行一个）')}>
        <Input.TextArea rows={3} />
      </Form.Item>
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('派单')}
      </Button>
    </Form>
  );
}

type Project = Item<ApiGet<'/api/projects'>['items']>;
const FILTERS = ['status', 'todo', 'city', 'q'] as const;
/** The stored statuses one may filter by (结束/待结业 are shown from dates, not stored: the to-do cards reach them). */
const FILTERABLE_STATUSES = ['open', 'dispatched', 'declined', 'accepted', 'running', 'closed'];

/** 培训项目: the caller's classes, filtered, sorted and paged by the server (a province runs tens of thousands). */
export function ProjectsPage({ me }: { me: Me | null }) {
  const t = useT();
  const { label, options } = useLabels();
  const navigate = useNavigate();
  const table = useServerTable<Project>('/api/projects', FILTERS);
  const { filters, setFilter, sortable } = table;
  const [creating, setCreating] = useState(false);
  const official = me?.role === 'city_officer' || me?.role === 'province_admin';
  const exportable = me?.role !== 'worker';
  return (
    <>
      {table.error && <Alert type="error" message={table.error} />}
      <Space wrap style={{ marginBottom: 12 }} data-testid="project-filters">
        {official && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('新建项目（派单）')}
          </Button>
        )}
        <FilterSelect
          table={table}
          name="status"
          label={t('状态')}
          options={options('projectStatus').filter((o) => FILTERABLE_STATUSES.includes(String(o.value)))}
        />
        {me?.role === 'province_admin' && (
          <FilterSelect table={table} name="city" label={t('所在城市')} options={options('city')} />
        )}
        <Input.Search
          allowClear
          key={filters.q ?? ''}
          defaultValue={filters.q}
          placeholder={`${t('项目编号')} / ${t('项目名称')} / ${t('承训机构')}`}
          onSearch={(v) => setFilter('q', v || undefined)}
          style={{ width: 280 }}
        />
        <Button onClick={table.clearFilters}>{t('清除筛选')}</Button>
        {exportable && (
          <Button href={table.exportHref} data-testid="projects-export">
            {t('导出 XLSX')}
          </Button>
        )}
      </Space>
      <FilterNote
        text={filters.todo ? label('todo', filters.todo) : null}
        onClear={() => setFilter('todo', undefined)}
      />
      <Table
        size="small"
        rowKey="project_code"
        data-testid="projects-table"
        scroll={{ x: 'max-content' }}
        {...table.tableProps}
        onRow={(r) => ({ onClick: () => navigate(`/projects/${r.project_code}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('项目编号'), dataIndex: 'project_code', ...sortable('project_code') },
          { title: t('项目名称'), dataIndex: 'title' },
          { title: t('承训机构'), dataIndex: 'institution_name', ...sortable('institution_name') },
          { title: t('职业'), dataIndex: 'occupation_name' },
          { title: t('所在城市'), dataIndex: 'city_name', ...sortable('city_name') },
          { title: t('开始'), dataIndex: 'start_date', ...sortable('start_date') },
          { title: t('结束'), dataIndex: 'end_date', ...sortable('end_date') },
          { title: t('报名人数'), dataIndex: 'enrolled', render: (n: number) => n.toLocaleString('zh-CN') },
          { title: t('单价'), dataIndex: 'fee_fen', render: (f: number) => yuan(f), ...sortable('fee_fen') },
          {
            title: t('状态'),
            dataIndex: 'status',
            ...sortable('status'),
            render: (_: string, r: Project) => {
              const s = shownProjectStatus(r);
              return <Tag color={STATUS_COLORS[s]}>{label('projectStatus', s)}</Tag>;
            },
          },
        ]}
      />
      <Drawer
        open={creating}
        onClose={() => setCreating(false)}
        width={620}
        title={t('新建项目（派单）')}
        destroyOnHidden
      >
        <DispatchForm
          me={me!}
          onDone={(code) => {
            setCreating(false);
            navigate(`/projects/${code}`);
          }}
        />
      </Drawer>
    </>
  );
}
