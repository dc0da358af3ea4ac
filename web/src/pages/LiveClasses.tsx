import { Alert, Button, Card, DatePicker, Empty, Form, Input, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client.ts';
import type { ApiGet, ApiPost, Schemas } from '../api/client.ts';
import { dateTime, clock } from '../format.ts';
import { useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { CardTable } from './CardTable.tsx';
import { duration, LostTime, RecheckCard } from './Learning.tsx';
import { OccupationSelect } from './Pickers.tsx';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

type LiveClass = Schemas['LiveClass'];
type MyLive = Schemas['MyLiveClass'];
type LiveSession = ApiPost<'/api/learning/live-classes/{id}/join'>;
type Check = Schemas['LearningCheck'];
type Attendance = ApiGet<'/api/learning/live-classes/{id}/attendance'>;

/** Where a live class stands now: 未开始 / 直播中 / 已结束, or 已取消. */
function phase(c: LiveClass, now = Date.now()): 'soon' | 'live' | 'over' | 'cancelled' {
  if (c.status === 'cancelled') return 'cancelled';
  if (now < new Date(c.startsAt).getTime()) return 'soon';
  if (now < new Date(c.endsAt).getTime()) return 'live';
  return 'over';
}
const PHASE_TAG = {
  soon: ['blue', '未开始'],
  live: ['red', '直播中'],
  over: ['default', '已结束'],
  cancelled: ['red', '已取消'],
} as const;

/** The phase, and 已改期 beside it when the class was moved. */
function PhaseTag({ c }: { c: LiveClass }) {
  const t = useT();
  const [color, text] = PHASE_TAG[phase(c)];
  return (
    <>
      <Tag color={color} data-testid="live-phase">
        {t(text)}
      </Tag>
      {c.rescheduledFrom && c.status !== 'cancelled' && (
        <Tag color="orange" data-testid="live-moved">
          {t('已改期')}
        </Tag>
      )}
    </>
  );
}

/** Why the class is not where it was: 已取消 with the reason, or 已改期 with the time it was moved from. */
function ChangeNote({ c }: { c: LiveClass }) {
  const t = useT();
  if (c.status === 'cancelled')
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 8 }}
        data-testid="live-cancelled"
        message={`${t('该直播课已取消')}${c.cancelReason ? `：${c.cancelReason}` : ''}`}
      />
    );
  if (c.rescheduledFrom)
    return (
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 8 }}
        data-testid="live-rescheduled"
        message={`${t('已改期')}：${t('原定')} ${dateTime(c.rescheduledFrom.startsAt)}–${clock(c.rescheduledFrom.endsAt)}，${t('现为')} ${windowText(c)}`}
      />
    );
  return null;
}

/** `2026-12-01 14:00–15:30`: the scheduled window, China time. */
const windowText = (c: LiveClass) => `${dateTime(c.startsAt)}–${clock(c.endsAt)}`;

/** 直播课 on the worker's 在线学习 page: the live classes of their projects, with valid time. */
export function MyLiveClasses() {
  const t = useT();
  const { data } = useData<MyLive[]>('/api/me/live-classes');
  if (!data || data.length === 0) return null;
  return (
    <Card size="small" title={t('直播课')} style={{ marginBottom: 12 }} data-testid="my-live-classes">
      {data.map(({ liveClass: c, validSeconds }) => (
        <Link key={c.id} to={`/live/${c.id}`} data-testid="live-class-link">
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, padding: '6px 0' }}>
            <span style={{ minWidth: 0 }}>
              <div style={{ whiteSpace: 'normal' }}>{c.title}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {windowText(c)}
              </Typography.Text>
            </span>
            <span style={{ textAlign: 'right', flexShrink: 0 }}>
              <PhaseTag c={c} />
              <div>{duration(validSeconds)}</div>
            </span>
          </div>
        </Link>
      ))}
    </Card>
  );
}

/**
 * A live class for the learner (390 px first): enter it (a signed live session), open the stream at
 * the institution's link, and see the valid time accrue — only while this page is visible and inside
 * the scheduled time; re-checks come as in a module. Leaving (or closing the page) sends `leave`.
 */
