import {
  Alert,
  Button,
  Card,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Pagination,
  Segmented,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
} from 'antd';
import { useState, type CSSProperties } from 'react';
import type { Me } from '../api.ts';
import { api, ApiError, type ApiGet, type ApiPost, type ApiPostBody } from '../api/client.ts';
import { dayText } from '../china-time.ts';
import { clock, date, dateTime } from '../format.ts';
import { Code } from '../Code.tsx';
import { useT } from '../i18n.ts';
import { chinaToday, useLabels } from '../labels.ts';
import { usePhone } from './CardTable.tsx';
import { FilePick } from './FilePick.tsx';
import { OccupationSelect } from './Pickers.tsx';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

type Page = ApiGet<'/api/activities'>;
type Activity = Page['items'][number];
type Roster = ApiGet<'/api/activities/{id}/roster'>;
type UploadResult = ApiPost<'/api/activities/upload'>;

const PAGE_SIZE = 20;
const MUTED: CSSProperties = { color: 'rgba(0,0,0,0.55)' };
const LINE: CSSProperties = { margin: '4px 0', overflowWrap: 'anywhere' };
const ORGANISERS: Me['role'][] = ['province_admin', 'city_officer', 'department_officer', 'institution_staff'];

interface Filters {
  city?: string;
  kind?: string;
  occupation?: string;
}

/**
 * 技能活动: the calendar of 技能夜校, 暑期学校, 送技下乡/入企/进社区, 招聘会 and 直播带岗 (plan (六)).
 * Public: anyone finds an activity by city, kind and occupation; a worker signs up and gets the
 * check-in code to show at the door. Organisers add activities (one, or a list file) and, on
 * 本单位组织, check people in and record who was hired.
 */
export function ActivitiesPage({ me }: { me: Me | null }) {
  const t = useT();
  const { options } = useLabels();
  const phone = usePhone();
  const organiser = !!me && ORGANISERS.includes(me.role);
  const [scope, setScope] = useState<'public' | 'mine'>('public');
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [managing, setManaging] = useState<Activity | null>(null);
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) query.set(k, v);
  query.set('scope', scope);
  query.set('limit', String(PAGE_SIZE));
  query.set('offset', String((page - 1) * PAGE_SIZE));
  const list = useData<Page>(`/api/activities?${query}`);
  const signUp = useAction(() => list.reload());
  const set = (patch: Filters) => {
    setFilters({ ...filters, ...patch });
    setPage(1);
  };
  const items = list.data?.items ?? [];
  const chip: CSSProperties = { minWidth: 120, flex: phone ? '1 1 40%' : undefined };
  return (
    <div data-testid="activities" style={{ maxWidth: 1080 }}>
      <p style={{ ...MUTED, marginTop: 0 }}>
        {t(
          '技能夜校、暑期学校、送技下乡/入企/进社区、招聘会、直播带岗：按城市、类型、职业查找，报名后凭签到码到场签到。',
        )}
      </p>
      {organiser && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented
            value={scope}
            onChange={(v) => {
              setScope(v as 'public' | 'mine');
              setPage(1);
            }}
            options={[
              { label: t('活动日历'), value: 'public' },
              { label: t('本单位组织'), value: 'mine' },
            ]}
            data-testid="activities-scope"
          />
        </Space>
      )}
      {organiser && <NewActivity me={me} onDone={list.reload} />}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('城市')}
          value={filters.city}
          onChange={(v) => set({ city: v })}
          options={options('city')}
          style={chip}
          data-testid="activities-city"
        />
        <Select
          allowClear
          placeholder={t('活动类型')}
          value={filters.kind}
          onChange={(v) => set({ kind: v })}
          options={options('activityKind')}
          style={chip}
          data-testid="activities-kind"
        />
        <OccupationSelect
          allowClear
          value={filters.occupation}
          onChange={(v) => set({ occupation: v })}
          style={{ minWidth: 160, flex: phone ? '1 1 100%' : undefined }}
          data-testid="activities-occupation"
        />
      </div>
      {list.error && <Alert type="error" message={list.error} style={{ marginBottom: 12 }} />}
      {signUp.error && (
        <Alert type="error" message={signUp.error} style={{ marginBottom: 12 }} data-testid="signup-error" />
      )}
      {!list.data ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={t('没有符合条件的活动')} />
      ) : (
        <>
          <div style={{ ...MUTED, marginBottom: 8 }} data-testid="activities-total">
            {t('共')} {list.data.total} {t('项活动')}
          </div>
          <div
            style={{ display: 'grid', gridTemplateColumns: phone ? '1fr' : 'repeat(2, 1fr)', gap: 12 }}
            data-testid="activities-list"
          >
            {items.map((a) => (
              <ActivityCard
                key={a.activityId}
                a={a}
                worker={me?.role === 'worker'}
                busy={signUp.busy}
                onSignUp={() => signUp.run(`/api/activities/${a.activityId}/signups`)}
                onManage={a.mayManage && scope === 'mine' ? () => setManaging(a) : undefined}
              />
            ))}
          </div>
          <Pagination
            simple
            style={{ marginTop: 16, textAlign: 'center' }}
            current={page}
            pageSize={PAGE_SIZE}
            total={list.data.total}
            onChange={setPage}
          />
        </>
      )}
      <Drawer
        open={!!managing}
        onClose={() => {
          setManaging(null);
          list.reload();
        }}
        width={phone ? '100%' : 720}
        title={managing?.title}
        destroyOnClose
      >
        {managing && <ManageActivity a={managing} />}
      </Drawer>
    </div>
  );
}

