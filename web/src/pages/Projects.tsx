import { Alert, Button, Drawer, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { yuan, type Me } from '../api.ts';
import type { ApiGet, ApiPost, Item, Schemas } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';
import { shownProjectStatus, useLabels } from '../labels.ts';
import { FilterNote, useListFilter, withQuery } from './ListFilter.tsx';

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

/** 派单: a city officer creates a project from open demand and dispatches it to a listed institution. */
function DispatchForm({ me, onDone }: { me: Me; onDone: (code: string) => void }) {
  const t = useT();
  const { options } = useLabels();
  const [form] = Form.useForm();
  const occupation = Form.useWatch('occupationCode', form);
  const occupations = useData<Schemas['CatalogOccupation'][]>('/api/catalogs/occupations');
  const institutions = useData<ApiGet<'/api/institutions'>>(
    `/api/institutions?role=training${me.cityCode ? `&city=${me.cityCode}` : ''}`,
  );
  const orders = useData<ApiGet<'/api/job-orders'>>('/api/job-orders?status=open');
  const requests = useData<ApiGet<'/api/training-requests'>>('/api/training-requests?status=open');
  const { run, error, busy } = useAction();
  const submit = async (v: Record<string, unknown>) => {
    const out = await run<ApiPost<'/api/projects'>>('/api/projects', {
      ...v,
      modules: String(v.modules ?? '')
        .split(/[\n,，、;；]+/)
        .map((s) => s.trim())
        .filter(Boolean),
      price: String(v.price ?? ''),
      jobOrders: v.jobOrders ?? [],
      requests: v.requests ?? [],
    });
    if (out) onDone(out.projectCode);
  };
  const forOccupation = (d: { occupation_code: string }) => !occupation || d.occupation_code === occupation;
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ kind: 'employment_skills', keyTask: 1, plannedHours: 80, plannedTrainees: 30 }}
      data-testid="dispatch-form"
    >
      <Form.Item name="title" label={t('项目名称')} rules={[{ required: true }]}>
        <Input />
      </Form.Item>
      <Form.Item name="occupationCode" label={t('职业')} rules={[{ required: true }]}>
        <Select
          showSearch
          optionFilterProp="label"
          options={(occupations.data ?? []).map((o) => ({ value: o.code, label: `${o.name} ${o.code}` }))}
          data-testid="dispatch-occupation"
        />
      </Form.Item>
      <Space wrap>
        <Form.Item name="level" label={t('目标等级')}>
          <Select allowClear style={{ width: 120 }} options={options('level', ['L5', 'L4', 'L3', 'L2', 'L1'])} />
        </Form.Item>
        <Form.Item name="kind" label={t('培训类型')}>
          <Select style={{ width: 180 }} options={options('projectKind')} />
        </Form.Item>
        <Form.Item name="keyTask" label={t('重点任务')}>
          <Select style={{ width: 260 }} options={options('keyTask').map((o) => ({ ...o, value: Number(o.value) }))} />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="startDate" label={t('开始日期')} rules={[{ required: true }]}>
          <Input placeholder="2026-12-01" />
        </Form.Item>
        <Form.Item name="endDate" label={t('结束日期')} rules={[{ required: true }]}>
          <Input placeholder="2026-12-31" />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="plannedHours" label={t('计划课时')}>
          <InputNumber min={1} />
        </Form.Item>
        <Form.Item name="plannedTrainees" label={t('计划人数')}>
          <InputNumber min={1} />
        </Form.Item>
        <Form.Item name="price" label={t('单价（元/人）')} rules={[{ required: true }]}>
          <Input placeholder="1800.00" />
        </Form.Item>
      </Space>
      <Form.Item name="modules" label={t('课程模块（模块化微课程，每行一个）')}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="jobOrders" label={t('服务的用工订单')}>
        <Select
          mode="multiple"
          options={(orders.data ?? []).filter(forOccupation).map((o) => ({
            value: o.order_id,
            label: `${o.order_id} ${o.enterprise_name} ${o.occupation_name} ×${o.headcount}`,
          }))}
          data-testid="dispatch-orders"
        />
      </Form.Item>
      <Form.Item name="requests" label={t('服务的点单')}>
        <Select
          mode="multiple"
          options={(requests.data ?? [])
            .filter(forOccupation)
            .map((r) => ({ value: r.request_id, label: `${r.request_id} ${r.person_name} ${r.occupation_name}` }))}
          data-testid="dispatch-requests"
        />
      </Form.Item>
      <Form.Item name="institutionCode" label={t('派给机构')} rules={[{ required: true }]}>
        <Select
          showSearch
          optionFilterProp="label"
          options={(institutions.data ?? []).map((i) => ({
            value: i.credit_code,
            label: `${i.name} ${i.credit_code}`,
          }))}
          data-testid="dispatch-institution"
        />
      </Form.Item>
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('派单')}
      </Button>
    </Form>
  );
}

type Project = Item<ApiGet<'/api/projects'>>;

export function ProjectsPage({ me }: { me: Me | null }) {
  const t = useT();
  const { label } = useLabels();
  const navigate = useNavigate();
  const filter = useListFilter(['status', 'todo']);
  const { data, error } = useData<ApiGet<'/api/projects'>>(withQuery('/api/projects', filter.query));
  const [creating, setCreating] = useState(false);
  const official = me?.role === 'city_officer' || me?.role === 'province_admin';
  const { status, todo } = filter.values;
  return (
    <>
      {error && <Alert type="error" message={error} />}
      <FilterNote
        text={todo ? label('todo', todo) : status ? label('projectStatus', status) : null}
        onClear={filter.clear}
      />
      {official && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setCreating(true)}>
          {t('新建项目（派单）')}
        </Button>
      )}
      <Table
        size="small"
        rowKey="project_code"
        dataSource={data ?? []}
        data-testid="projects-table"
        onRow={(r) => ({ onClick: () => navigate(`/projects/${r.project_code}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('项目编号'), dataIndex: 'project_code' },
          { title: t('项目名称'), dataIndex: 'title' },
          { title: t('承训机构'), dataIndex: 'institution_name' },
          { title: t('职业'), dataIndex: 'occupation_name' },
          { title: t('所在城市'), dataIndex: 'city_name' },
          { title: t('开始'), dataIndex: 'start_date' },
          { title: t('结束'), dataIndex: 'end_date' },
          { title: t('报名人数'), dataIndex: 'enrolled' },
          { title: t('单价'), dataIndex: 'fee_fen', render: (f: number) => yuan(f) },
          {
            title: t('状态'),
            dataIndex: 'status',
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
