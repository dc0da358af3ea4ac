import { Alert, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { yuan } from '../api.ts';
import type { ApiGet, ApiPostBody, Item } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';
import { chinaToday, useLabels } from '../labels.ts';
import { useServerTable } from './useServerTable.ts';
import { FilterNote, useListFilter, withQuery } from './ListFilter.tsx';
import { FilterSelect, TableSearch } from './FilterSelect.tsx';
import { dayText, outsideDays, pickerDay } from '../china-time.ts';
import { OccupationSelect } from './Pickers.tsx';

type Order = Item<ApiGet<'/api/job-orders'>['items']>;
type Candidate = Item<ApiGet<'/api/job-orders/{id}/candidates'>>;
type Hire = ApiPostBody<'/api/job-orders/{id}/hires'>;
type EmployeeTraining = Item<ApiGet<'/api/employer/confirmations'>>;
type Confirmation = ApiPostBody<'/api/employer/confirmations/{applicationId}'>;
/** The order form's values: pay as numbers and the deadline as a picked day, reshaped before sending. */
type OrderValues = Omit<ApiPostBody<'/api/job-orders'>, 'payMin' | 'payMax' | 'deadline'> & {
  payMin: number;
  payMax: number;
  deadline: Dayjs;
};

/** 人岗匹配: ranked candidates for one order, each score explained; the enterprise records a hire. */
function Candidates({ orderId, onHired }: { orderId: string; onHired: () => void }) {
  const t = useT();
  const { data, loading, error, reload } = useData<ApiGet<'/api/job-orders/{id}/candidates'>>(
    `/api/job-orders/${orderId}/candidates`,
  );
  const [terms, setTerms] = useState({ startDate: chinaToday(), contractMonths: 24 });
  const action = useAction(() => {
    reload();
    onHired();
  });
  return (
    <>
      {(error || action.error) && <Alert type="error" message={error ?? action.error} style={{ marginBottom: 12 }} />}
      <Space style={{ marginBottom: 12 }}>
        {t('入职日期')}{' '}
        <DatePicker
          value={pickerDay(terms.startDate)}
          onChange={(d) => d && setTerms({ ...terms, startDate: dayText(d) })}
          allowClear={false}
          style={{ width: 140 }}
          aria-label={t('入职日期')}
        />
        {t('合同期限（月）')}{' '}
        <InputNumber
          value={terms.contractMonths}
          min={1}
          max={120}
          onChange={(v) => setTerms({ ...terms, contractMonths: v ?? 12 })}
          aria-label="contractMonths"
        />
      </Space>
      <Table
        size="small"
        rowKey="personKey"
        pagination={false}
        dataSource={data ?? []}
        loading={loading}
        data-testid="candidates-table"
        columns={[
          { title: t('姓名'), dataIndex: 'name' },
          { title: t('身份证号'), dataIndex: 'idMasked' },
          { title: t('培训项目'), dataIndex: 'projectCode' },
          { title: t('匹配分'), dataIndex: 'score' },
          {
            title: t('理由'),
            dataIndex: 'reasons',
            render: (rs: Candidate['reasons']) =>
              rs.map((r) => (
                <Tag key={r.factor} color={r.points ? 'green' : 'default'}>
                  {r.zh} +{r.points}
                </Tag>
              )),
          },
          {
            title: '',
            render: (_: unknown, c: Candidate) => (
              <Button
                size="small"
                type="primary"
                onClick={() =>
                  action.run(`/api/job-orders/${orderId}/hires`, { personKey: c.personKey, ...terms } satisfies Hire)
                }
              >
                {t('录用')}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}

/** 企业确认: the enterprise confirms its employees' post training before the subsidy is paid. */
function EmployerConfirmations() {
  const t = useT();
  const { label } = useLabels();
  // 待确认职工参训 on the home page opens ?confirm=pending: only what still waits for an answer.
  const filter = useListFilter(['confirm']);
  const { data, loading, reload } = useData<ApiGet<'/api/employer/confirmations'>>(
    withQuery('/api/employer/confirmations', filter.values.confirm === 'pending' ? 'pending=true' : ''),
  );
  const [note, setNote] = useState<Record<string, string>>({});
  const action = useAction(reload);
  if (!data?.length && !filter.values.confirm) return null;
  return (
    <Card size="small" title={t('职工参训确认（岗位技能提升）')} style={{ marginTop: 16 }}>
      {action.error && <Alert type="error" message={action.error} style={{ marginBottom: 12 }} />}
      <FilterNote text={filter.values.confirm ? label('todo', 'employerConfirm') : null} onClear={filter.clear} />
      <Table
        size="small"
        rowKey="application_id"
        pagination={false}
        dataSource={data ?? []}
        loading={loading}
        data-testid="employer-confirmations"
        columns={[
          { title: t('姓名'), dataIndex: 'person_name' },
          { title: t('身份证号'), dataIndex: 'id_masked' },
          { title: t('项目名称'), dataIndex: 'title' },
          { title: t('起止日期'), render: (_: unknown, r: EmployeeTraining) => `${r.start_date} — ${r.end_date}` },
          {
            title: '',
            render: (_: unknown, r: EmployeeTraining) =>
              r.answer ? (
                <Tag color={r.answer === 'confirmed' ? 'green' : 'red'}>{label('confirmationAnswer', r.answer)}</Tag>
              ) : (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() =>
                      action.run(`/api/employer/confirmations/${r.application_id}`, {
                        answer: 'confirmed',
                      } satisfies Confirmation)
                    }
                  >
                    {t('确认参训')}
                  </Button>
                  <Input
                    size="small"
                    placeholder={t('否认须说明情况')}
                    value={note[r.application_id] ?? ''}
                    onChange={(e) => setNote({ ...note, [r.application_id]: e.target.value })}
                    style={{ width: 160 }}
                  />
                  <Button
                    size="small"
                    danger
                    onClick={() =>
                      action.run(`/api/employer/confirmations/${r.application_id}`, {
                        answer: 'denied',
                        note: note[r.application_id] ?? '',
                      } satisfies Confirmation)
                    }
                  >
                    {t('未参加')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}

/** 订单: an enterprise posts job orders and hires trained completers. */
export function JobOrdersPage() {
  const t = useT();
  const { label, options } = useLabels();
  // 招聘中订单 on the home page opens ?status=open.
  // 职业 and 截止 are not sortable here: a sortable header is named like the form's boxes above it.
  const table = useServerTable<Order>('/api/job-orders', ['status', 'q']);
  const { error, reload } = table;
  const { run, error: formError } = useAction(reload);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      {error && <Alert type="error" message={error} />}
      <Form
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        data-testid="order-form"
        initialValues={{ headcount: 1 }}
        onFinish={({ deadline, payMin, payMax, ...v }: OrderValues) =>
          run('/api/job-orders', {
            ...v,
            payMin: payMin.toFixed(2),
            payMax: payMax.toFixed(2),
            deadline: dayText(deadline),
          } satisfies ApiPostBody<'/api/job-orders'>)
        }
      >
        <Form.Item name="occupationCode" label={t('职业')} rules={[{ required: true }]}>
          <OccupationSelect style={{ width: 220 }} data-testid="order-occupation" />
        </Form.Item>
        <Form.Item name="level" label={t('等级')}>
          <Select allowClear style={{ width: 150 }} options={options('level', ['L5', 'L4', 'L3', 'L2', 'L1'])} />
        </Form.Item>
        <Form.Item name="headcount" label={t('人数')} rules={[{ required: true }]}>
          <InputNumber min={1} />
        </Form.Item>
        <Form.Item name="payMin" label={t('月薪（元）')} rules={[{ required: true }]}>
          <InputNumber min={0} max={1000000} precision={0} step={500} style={{ width: 110 }} placeholder="6000" />
        </Form.Item>
        <Form.Item name="payMax" label="—" rules={[{ required: true }]}>
          <InputNumber min={0} max={1000000} precision={0} step={500} style={{ width: 110 }} placeholder="8000" />
        </Form.Item>
        <Form.Item name="deadline" label={t('截止')} rules={[{ required: true }]}>
          <DatePicker disabledDate={outsideDays(chinaToday(), null)} style={{ width: 140 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('发布订单')}
        </Button>
      </Form>
      {formError && <Alert type="error" message={formError} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Space wrap style={{ marginBottom: 12 }}>
        <FilterSelect table={table} name="status" label={t('状态')} options={options('jobOrderStatus')} />
        <TableSearch table={table} placeholder={`${t('订单号')} / ${t('职业')}`} />
        <Button href={table.exportHref} data-testid="orders-export">
          {t('导出 XLSX')}
        </Button>
      </Space>
      <Table
        size="small"
        rowKey="order_id"
        scroll={{ x: 'max-content' }}
        {...table.tableProps}
        data-testid="my-orders"
        columns={[
          { title: t('订单号'), dataIndex: 'order_id', ...table.sortable('order_id') },
          { title: t('职业'), dataIndex: 'occupation_name' },
          { title: t('等级'), dataIndex: 'level', render: (l: string | null) => label('level', l) },
          { title: t('招聘/已录用'), render: (_: unknown, o: Order) => `${o.headcount} / ${o.filled}` },
          { title: t('月薪'), render: (_: unknown, o: Order) => `${yuan(o.pay_min_fen)} – ${yuan(o.pay_max_fen)}` },
          { title: t('截止'), dataIndex: 'deadline' },
          {
            title: t('状态'),
            dataIndex: 'status',
            ...table.sortable('status'),
            render: (s: string) => <Tag>{label('jobOrderStatus', s)}</Tag>,
          },
          {
            title: '',
            render: (_: unknown, o: Order) => (
              <Button size="small" onClick={() => setOpen(o.order_id)}>
                {t('匹配人选')}
              </Button>
            ),
          },
        ]}
      />
      <EmployerConfirmations />
      <Drawer
        open={!!open}
        onClose={() => setOpen(null)}
        width={900}
        title={`${t('匹配人选')} ${open ?? ''}`}
        destroyOnHidden
      >
        {open && <Candidates orderId={open} onHired={reload} />}
      </Drawer>
    </>
  );
}