function ActivityCard({
  a,
  worker,
  busy,
  onSignUp,
  onManage,
}: {
  a: Activity;
  worker: boolean;
  busy: boolean;
  onSignUp: () => void;
  onManage?: () => void;
}) {
  const t = useT();
  const { label } = useLabels();
  const sameDay = date(a.startsAt) === date(a.endsAt);
  const ended = new Date(a.endsAt) <= new Date();
  return (
    <Card size="small" data-testid="activity-card">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <b style={{ overflowWrap: 'anywhere' }}>{a.title}</b>
        <Tag color="blue" style={{ marginInlineEnd: 0 }}>
          {label('activityKind', a.kind)}
        </Tag>
      </div>
      <div style={LINE}>
        {sameDay
          ? `${date(a.startsAt)} ${clock(a.startsAt)}–${clock(a.endsAt)}`
          : `${dateTime(a.startsAt)} – ${dateTime(a.endsAt)}`}
      </div>
      <div style={{ ...LINE, ...MUTED }}>{[a.cityName, a.district, a.place].filter(Boolean).join(' · ')}</div>
      <div style={{ ...LINE, ...MUTED }}>
        {t('主办')}：{a.organiser}
        {a.occupationName ? ` · ${a.occupationName}` : ''}
      </div>
      <div style={LINE} data-testid="activity-places">
        {t('名额')} {a.capacity} · {t('已报名')} {a.signedUp} · {t('剩余')} {a.remaining}
        {a.attended !== null && (
          <span data-testid="activity-attended">
            {' '}
            · {t('已签到')} {a.attended} · {t('录用')} {a.hires}
          </span>
        )}
      </div>
      {worker &&
        (a.mySignup ? (
          <Alert
            type={a.mySignup.attended ? 'success' : 'info'}
            style={{ marginTop: 8 }}
            data-testid="my-signup"
            message={
              a.mySignup.attended ? (
                t('已签到')
              ) : (
                <span>
                  {t('已报名，签到码')}{' '}
                  <b style={{ fontSize: 20, letterSpacing: 2 }} data-testid="checkin-code">
                    {a.mySignup.checkinCode}
                  </b>
                </span>
              )
            }
          />
        ) : (
          <Button
            type="primary"
            block
            size="large"
            style={{ marginTop: 8, height: 48 }}
            disabled={ended || a.remaining === 0}
            loading={busy}
            onClick={onSignUp}
            data-testid="activity-signup"
          >
            {ended ? t('已结束') : a.remaining === 0 ? t('名额已满') : t('报名')}
          </Button>
        ))}
      {onManage && (
        <Button style={{ marginTop: 8 }} onClick={onManage} data-testid="activity-manage">
          {t('签到与录用')}
        </Button>
      )}
    </Card>
  );
}

