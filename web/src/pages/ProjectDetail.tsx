import { WhyButton } from './WhyButton.tsx';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Divider,
  Row,
  Col,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  TimePicker,
} from 'antd';
import { ProjectTags } from './ProjectTags.tsx';
import type { Dayjs } from 'dayjs';
import { useContext, useState } from 'react';
import { useParams } from 'react-router-dom';
import type { Me } from '../api.ts';
import { dateTime, yuan } from '../format.ts';
import type { ApiGet, ApiPost, ApiPostBody, Item } from '../api/client.ts';
import { LangContext, useT } from '../i18n.ts';
import { STATUS_COLORS } from './Projects.tsx';
import { shownProjectStatus, useLabels } from '../labels.ts';
import { useAction } from './useAction.ts';
import { chinaDateTime, chinaInstant, outsideDays, pickerDay, pickerTime } from '../china-time.ts';
import { chinaToday } from '../labels.ts';
import { nameFirst, PersonSearch, SiteSelect, type NamedOption, type PersonMatch } from './Pickers.tsx';
import { useData } from './useData.ts';

type Project = ApiGet<'/api/projects/{code}'>;
type Session = Project['sessions'][number];
type Live = Item<ApiGet<'/api/projects/{code}/sessions/{no}/live'>>;
type Claim = ApiPostBody<'/api/projects/{code}/claims'>;

const _time = (iso: string) => dateTime(iso);
type Batch = ApiPost<'/api/projects/{code}/enrolments/batch'>;
type Schedule = ApiPostBody<'/api/projects/{code}/sessions'>;
const pct = (n: number, d: number) => (d ? `${Math.round((n * 1000) / d) / 10}%` : '—');

/** The end of a session on the China clock: its time alone when it ends the day it starts. */
const endTime = (startsAt: string, endsAt: string) => {
  const [from, to] = [chinaDateTime(startsAt), chinaDateTime(endsAt)];
  return from.slice(0, 10) === to.slice(0, 10) ? to.slice(11) : to;
};

interface SessionValues {
  day: Dayjs;
  hours: [Dayjs, Dayjs];
  siteId: number;
  teacher: string;
  mode: 'theory' | 'practice';
}

/**
 * 排课: a day within the project's dates, the hours (China time; a morning by default), one of the
 * institution's registered sites (or a new one added on the map), the teacher and the kind of class.
 */
function SessionForm({ p, run }: { p: Project; run: ReturnType<typeof useAction>['run'] }) {
  const t = useT();
  const { options } = useLabels();
  const [form] = Form.useForm<SessionValues>();
  const today = chinaToday();
  const opening = today > p.start_date && today <= p.end_date ? today : p.start_date;
  return (
    <Form<SessionValues>
      form={form}
      layout="inline"
      style={{ rowGap: 8, marginBottom: 12 }}
      data-testid="session-form"
      initialValues={{ mode: 'theory', hours: [pickerTime('09:00'), pickerTime('12:00')] }}
      onFinish={async (v) => {
        const ok = await run(`/api/projects/${p.project_code}/sessions`, {
          startsAt: chinaInstant(v.day, v.hours[0]),
          endsAt: chinaInstant(v.day, v.hours[1]),
          siteId: v.siteId,
          teacher: v.teacher,
          mode: v.mode,
        } satisfies Schedule);
        if (ok) form.resetFields(['day']);
      }}
    >
      <Form.Item name="day" label={t('上课日期')} rules={[{ required: true, message: t('请选择日期') }]}>
        <DatePicker
          disabledDate={outsideDays(p.start_date, p.end_date)}
          defaultPickerValue={pickerDay(opening) ?? undefined}
          style={{ width: 140 }}
          data-testid="session-day"
        />
      </Form.Item>
      <Form.Item name="hours" label={t('时间')} rules={[{ required: true, message: t('请选择时间') }]}>
        <TimePicker.RangePicker format="HH:mm" minuteStep={5} style={{ width: 170 }} data-testid="session-hours" />
      </Form.Item>
      <Form.Item name="siteId" label={t('地点')} rules={[{ required: true, message: t('请选择场所') }]}>
        <SiteSelect city={p.city_name} style={{ width: 320 }} />
      </Form.Item>
      <Form.Item name="teacher" label={t('教师')} rules={[{ required: true, message: t('请填写教师') }]}>
        <Input style={{ width: 110 }} maxLength={50} />
      </Form.Item>
      <Form.Item name="mode">
        <Select style={{ width: 90 }} options={options('sessionMode', ['theory', 'practice'])} aria-label={t('类型')} />
      </Form.Item>
      <Button htmlType="submit">{t('排课')}</Button>
    </Form>
  );
}

