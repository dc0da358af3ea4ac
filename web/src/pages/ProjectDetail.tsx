import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Statistic, Table, Tag } from 'antd';
import { useContext, useState } from 'react';
import { useParams } from 'react-router-dom';
import type { Me } from '../api.ts';
import { dateTime, yuan } from '../format.ts';
import type { ApiGet, ApiPost, ApiPostBody, Item } from '../api/client.ts';
import { LangContext, useT } from '../i18n.ts';
import { STATUS_COLORS } from './Projects.tsx';
import { Code } from '../Code.tsx';
import { shownProjectStatus, useLabels } from '../labels.ts';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

type Project = ApiGet<'/api/projects/{code}'>;
type Session = Project['sessions'][number];
type Live = Item<ApiGet<'/api/projects/{code}/sessions/{no}/live'>>;
type Claim = ApiPostBody<'/api/projects/{code}/claims'>;

const time = (iso: string) => dateTime(iso);
const pct = (n: number, d: number) => (d ? `${Math.round((n * 1000) / d) / 10}%` : '—');

/** 接单 / 排课 / 报名 / 开班 / 结业 / 申领: what the institution does with a dispatched project. */
function InstitutionActions({ p, reload }: { p: Project; reload: () => void }) {
  const t = useT();
  const { label, options } = useLabels();
  const { run, error, busy } = useAction(reload);
  const [reason, setReason] = useState('');
  const [claim, setClaim] = useState<string | null>(null);
  const [enrolForm] = Form.useForm();
  const status = p.status;
  return (
    <Card title={t('机构操作')} size="small" style={{ marginBottom: 16 }} data-testid="institution-actions">
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} data-testid="action-error" />}
      {status === 'dispatched' && (
        <Space wrap>
          <Button type="primary" loading={busy} onClick={() => run(`/api/projects/${p.project_code}/accept`)}>
            {t('接单')}
          </Button>
          <Input
            placeholder={t('拒单原因')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            style={{ width: 220 }}
          />
          <Button
            danger
            onClick={() =>
              run(`/api/projects/${p.project_code}/decline`, {
                reason,
              } satisfies ApiPostBody<'/api/projects/{code}/decline'>)
            }
          >
            {t('拒单')}
          </Button>
        </Space>
      )}
      {(status === 'accepted' || status === 'running') && (
        <>
          <Form
            layout="inline"
            style={{ rowGap: 8, marginBottom: 12 }}
            data-testid="session-form"
            initialValues={{ mode: 'theory' }}
            onFinish={(v) =>
              run(`/api/projects/${p.project_code}/sessions`, {
                ...v,
                siteLat: Number(v.siteLat),
                siteLon: Number(v.siteLon),
              })
            }
          >
            <Form.Item name="startsAt" label={t('上课')} rules={[{ required: true }]}>
              <Input placeholder="2026-12-01 09:00" style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name="endsAt" label={t('下课')} rules={[{ required: true }]}>
              <Input placeholder="2026-12-01 12:00" style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name="siteName" label={t('地点')} rules={[{ required: true }]}>
              <Input style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="siteLat" label={t('纬度')} rules={[{ required: true }]}>
              <Input style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name="siteLon" label={t('经度')} rules={[{ required: true }]}>
              <Input style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name="teacher" label={t('教师')} rules={[{ required: true }]}>
              <Input style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name="mode">
              <Select style={{ width: 90 }} options={options('sessionMode', ['theory', 'practice'])} />
            </Form.Item>
            <Button htmlType="submit">{t('排课')}</Button>
          </Form>
          <Form
            form={enrolForm}
            layout="inline"
            data-testid="enrol-form"
            onFinish={async (v: ApiPostBody<'/api/projects/{code}/enrolments'>) => {
              if (await run(`/api/projects/${p.project_code}/enrolments`, v)) enrolForm.resetFields();
            }}
          >
            <Form.Item name="idNumber" label={t('学员身份证号')} rules={[{ required: true }]}>
              <Input style={{ width: 220 }} />
            </Form.Item>
            <Button htmlType="submit">{t('报名')}</Button>
            {status === 'accepted' && (
              <Button
                type="primary"
                style={{ marginLeft: 12 }}
                onClick={() => run(`/api/projects/${p.project_code}/open`)}
              >
                {t('开班')}
              </Button>
            )}
          </Form>
        </>
      )}
      {(status === 'running' || status === 'open') && (
        <Button type="primary" style={{ marginTop: 12 }} onClick={() => run(`/api/projects/${p.project_code}/close`)}>
          {t('结业')}
        </Button>
      )}
      {(status === 'closed' || status === 'open') && (
        <Form
          layout="inline"
          style={{ marginTop: 12 }}
          data-testid="self-assessment"
          onFinish={(v) =>
            run(`/api/projects/${p.project_code}/evaluations`, {
              source: 'self',
              score: Number(v.score),
              findings: v.findings,
            } satisfies ApiPostBody<'/api/projects/{code}/evaluations'>)
          }
        >
          <Form.Item name="score" label={t('自评分')} rules={[{ required: true }]}>
            <Input style={{ width: 70 }} />
          </Form.Item>
          <Form.Item name="findings" label={t('自评意见')} rules={[{ required: true }]}>
            <Input style={{ width: 260 }} />
          </Form.Item>
          <Button htmlType="submit">{t('提交自评')}</Button>
        </Form>
      )}
      {status === 'closed' && p.kind === 'project_based' && (
        <Space>
          <Button
            type="primary"
            onClick={async () => {
              const r = await run<ApiPost<'/api/projects/{code}/claims'>>(`/api/projects/${p.project_code}/claims`, {
                kind: 'completion',
              } satisfies Claim);
              if (r) setClaim(`${label('decision', r.decision)} ${yuan(r.amountFen)}`);
            }}
          >
            {t('申领结业补贴')}
          </Button>
          <Button
            onClick={() => run(`/api/projects/${p.project_code}/claims`, { kind: 'employment_bonus' } satisfies Claim)}
          >
            {t('申领就业奖励')}
          </Button>
          {claim && (
            <Tag color="green" data-testid="claim-result">
              {claim}
            </Tag>
          )}
        </Space>
      )}
    </Card>
  );
}