/** 登记活动 (one form) and 批量导入 (a CSV/XLSX list, bad rows refused one by one). */
function NewActivity({ me, onDone }: { me: Me | null; onDone: () => void }) {
  const t = useT();
  const { options } = useLabels();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const action = useAction(() => {
    form.resetFields();
    setOpen(false);
    onDone();
  });
  const [result, setResult] = useState<UploadResult | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const upload = async (file: File) => {
    const body = new FormData();
    body.append('file', file, file.name);
    try {
      setUploadError(null);
      setResult(await api<UploadResult>('/api/activities/upload', { method: 'POST', body }));
      onDone();
    } catch (e) {
      setUploadError(e instanceof ApiError ? `${e.zh} / ${e.en}` : String(e));
    }
  };
  if (!open)
    return (
      <Space wrap style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setOpen(true)} data-testid="activity-new">
          {t('登记活动')}
        </Button>
      </Space>
    );
  return (
    <Card size="small" title={t('登记活动')} style={{ marginBottom: 16 }} data-testid="activity-form">
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'night_school',
          city: me?.cityCode ?? undefined,
          organiser: me?.displayName,
          capacity: 30,
        }}
        onFinish={(v) =>
          action.run('/api/activities', {
            kind: v.kind,
            title: v.title ?? '',
            organiser: v.organiser ?? '',
            city: v.city ?? '',
            district: v.district ?? '',
            place: v.place ?? '',
            start: v.day ? `${dayText(v.day)} ${v.from ?? ''}` : '',
            end: v.day ? `${dayText(v.day)} ${v.to ?? ''}` : '',
            occupation: v.occupation ?? '',
            capacity: String(v.capacity ?? ''),
          } satisfies ApiPostBody<'/api/activities'>)
        }
      >
        <Space wrap align="start">
          <Form.Item name="kind" label={t('活动类型')}>
            <Select options={options('activityKind')} style={{ width: 160 }} data-testid="form-kind" />
          </Form.Item>
          <Form.Item name="title" label={t('活动名称')}>
            <Input style={{ width: 260 }} data-testid="form-title" />
          </Form.Item>
          <Form.Item name="organiser" label={t('主办单位')}>
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="city" label={t('城市')}>
            <Select options={options('city')} style={{ width: 140 }} data-testid="form-city" />
          </Form.Item>
          <Form.Item name="district" label={t('区县')}>
            <Input style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="place" label={t('地点')}>
            <Input style={{ width: 260 }} data-testid="form-place" />
          </Form.Item>
          <Form.Item name="day" label={t('日期')}>
            <DatePicker data-testid="form-day" />
          </Form.Item>
          <Form.Item name="from" label={t('开始时间')}>
            <Input type="time" style={{ width: 120 }} data-testid="form-from" />
          </Form.Item>
          <Form.Item name="to" label={t('结束时间')}>
            <Input type="time" style={{ width: 120 }} data-testid="form-to" />
          </Form.Item>
          <Form.Item name="occupation" label={t('职业（可选）')}>
            <OccupationSelect allowClear style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="capacity" label={t('名额')}>
            <InputNumber min={1} style={{ width: 100 }} data-testid="form-capacity" />
          </Form.Item>
        </Space>
        {action.error && <Alert type="error" message={action.error} style={{ marginBottom: 12 }} />}
        <Space>
          <Button type="primary" htmlType="submit" loading={action.busy} data-testid="form-submit">
            {t('登记')}
          </Button>
          <Button onClick={() => setOpen(false)}>{t('取消')}</Button>
        </Space>
      </Form>
      <div style={{ borderTop: '1px solid #f0f0f0', marginTop: 16, paddingTop: 12 }}>
        <b>{t('批量导入')}</b>
        <div style={{ ...MUTED, margin: '4px 0 8px' }}>
          {t('CSV 或 XLSX，列：')}
          <Code>kind,title,organiser,city,district,place,start,end,occupation,capacity</Code>
          {t('（类型、城市、职业可填名称；时间如 2026-12-01 19:00）。有错的行逐行退回，其余行照常导入。')}
        </div>
        <Space wrap>
          <FilePick onSend={upload} testId="activity-upload" />
        </Space>
        {uploadError && <Alert type="error" message={uploadError} style={{ marginTop: 8 }} />}
        {result && (
          <div style={{ marginTop: 8 }} data-testid="upload-result">
            <Alert
              type={result.rowsRefused ? 'warning' : 'success'}
              message={`${t('共')} ${result.rowsTotal} ${t('行')}，${t('导入')} ${result.rowsAccepted}，${t('退回')} ${result.rowsRefused}`}
            />
            {result.errors.length > 0 && (
              <Table
                size="small"
                rowKey={(e) => `${e.line}/${e.column}/${e.reason}`}
                dataSource={result.errors}
                pagination={false}
                columns={[
                  { title: t('行'), dataIndex: 'line', width: 60 },
                  { title: t('列'), dataIndex: 'column', width: 100 },
                  { title: t('原因'), render: (_, e) => `${e.zh} / ${e.en}` },
                ]}
              />
            )}
          </div>
        )}
      </div>
    </Card>
  );
}

