import { Alert, Button, Card, Form, Grid, Input, Rate, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { yuan } from '../api.ts';
import type { ApiGet, ApiPostBody, Item } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { CardTable } from './CardTable.tsx';
import { STATUS_COLORS } from './Projects.tsx';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';
import { AppealButton } from './AppealButton.tsx';
import { shownProjectStatus, useLabels } from '../labels.ts';
import { FilterNote, useListFilter, withQuery } from './ListFilter.tsx';
import { OccupationSelect } from './Pickers.tsx';

type Request = Item<ApiGet<'/api/training-requests'>['items']>;
type Class = Item<ApiGet<'/api/me/training'>>;
type Job = Item<ApiGet<'/api/me/jobs'>>;
type Confirmation = Item<ApiGet<'/api/me/confirmations'>>;
type ConfirmationBody = ApiPostBody<'/api/me/confirmations/{applicationId}'>;
type HireAnswer = ApiPostBody<'/api/me/hires/{id}'>;

/** 参训确认: before payment the trainee confirms the training happened (with satisfaction) or denies it. */
function Confirmations() {
  const t = useT();
  const { label } = useLabels();
  // 待确认 on the home page opens ?confirm=pending: only what still waits for an answer.
  const filter = useListFilter(['confirm']);
  const { data, reload } = useData<ApiGet<'/api/me/confirmations'>>(
    withQuery('/api/me/confirmations', filter.values.confirm === 'pending' ? 'pending=true' : ''),
  );
  const [stars, setStars] = useState<Record<string, number>>({});
  const [note, setNote] = useState<Record<string, string>>({});
  const action = useAction(reload);
  return (
    <Card size="small" title={t('参训确认（支付前）')} style={{ marginBottom: 16 }}>
      {action.error && <Alert type="error" message={action.error} style={{ marginBottom: 12 }} />}
      <FilterNote text={filter.values.confirm ? label('todo', 'confirm') : null} onClear={filter.clear} />
      <CardTable
        size="small"
        scroll={{ x: 'max-content' }}
        rowKey="application_id"
        pagination={false}
        dataSource={data ?? []}
        data-testid="my-confirmations"
        columns={[
          { title: t('申请编号'), dataIndex: 'application_id' },
          { title: t('项目名称'), dataIndex: 'title' },
          { title: t('承训机构'), dataIndex: 'institution_name' },
          { title: t('起止日期'), render: (_: unknown, c: Confirmation) => `${c.start_date} — ${c.end_date}` },
          { title: t('金额'), dataIndex: 'amount_fen', render: yuan },
          {
            title: '',
            render: (_: unknown, c: Confirmation) =>
              c.answer ? (
                <Tag color={c.answer === 'confirmed' ? 'green' : 'red'}>{label('confirmationAnswer', c.answer)}</Tag>
              ) : (
                <Space wrap>
                  <Rate
                    value={stars[c.application_id] ?? 5}
                    onChange={(v) => setStars({ ...stars, [c.application_id]: v })}
                  />
                  <Button
                    size="small"
                    type="primary"
                    onClick={() =>
                      action.run(`/api/me/confirmations/${c.application_id}`, {
                        answer: 'confirmed',
                        satisfaction: stars[c.application_id] ?? 5,
                      } satisfies ConfirmationBody)
                    }
                  >
                    {t('确认参训')}
                  </Button>
                  <Input
                    size="small"
                    placeholder={t('否认须说明情况')}
                    value={note[c.application_id] ?? ''}
                    onChange={(e) => setNote({ ...note, [c.application_id]: e.target.value })}
                    style={{ width: 160 }}
                  />
                  <Button
                    size="small"
                    danger
                    onClick={() =>
                      action.run(`/api/me/confirmations/${c.application_id}`, {
                        answer: 'denied',
                        note: note[c.application_id] ?? '',
                      } satisfies ConfirmationBody)
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

type PendingHire = Item<ApiGet<'/api/me/hires'>>;

/** 录用确认: a hire an enterprise recorded for someone outside its candidate list counts only once the worker confirms it. */
function Hires() {
  const t = useT();
  const { label } = useLabels();
  const { data, reload } = useData<ApiGet<'/api/me/hires'>>('/api/me/hires');
  const action = useAction(reload);
  if (!data?.length) return null;
  return (
    <Card size="small" title={t('录用确认')} style={{ marginBottom: 16 }}>
      {action.error && <Alert type="error" message={action.error} style={{ marginBottom: 12 }} />}
      <CardTable
        size="small"
        scroll={{ x: 'max-content' }}
        rowKey="id"
        pagination={false}
        dataSource={data}
        data-testid="my-hires"
        columns={[
          { title: t('企业'), dataIndex: 'enterprise_name' },
          { title: t('职业'), dataIndex: 'occupation_name' },
          { title: t('入职日期'), dataIndex: 'start_date' },
          { title: t('合同期限（月）'), dataIndex: 'contract_months' },
          {
            title: '',
            render: (_: unknown, h: PendingHire) =>
              h.status !== 'pending' ? (
                <Tag color={h.status === 'confirmed' ? 'green' : 'default'}>{label('hireStatus', h.status)}</Tag>
              ) : (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => action.run(`/api/me/hires/${h.id}`, { answer: 'confirmed' } satisfies HireAnswer)}
                  >
                    {t('确认录用')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() => action.run(`/api/me/hires/${h.id}`, { answer: 'declined' } satisfies HireAnswer)}
                  >
                    {t('不是我')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}

/** A worker's training: ask for a class (点单), follow classes with their own attendance ratio, see matched jobs. */
export function MyTrainingPage() {
  const t = useT();
  const { label, options } = useLabels();
  // 我的点单 on the home page opens ?requests=open: the requests still waiting for a class.
  const filter = useListFilter(['requests']);
  const requests = useData<ApiGet<'/api/training-requests'>>(
    // A worker's own requests: a handful, one page of up to 200.
    withQuery(
      '/api/training-requests',
      `limit=200${filter.values.requests ? `&status=${filter.values.requests}` : ''}`,
    ),
  );
  const classes = useData<ApiGet<'/api/me/training'>>('/api/me/training');
  const jobs = useData<ApiGet<'/api/me/jobs'>>('/api/me/jobs');
  const { run, error } = useAction(requests.reload);
  const [complaint, setComplaint] = useState<Record<string, string>>({});
  const complain = useAction();
  const [requestForm] = Form.useForm();
  const wide = Grid.useBreakpoint().md ?? true; // on a phone the form stacks, each box the card's width
  return (
    <>
      <Confirmations />
      <Hires />
      <AppealButton kinds={['attendance']} />
      <Card size="small" title={t('我要培训（点单）')} style={{ marginBottom: 16 }}>
        <Form
          form={requestForm}
          layout={wide ? 'inline' : 'vertical'}
          style={{ rowGap: 8 }}
          data-testid="request-form"
          onFinish={async (v: ApiPostBody<'/api/training-requests'>) => {
            if (await run('/api/training-requests', v)) requestForm.resetFields();
          }}
        >
          <Form.Item name="occupationCode" label={t('职业')} rules={[{ required: true }]}>
            <OccupationSelect style={{ width: wide ? 240 : '100%' }} data-testid="request-occupation" />
          </Form.Item>
          <Form.Item name="level" label={t('等级')}>
            <Select
              allowClear
              style={{ width: wide ? 150 : '100%' }}
              options={options('level', ['L5', 'L4', 'L3', 'L2', 'L1'])}
            />
          </Form.Item>
          <Form.Item name="note" label={t('备注')}>
            <Input style={{ width: wide ? 200 : '100%' }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('提交点单')}
          </Button>
        </Form>
        {error && <Alert type="error" message={error} style={{ marginTop: 12 }} data-testid="form-error" />}
        <div style={{ marginTop: 12 }}>
          <FilterNote
            text={filter.values.requests ? label('requestStatus', filter.values.requests) : null}
            onClear={filter.clear}
          />
        </div>
        <CardTable
          size="small"
          scroll={{ x: 'max-content' }}
          rowKey="request_id"
          style={{ marginTop: 12 }}
          pagination={false}
          dataSource={requests.data?.items ?? []}
          data-testid="my-requests"
          columns={[
            { title: t('点单号'), dataIndex: 'request_id' },
            { title: t('职业'), dataIndex: 'occupation_name' },
            { title: t('等级'), dataIndex: 'level', render: (l: string | null) => label('level', l) },
            { title: t('报名班级'), dataIndex: 'class_code', render: (c: string | null) => c ?? '' },
            {
              title: t('状态'),
              dataIndex: 'status',
              render: (s: string, r: Request) => (
                <Tag>
                  {label('requestStatus', s)}
                  {r.project_code ? ` ${r.project_code}` : ''}
                </Tag>
              ),
            },
            {
              title: '',
              render: (_: unknown, r: Request) =>
                r.status === 'open' && (
                  <Button size="small" onClick={() => run(`/api/training-requests/${r.request_id}/withdraw`)}>
                    {t('撤回')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('我的培训')} style={{ marginBottom: 16 }}>
        <CardTable
          size="small"
          scroll={{ x: 'max-content' }}
          rowKey="project_code"
          pagination={false}
          dataSource={classes.data ?? []}
          data-testid="my-classes"
          columns={[
            { title: t('项目名称'), dataIndex: 'title' },
            { title: t('承训机构'), dataIndex: 'institution_name' },
            { title: t('起止日期'), render: (_: unknown, c: Class) => `${c.start_date} — ${c.end_date}` },
            { title: t('课次'), dataIndex: 'sessions' },
            { title: t('我的出勤率'), dataIndex: 'ratioPercent', render: (r: number) => <b>{r}%</b> },
            {
              title: t('状态'),
              dataIndex: 'status',
              render: (_: string, c: Class) => (
                <Tag color={STATUS_COLORS[shownProjectStatus(c)]}>
                  {label('projectStatus', shownProjectStatus(c))}
                  {c.completed === true ? ` · ${t('结业')}` : c.completed === false ? ` · ${t('未结业')}` : ''}
                </Tag>
              ),
            },
            {
              title: t('投诉'),
              render: (_: unknown, c: Class) => (
                <Space>
                  <Input
                    size="small"
                    placeholder={t('投诉内容')}
                    value={complaint[c.project_code] ?? ''}
                    onChange={(e) => setComplaint({ ...complaint, [c.project_code]: e.target.value })}
                    style={{ width: 140 }}
                  />
                  <Button
                    size="small"
                    onClick={async () => {
                      if (
                        await complain.run('/api/complaints', {
                          projectCode: c.project_code,
                          text: complaint[c.project_code] ?? '',
                        } satisfies ApiPostBody<'/api/complaints'>)
                      )
                        setComplaint({ ...complaint, [c.project_code]: '' });
                    }}
                  >
                    {t('提交')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
        {complain.error && <Alert type="error" message={complain.error} style={{ marginTop: 8 }} />}
        <div style={{ color: '#888', marginTop: 8 }}>
          {t(
            '出勤率达到80%方可结业并申领补贴；人工补录、人脸分数低于0.60、距培训地点超过1000米、迟到早退超过15分钟的记录不计入。',
          )}
        </div>
      </Card>
      <Card size="small" title={t('为我推荐的岗位')}>
        <CardTable
          size="small"
          scroll={{ x: 'max-content' }}
          rowKey="order_id"
          pagination={false}
          dataSource={jobs.data ?? []}
          data-testid="my-jobs"
          columns={[
            { title: t('企业'), dataIndex: 'enterprise_name' },
            { title: t('职业'), dataIndex: 'occupation_name' },
            { title: t('等级'), dataIndex: 'level', render: (l: string | null) => label('level', l) },
            { title: t('月薪'), render: (_: unknown, j: Job) => `${yuan(j.pay_min_fen)} – ${yuan(j.pay_max_fen)}` },
            { title: t('匹配分'), dataIndex: 'score' },
            {
              title: t('理由'),
              dataIndex: 'reasons',
              render: (rs: Job['reasons']) =>
                rs.map((r) => (
                  <Tag key={r.factor} color={r.points ? 'green' : 'default'}>
                    {r.zh}
                  </Tag>
                )),
            },
          ]}
        />
      </Card>
    </>
  );
}