export function LiveClassPage() {
  const t = useT();
  const { label } = useLabels();
  const { id } = useParams();
  const [mine, setMine] = useState<MyLive | null>(null);
  const [session, setSession] = useState<LiveSession | null>(null);
  const [check, setCheck] = useState<Check | null>(null);
  const [hidden, setHidden] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const seq = useRef(1);
  const refresh = useCallback(() => {
    if (id) api<MyLive>(`/api/me/live-classes/${id}`).then(setMine, (e) => setLoadError(e.zh ?? String(e)));
  }, [id]);
  const join = useAction();
  useEffect(refresh, [refresh]);

  const send = useCallback(
    async (event: 'beat' | 'leave') => {
      if (!session) return;
      const visible = document.visibilityState === 'visible';
      setHidden(!visible);
      try {
        const answer = await api<ApiPost<'/api/learning/live-events'>>('/api/learning/live-events', {
          method: 'POST',
          body: JSON.stringify({
            token: session.token,
            seq: seq.current++,
            event,
            visible,
            focused: document.hasFocus(),
            clientAt: Date.now(),
          }),
          keepalive: true,
        });
        if (answer.check) setCheck(answer.check);
      } catch (e) {
        // A class cancelled while the learner waited in it: stop reporting (the page then shows 已取消).
        if ((e as { code?: string }).code === 'LIVE_CANCELLED') setSession(null);
        /* otherwise a lost event is a gap the server does not count */
      }
      refresh();
    },
    [session, refresh],
  );

  useEffect(() => {
    if (!session) return;
    const timer = setInterval(() => void send('beat'), session.heartbeatSeconds * 1000);
    const onVisibility = () => void send('beat');
    const onLeave = () => void send('leave');
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onLeave);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onLeave);
    };
  }, [session, send]);

  if (loadError) return <Alert type="error" message={loadError} />;
  if (!mine) return null;
  const c = mine.liveClass;
  const open = phase(c) === 'soon' || phase(c) === 'live';
  return (
    <div data-testid="live-class" style={{ maxWidth: 720 }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {c.title}
      </Typography.Title>
      <Space wrap size={4} style={{ marginBottom: 8 }}>
        <PhaseTag c={c} />
        <Tag>{c.occupationName ?? label('occupation', c.occupationCode)}</Tag>
        {c.level && <Tag>{c.levelName ?? label('level', c.level)}</Tag>}
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {windowText(c)} · {c.institutionName ?? ''} · {c.projectTitle ?? ''}
      </Typography.Paragraph>
      <ChangeNote c={c} />
      {join.error && <Alert type="error" message={join.error} style={{ marginBottom: 8 }} data-testid="live-error" />}
      {!session && open && (
        <Button
          type="primary"
          block
          loading={join.busy}
          onClick={async () => {
            const s = await join.run<LiveSession>(`/api/learning/live-classes/${c.id}/join`);
            if (s) {
              setSession(s);
              refresh();
            }
          }}
          data-testid="live-join"
        >
          {t('进入直播课')}
        </Button>
      )}
      {session && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Button
            type="primary"
            block
            href={session.streamUrl}
            target="_blank"
            rel="noreferrer"
            data-testid="live-stream"
          >
            {t('打开直播（新窗口）')}
          </Button>
          <Typography.Text type="secondary">{t('请保持本页面打开：页面在前台时才计时。')}</Typography.Text>
        </Space>
      )}
      <Card size="small" style={{ margin: '8px 0' }} data-testid="live-progress">
        <div>
          {t('有效时长')}：
          <b data-testid="live-valid-seconds" data-seconds={mine.validSeconds}>
            {duration(mine.validSeconds)}
          </b>
        </div>
        {session && (
          <div data-testid="live-state">
            {hidden ? (
              <Tag color="orange">
                {t('暂不计时')}：{label('learningLost', 'hidden')}
              </Tag>
            ) : phase(c) === 'soon' ? (
              <Tag color="orange">
                {t('暂不计时')}：{label('learningLost', 'outside_window')}
              </Tag>
            ) : (
              <Tag color="green">{t('正在计时')}</Tag>
            )}
          </div>
        )}
        <LostTime lost={mine.lostSeconds} />
      </Card>
      {check && <RecheckCard check={check} onChange={setCheck} />}
      {session && (
        <Button
          block
          onClick={async () => {
            await send('leave');
            setSession(null);
          }}
          data-testid="live-leave"
        >
          {t('离开直播课')}
        </Button>
      )}
    </div>
  );
}