const LINE_COLOURS: Record<string, string> = { added: 'green', not_found: 'red', not_eligible: 'orange' };
const LINE_NAMES: Record<string, string> = { added: '已报名', not_found: '查无此人', not_eligible: '不符合条件' };

/**
 * 报名: a trainee found by name or masked ID among the persons in the institution's projects, or a
 * pasted list of ID numbers (one a line) with an answer per line: added, not found, not eligible and why.
 */
function EnrolPanel({ p, reload }: { p: Project; reload: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [person, setPerson] = useState<PersonMatch | null>(null);
  const [pasted, setPasted] = useState('');
  const [batch, setBatch] = useState<Batch | null>(null);
  const one = useAction(reload);
  const many = useAction(reload);
  const lines = pasted.split(/\r?\n/);
  const count = lines.filter((l) => l.trim()).length;
  return (
    <div data-testid="enrol-panel">
      <Row gutter={[24, 8]}>
        <Col xs={24} lg={12}>
          <div style={{ marginBottom: 4 }}>{t('查找学员（本机构项目中的人员、点单人）')}</div>
          <Space.Compact style={{ width: '100%' }}>
            <PersonSearch project={p.project_code} value={person} onChange={setPerson} style={{ width: '100%' }} />
            <WhyButton
              type="primary"
              why={!person && t('请先搜索并选择学员')}
              loading={one.busy}
              onClick={async () => {
                if (
                  person &&
                  (await one.run(`/api/projects/${p.project_code}/enrolments`, { personKey: person.personKey }))
                )
                  setPerson(null);
              }}
            >
              {t('报名')}
            </WhyButton>
          </Space.Compact>
          {one.error && <Alert type="error" message={one.error} style={{ marginTop: 8 }} data-testid="action-error" />}
        </Col>
        <Col xs={24} lg={12}>
          <div style={{ marginBottom: 4 }}>{t('或粘贴身份证号，每行一个')}</div>
          <Input.TextArea
            rows={3}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            style={{ fontFamily: 'monospace' }}
            aria-label={t('粘贴身份证号')}
          />
          <WhyButton
            style={{ marginTop: 8 }}
            why={count === 0 && t('请先粘贴身份证号，每行一个')}
            loading={many.busy}
            onClick={async () => {
              const out = await many.run<Batch>(`/api/projects/${p.project_code}/enrolments/batch`, {
                idNumbers: lines,
              });
              if (out) {
                setBatch(out);
                setPasted('');
              }
            }}
          >
            {count > 0 ? `${t('批量报名')}（${count}）` : t('批量报名')}
          </WhyButton>
        </Col>
      </Row>
      {many.error && <Alert type="error" message={many.error} style={{ marginTop: 8 }} />}
      {batch && (
        <Table
          size="small"
          rowKey="line"
          pagination={false}
          style={{ marginTop: 8, maxWidth: 760 }}
          dataSource={batch.lines}
          data-testid="batch-result"
          title={() => `${t('已报名')} ${batch.added} / ${batch.lines.length}`}
          columns={[
            { title: t('行号'), dataIndex: 'line', width: 60 },
            {
              title: t('学员'),
              render: (_: unknown, l: Batch['lines'][number]) => [l.name, l.idMasked].filter(Boolean).join(' ') || '—',
            },
            {
              title: t('结果'),
              dataIndex: 'status',
              render: (s: string) => <Tag color={LINE_COLOURS[s]}>{t(LINE_NAMES[s] ?? s)}</Tag>,
            },
            {
              title: t('原因'),
              dataIndex: 'reason',
              render: (r: Batch['lines'][number]['reason']) => (r ? r[lang] : ''),
            },
          ]}
        />
      )}
    </div>
  );
}

/** 接单 / 排课 / 报名 / 开班 / 结业 / 申领: what the institution does with a dispatched project. */
function InstitutionActions({ p, reload }: { p: Project; reload: () => void }) {
  const t = useT();
  const { label } = useLabels();
  const { run, error, busy } = useAction(reload);
  const [reason, setReason] = useState('');
  const [claim, setClaim] = useState<string | null>(null);
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
          <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
            {t('排课')}
          </Divider>
          <SessionForm p={p} run={run} />
          <Divider titlePlacement="start" plain>
            {t('报名')}
          </Divider>
          <EnrolPanel p={p} reload={reload} />
          {status === 'accepted' && (
            <>
              <Divider />
              <Space wrap>
                <Button type="primary" onClick={() => run(`/api/projects/${p.project_code}/open`)}>
                  {t('开班')}
                </Button>
                <span style={{ color: '#888' }}>{t('排课并至少报名一名学员后开班')}</span>
              </Space>
            </>
          )}
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
            <InputNumber min={0} max={100} precision={0} style={{ width: 80 }} />
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
  const { data, loading, error } = useData<ApiGet<'/api/projects/{code}/sessions/{no}/live'>>(
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
        loading={loading}
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
      <Select<string, NamedOption>
        size="small"
        style={{ width: 280 }}
        value={choice}
        onChange={setChoice}
        placeholder={t('选择评价机构')}
        {...nameFirst}
        options={[
          ...(evaluators.data ?? []).map((i) => ({
            value: i.credit_code,
            label: i.name,
            hint: i.city_name ?? undefined,
          })),
          // The chosen evaluator reads by its name while the list loads (or after it left the list), never its code.
          ...(p.evaluator_code && !evaluators.data?.some((i) => i.credit_code === p.evaluator_code)
            ? [{ value: p.evaluator_code, label: p.evaluator_name ?? p.evaluator_code }]
            : []),
        ]}
        data-testid="evaluator-select"
      />
      <WhyButton
        size="small"
        why={!choice ? t('请先选择评价机构') : choice === p.evaluator_code && t('已是本班的评价机构')}
        loading={busy}
        onClick={() => run(`/api/projects/${p.project_code}/evaluator`, { evaluatorCode: choice })}
      >
        {t('选定')}
      </WhyButton>
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
        column={{ xs: 1, sm: 2, lg: 3 }}
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
      {(me?.role === 'province_admin' || me?.role === 'city_officer') && <ProjectTags code={p.project_code} />}
      {me?.role === 'institution_staff' && <InstitutionActions p={p} reload={reload} />}
      {p.class_requests && p.class_requests.length > 0 && (
        <Card size="small" title={t('找培训报名')} style={{ marginBottom: 16 }} data-testid="class-requests">
          <Table
            size="small"
            rowKey="request_id"
            pagination={false}
            dataSource={p.class_requests}
            columns={[
              { title: t('点单号'), dataIndex: 'request_id' },
              { title: t('姓名'), dataIndex: 'person_name' },
              { title: t('身份证号'), dataIndex: 'id_masked' },
              { title: t('所在城市'), dataIndex: 'city_name' },
              { title: t('状态'), dataIndex: 'status', render: (s: string) => label('requestStatus', s) },
              { title: t('报名时间'), dataIndex: 'created_at', render: (at: string) => dateTime(at) },
            ]}
          />
        </Card>
      )}
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
            { title: t('上课'), dataIndex: 'starts_at', render: chinaDateTime },
            { title: t('下课'), dataIndex: 'ends_at', render: (at: string, s: Session) => endTime(s.starts_at, at) },
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