/** 签到与录用: the organiser checks people in by the code on their phone and records who was hired. */
function ManageActivity({ a }: { a: Activity }) {
  const t = useT();
  const roster = useData<Roster>(`/api/activities/${a.activityId}/roster`);
  const [code, setCode] = useState('');
  const [hire, setHire] = useState<{ signupId: string; enterpriseCode: string; startDate: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const checkIn = useAction(() => roster.reload());
  const hireAction = useAction(() => {
    setHire(null);
    roster.reload();
  });
  const rows = roster.data ?? [];
  return (
    <div data-testid="activity-roster">
      <div style={{ marginBottom: 12 }}>
        {t('报名')} {rows.length} · {t('已签到')} {rows.filter((r) => r.attended_at).length} · {t('名额')} {a.capacity}
      </div>
      <Space.Compact style={{ width: '100%', maxWidth: 360, marginBottom: 8 }}>
        <Input
          placeholder={t('输入劳动者出示的签到码')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          inputMode="numeric"
          data-testid="checkin-input"
        />
        <Button
          type="primary"
          disabled={!code.trim()}
          onClick={async () => {
            const r = await checkIn.run<{ name: string | null }>(`/api/activities/${a.activityId}/checkins`, {
              code: code.trim(),
            });
            if (r) {
              setDone(`${r.name ?? ''} ${t('签到成功')}`);
              setCode('');
            }
          }}
          data-testid="checkin-submit"
        >
          {t('签到')}
        </Button>
      </Space.Compact>
      {checkIn.error && <Alert type="error" message={checkIn.error} style={{ marginBottom: 8 }} />}
      {done && !checkIn.error && (
        <Alert type="success" message={done} style={{ marginBottom: 8 }} data-testid="checkin-done" />
      )}
      <Table
        size="small"
        rowKey="signup_id"
        loading={roster.loading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('姓名'), dataIndex: 'name' },
          { title: t('身份证号'), dataIndex: 'id_masked' },
          { title: t('报名时间'), dataIndex: 'signed_up_at', render: (v: string) => dateTime(v) },
          {
            title: t('签到'),
            dataIndex: 'attended_at',
            render: (v: string | null) => (v ? <Tag color="green">{clock(v)}</Tag> : <Tag>{t('未签到')}</Tag>),
          },
          {
            title: t('录用'),
            render: (_, r) =>
              r.hired_by ??
              (r.attended_at ? (
                <Button
                  size="small"
                  data-testid="hire-open"
                  onClick={() => setHire({ signupId: r.signup_id, enterpriseCode: '', startDate: chinaToday() })}
                >
                  {t('登记录用')}
                </Button>
              ) : (
                '—'
              )),
          },
        ]}
      />
      {hire && (
        <Card size="small" title={t('登记录用')} style={{ marginTop: 12 }}>
          <Space wrap>
            <Input
              placeholder={t('企业统一社会信用代码')}
              value={hire.enterpriseCode}
              onChange={(e) => setHire({ ...hire, enterpriseCode: e.target.value.trim() })}
              style={{ width: 240 }}
              data-testid="hire-enterprise"
            />
            <Input
              type="date"
              value={hire.startDate}
              onChange={(e) => setHire({ ...hire, startDate: e.target.value })}
              style={{ width: 160 }}
              aria-label={t('入职日期')}
            />
            <Button
              type="primary"
              data-testid="hire-submit"
              onClick={() =>
                hireAction.run(
                  `/api/activities/${a.activityId}/hires`,
                  hire satisfies ApiPostBody<'/api/activities/{id}/hires'>,
                )
              }
            >
              {t('登记')}
            </Button>
          </Space>
          {hireAction.error && <Alert type="error" message={hireAction.error} style={{ marginTop: 8 }} />}
        </Card>
      )}
    </div>
  );
}