/** 云眸 live view of one session: who is in, and why a record does not count. */
function LiveSession({ code, no }: { code: string; no: number }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { label } = useLabels();
  const { data, error } = useData<ApiGet<'/api/projects/{code}/sessions/{no}/live'>>(
    `/api/projects/${code}/sessions/${no}/live`,
  );
  return (
    <>
      {error && <Alert type="error" message={error} />}
      <Table
        size="small"
        rowKey="idMasked"
        pagination={false}
        dataSource={data ?? []}
        data-testid="live-table"
        columns={[
          { title: t('姓名'), dataIndex: 'name' },
          { title: t('身份证号'), dataIndex: 'idMasked' },
          {
            title: t('在课'),
            dataIndex: 'present',
            render: (v: boolean) => <Tag color={v ? 'green' : 'red'}>{t(v ? '在课' : '未到')}</Tag>,
          },
          {
            title: t('无效记录'),
            dataIndex: 'records',
            render: (rs: Live['records']) =>
              rs
                .filter((r) => !r.counts)
                .map((r, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, never reordered
                  <div key={i}>
                    {label('attendanceMethod', r.method)} {r.reason?.[lang]}
                  </div>
                )),
          },
        ]}
      />
    </>
  );
}

/** The project's evaluator (评价机构): the one institution that may assess the class; chosen by the city, the province or the institution. */
function EvaluatorChoice({ p, reload }: { p: Project; reload: () => void }) {
  const t = useT();
  const evaluators = useData<ApiGet<'/api/institutions'>>('/api/institutions?role=evaluation');
  const { run, error, busy } = useAction(reload);
  const [choice, setChoice] = useState<string | undefined>(p.evaluator_code ?? undefined);
  return (
    <Space wrap>
      <Select
        size="small"
        showSearch
        optionFilterProp="label"
        style={{ width: 280 }}
        value={choice}
        onChange={setChoice}
        placeholder={t('选择评价机构')}
        options={(evaluators.data ?? []).map((i) => ({ value: i.credit_code, label: i.name }))}
        optionRender={(o) => (
          <>
            {o.label} <Code>{o.value}</Code>
          </>
        )}
        labelRender={(o) => (o.label && o.label !== o.value ? o.label : (p.evaluator_name ?? <Code>{o.value}</Code>))}
        data-testid="evaluator-select"
      />
      <Button
        size="small"
        disabled={!choice || choice === p.evaluator_code}
        loading={busy}
        onClick={() => run(`/api/projects/${p.project_code}/evaluator`, { evaluatorCode: choice })}
      >
        {t('选定')}
      </Button>
      {error && <Tag color="red">{error}</Tag>}
    </Space>
  );
}