type Draft = {
  title: string;
  projectCode: string;
  occupationCode: string;
  level?: string;
  window: [Dayjs, Dayjs];
  streamUrl: string;
};

/** A picked time read on the China wall clock, as the server takes it: `2026-12-07T09:00:00+08:00`. */
const chinaWallClock = (d: Dayjs) => `${d.format('YYYY-MM-DD')}T${d.format('HH:mm')}:00+08:00`;

/** The institution schedules a live class of one of its projects. */
function ScheduleLive({ onDone }: { onDone: () => void }) {
  const t = useT();
  const { options } = useLabels();
  const [form] = Form.useForm<Draft>();
  const { data: projects } = useData<ApiGet<'/api/projects'>>('/api/projects?limit=100');
  const action = useAction(onDone);
  return (
    <Card size="small" title={t('安排直播课')} style={{ marginBottom: 12 }} data-testid="live-schedule">
      {action.error && <Alert type="error" message={action.error} style={{ marginBottom: 8 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (d) => {
          const ok = await action.run('/api/learning/live-classes', {
            title: d.title,
            projectCode: d.projectCode,
            occupationCode: d.occupationCode,
            level: d.level ?? null,
            startsAt: chinaWallClock(d.window[0]),
            endsAt: chinaWallClock(d.window[1]),
            streamUrl: d.streamUrl,
          });
          if (ok) form.resetFields();
        }}
        style={{ maxWidth: 560 }}
      >
        <Form.Item name="title" label={t('标题')} rules={[{ required: true }]}>
          <Input maxLength={200} data-testid="live-title" />
        </Form.Item>
        <Form.Item name="projectCode" label={t('培训项目')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={(projects?.items ?? []).map((p) => ({ value: p.project_code, label: p.title }))}
            onChange={(code) => {
              const p = projects?.items.find((x) => x.project_code === code);
              if (p) form.setFieldsValue({ occupationCode: p.occupation_code, level: p.level ?? undefined });
            }}
            data-testid="live-project"
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="occupationCode" label={t('职业')} rules={[{ required: true }]}>
            <OccupationSelect style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="level" label={t('等级')}>
            <Select allowClear style={{ width: 140 }} options={options('level')} />
          </Form.Item>
        </Space>
        <Form.Item name="window" label={t('时间')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="streamUrl" label={t('直播链接（平台不托管视频）')} rules={[{ required: true, type: 'url' }]}>
          <Input placeholder="https://" data-testid="live-url" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={action.busy} data-testid="live-submit">
          {t('安排')}
        </Button>
      </Form>
    </Card>
  );
}

/**
 * 改期 / 取消 of a class that has not started: the institution moves or cancels it, the province may
 * cancel it; the class's learners are told by the server (消息 and SMS).
 */
function ChangeLive({ c, role, onDone }: { c: LiveClass; role: string | undefined; onDone: () => void }) {
  const t = useT();
  const [mode, setMode] = useState<'reschedule' | 'cancel' | null>(null);
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [reason, setReason] = useState('');
  const action = useAction(() => {
    setMode(null);
    onDone();
  });
  if (phase(c) !== 'soon') return null;
  return (
    <div style={{ marginBottom: 8 }} data-testid="live-change">
      {action.error && <Alert type="error" message={action.error} style={{ marginBottom: 8 }} />}
      <Space wrap>
        {role === 'institution_staff' && (
          <Button onClick={() => setMode('reschedule')} data-testid="live-reschedule">
            {t('改期')}
          </Button>
        )}
        <Button danger onClick={() => setMode('cancel')} data-testid="live-cancel">
          {t('取消直播课')}
        </Button>
      </Space>
      {mode === 'reschedule' && (
        <Space wrap style={{ marginTop: 8 }}>
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            onChange={(v) => setRange(v?.[0] && v[1] ? [v[0], v[1]] : null)}
          />
          <Button
            type="primary"
            disabled={!range}
            loading={action.busy}
            onClick={() =>
              range &&
              action.run(`/api/learning/live-classes/${c.id}/reschedule`, {
                startsAt: chinaWallClock(range[0]),
                endsAt: chinaWallClock(range[1]),
              })
            }
            data-testid="live-reschedule-submit"
          >
            {t('确认改期')}
          </Button>
        </Space>
      )}
      {mode === 'cancel' && (
        <Space wrap style={{ marginTop: 8 }}>
          <Input
            placeholder={t('取消原因（将告知学员）')}
            maxLength={200}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            style={{ width: 280 }}
            data-testid="live-cancel-reason"
          />
          <Button
            danger
            type="primary"
            loading={action.busy}
            onClick={() => action.run(`/api/learning/live-classes/${c.id}/cancel`, { reason })}
            data-testid="live-cancel-submit"
          >
            {t('确认取消')}
          </Button>
        </Space>
      )}
    </div>
  );
}

/** 直播课 for an institution (and the province): schedule, the classes, each learner's attendance. */
export function LiveClassesPage() {
  const t = useT();
  const { data: me } = useData<ApiGet<'/api/me'>>('/api/me');
  const list = useData<LiveClass[]>('/api/learning/live-classes');
  const [chosen, setChosen] = useState<string | null>(null);
  const classId = chosen ?? list.data?.[0]?.id ?? null;
  const attendance = useData<Attendance>(classId ? `/api/learning/live-classes/${classId}/attendance` : null);
  const att = attendance.data;
  return (
    <div data-testid="live-classes">
      {me?.role === 'institution_staff' && <ScheduleLive onDone={list.reload} />}
      {list.error && <Alert type="error" message={list.error} />}
      {list.data && list.data.length === 0 && <Empty description={t('暂无直播课')} />}
      {list.data && list.data.length > 0 && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            style={{ width: '100%', maxWidth: 560 }}
            value={classId}
            onChange={setChosen}
            options={list.data.map((c) => ({
              value: c.id,
              label: `${c.title} · ${windowText(c)}${c.status === 'cancelled' ? ` · ${t('已取消')}` : c.rescheduledFrom ? ` · ${t('已改期')}` : ''}`,
            }))}
            data-testid="live-select"
          />
          {att && (
            <Card
              size="small"
              title={<span style={{ whiteSpace: 'normal' }}>{att.liveClass.title}</span>}
              extra={<PhaseTag c={att.liveClass} />}
            >
              <Typography.Paragraph type="secondary">
                {windowText(att.liveClass)} · {att.liveClass.projectTitle} ·{' '}
                {att.liveClass.occupationName ?? att.liveClass.occupationCode}
                {att.liveClass.levelName ? ` · ${att.liveClass.levelName}` : ''}
              </Typography.Paragraph>
              <ChangeNote c={att.liveClass} />
              <ChangeLive
                c={att.liveClass}
                role={me?.role}
                onDone={() => {
                  list.reload();
                  attendance.reload();
                }}
              />
              <CardTable
                size="small"
                rowKey="idMasked"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={att.learners}
                data-testid="live-attendance"
                columns={[
                  { title: t('姓名'), dataIndex: 'personName' },
                  { title: t('身份证号'), dataIndex: 'idMasked' },
                  {
                    title: t('是否进入'),
                    render: (_: unknown, l: Attendance['learners'][number]) =>
                      l.joined ? <Tag color="green">{t('已进入')}</Tag> : <Tag>{t('未进入')}</Tag>,
                  },
                  {
                    title: t('有效时长'),
                    render: (_: unknown, l: Attendance['learners'][number]) => duration(l.validSeconds),
                  },
                  {
                    title: t('未计入'),
                    render: (_: unknown, l: Attendance['learners'][number]) => (
                      <LostTime lost={l.lostSeconds} compact />
                    ),
                  },
                  { title: t('核验未通过'), dataIndex: 'checksFailed' },
                ]}
              />
            </Card>
          )}
        </Space>
      )}
    </div>
  );
}