export function ProjectDetailPage({ me }: { me: Me | null }) {
  const t = useT();
  const { label } = useLabels();
  const { code } = useParams();
  const { data: p, error, reload: reloadProject } = useData<Project>(`/api/projects/${code}`);
  const roster = useData<ApiGet<'/api/projects/{code}/roster'>>(
    p && me?.role !== 'department_officer' ? `/api/projects/${code}/roster` : null,
  );
  const rates = useData<ApiGet<'/api/projects/{code}/employment'>>(
    p?.status === 'closed' ? `/api/projects/${code}/employment` : null,
  );
  const [live, setLive] = useState<number | null>(null);
  const reload = () => {
    reloadProject();
    roster.reload();
    rates.reload();
  };
  if (error) return <Alert type="error" message={error} />;
  if (!p) return null;
  return (
    <>
      <Descriptions
        title={
          <Space>
            {p.title}
            <Tag color={STATUS_COLORS[shownProjectStatus(p)]} data-testid="project-status">
              {label('projectStatus', shownProjectStatus(p))}
            </Tag>
          </Space>
        }
        size="small"
        bordered
        column={3}
        style={{ marginBottom: 16 }}
      >
        <Descriptions.Item label={t('项目编号')}>{p.project_code}</Descriptions.Item>
        <Descriptions.Item label={t('承训机构')}>{p.institution_name}</Descriptions.Item>
        <Descriptions.Item label={t('所在城市')}>{p.city_name}</Descriptions.Item>
        <Descriptions.Item label={t('职业')}>
          {p.occupation_name} {label('level', p.level)}
        </Descriptions.Item>
        <Descriptions.Item label={t('培训类型')}>{label('projectKind', p.kind)}</Descriptions.Item>
        <Descriptions.Item label={t('重点任务')}>
          {p.key_task === null ? '—' : label('keyTask', p.key_task)}
        </Descriptions.Item>
        <Descriptions.Item label={t('起止日期')}>
          {p.start_date} — {p.end_date}
        </Descriptions.Item>
        <Descriptions.Item label={t('计划课时/人数')}>
          {p.planned_hours ?? '—'} / {p.planned_trainees ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('单价')}>{yuan(p.fee_fen)}</Descriptions.Item>
        <Descriptions.Item label={t('课程模块')} span={2}>
          {(p.modules ?? []).map((m) => (
            <Tag key={m}>{m}</Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('服务需求')}>
          {p.demand.map((d) => (
            <Tag key={d.source_id}>
              {label('demandSource', d.source)} {d.source_id}
            </Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('评价机构')} span={3}>
          <Space wrap>
            {p.evaluator_name ?? '—'}
            {p.status !== 'closed' &&
              ['city_officer', 'province_admin', 'institution_staff'].includes(me?.role ?? '') && (
                <EvaluatorChoice p={p} reload={reload} />
              )}
          </Space>
        </Descriptions.Item>
        {p.decline_reason && (
          <Descriptions.Item label={t('拒单原因')} span={3}>
            {p.decline_reason}
          </Descriptions.Item>
        )}
      </Descriptions>
      {me?.role === 'institution_staff' && <InstitutionActions p={p} reload={reload} />}
      {rates.data && (
        <Card size="small" title={t('结业学员就业情况')} style={{ marginBottom: 16 }} data-testid="employment-rates">
          <Space size={48}>
            <Statistic title={t('结业人数')} value={rates.data.completers} />
            <Statistic
              title={t('3个月就业率')}
              value={pct(rates.data.employed3, rates.data.completers)}
              suffix={rates.data.final3 ? '' : t('（统计中）')}
            />
            <Statistic
              title={t('6个月就业率')}
              value={pct(rates.data.employed6, rates.data.completers)}
              suffix={rates.data.final6 ? '' : t('（统计中）')}
            />
            <Statistic title={t('6个月稳定就业率')} value={pct(rates.data.stable6, rates.data.completers)} />
          </Space>
        </Card>
      )}
      <Card size="small" title={t('课次')} style={{ marginBottom: 16 }}>
        <Table
          size="small"
          rowKey="session_no"
          pagination={false}
          dataSource={p.sessions}
          data-testid="sessions-table"
          columns={[
            { title: '#', dataIndex: 'session_no' },
            { title: t('上课'), dataIndex: 'starts_at', render: time },
            { title: t('下课'), dataIndex: 'ends_at', render: time },
            { title: t('地点'), dataIndex: 'site_name' },
            { title: t('教师'), dataIndex: 'teacher' },
            {
              title: t('类型'),
              dataIndex: 'mode',
              render: (m: string | null) => label('sessionMode', m),
            },
            ...(me?.role !== 'department_officer'
              ? [
                  {
                    title: '',
                    render: (_: unknown, s: Session) => (
                      <Button size="small" onClick={() => setLive(s.session_no)}>
                        {t('实时考勤')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {live !== null && (
          <div style={{ marginTop: 12 }}>
            <b>
              {t('实时考勤')} #{live}
            </b>
            <LiveSession code={p.project_code} no={live} />
          </div>
        )}
      </Card>
      {roster.data && (
        <Card size="small" title={t('学员名单')}>
          <Table
            size="small"
            rowKey="person_key"
            pagination={false}
            dataSource={roster.data}
            data-testid="roster-table"
            columns={[
              { title: t('姓名'), dataIndex: 'name' },
              { title: t('身份证号'), dataIndex: 'id_masked' },
              { title: t('报名日期'), dataIndex: 'enrolled_on' },
              { title: t('出勤率'), dataIndex: 'ratioPercent', render: (r: number) => `${r}%` },
              {
                title: t('结业'),
                dataIndex: 'completed',
                render: (c: boolean | null) =>
                  c === null ? '' : <Tag color={c ? 'green' : 'red'}>{t(c ? '结业' : '未结业')}</Tag>,
              },
            ]}
          />
        </Card>
      )}
    </>
  );
}
