import { Alert, Button, Card, Empty, Input, Progress, Radio, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client.ts';
import type { ApiGet, ApiPost, Schemas } from '../api/client.ts';
import { clock } from '../format.ts';
import { useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { AppealButton } from './AppealButton.tsx';
import { MyLiveClasses } from './LiveClasses.tsx';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

type My = ApiGet<'/api/me/learning'>;
type ModuleProgress = Schemas['ModuleProgress'];
type Session = ApiPost<'/api/learning/modules/{id}/sessions'>;
type Check = Schemas['LearningCheck'];

/** `1分05秒` (or `1 min 05 s`): learning time as a learner reads it. */
export function duration(seconds: number, en = false): string {
  const m = Math.floor(seconds / 60);
  const s = String(seconds % 60).padStart(2, '0');
  if (m >= 60) return en ? `${Math.floor(m / 60)} h ${m % 60} min` : `${Math.floor(m / 60)}小时${m % 60}分`;
  return en ? `${m} min ${s} s` : `${m}分${s}秒`;
}

/** The reasons time did not count, each with its seconds (none shown when all counted). */
export function LostTime({ lost, compact = false }: { lost: ModuleProgress['lostSeconds']; compact?: boolean }) {
  const t = useT();
  const { label } = useLabels();
  const rows = Object.entries(lost).filter(([, s]) => s > 0);
  if (rows.length === 0) return compact ? '—' : null;
  if (compact)
    return <span>{rows.map(([reason, s]) => `${label('learningLost', reason)} ${duration(s)}`).join('；')}</span>;
  return (
    <div data-testid="lost-time">
      <Typography.Text type="secondary">{t('未计入的时间')}</Typography.Text>
      <ul style={{ paddingLeft: 18, margin: '4px 0' }}>
        {rows.map(([reason, s]) => (
          <li key={reason} data-testid={`lost-${reason}`}>
            {label('learningLost', reason)}：{duration(s)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** 在线学习: the courses a worker may learn (江苏工匠课堂 free to all, and their projects'), with progress. */
export function MyLearningPage() {
  const t = useT();
  const { label } = useLabels();
  const { data, error } = useData<My>('/api/me/learning');
  const progress = new Map((data?.progress ?? []).map((p) => [p.moduleId, p]));
  return (
    <div data-testid="my-learning">
      {error && <Alert type="error" message={error} />}
      {data && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          message={`${t('今日有效学时')} ${duration(data.validSecondsToday)} / ${t('每日上限')} ${duration(data.dailyCapSeconds)}`}
        />
      )}
      {/* 学时申诉: time a failed re-check voided, per module, with the appeal form. */}
      <AppealButton kinds={['learning']} />
      <MyLiveClasses />
      {data && data.courses.length === 0 && <Empty description={t('暂无可学习的在线课程')} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {(data?.courses ?? []).map((c) => (
          <Card
            key={c.id}
            size="small"
            title={<span style={{ whiteSpace: 'normal' }}>{c.title}</span>}
            extra={<Tag color={c.access === 'public' ? 'green' : 'blue'}>{label('courseAccess', c.access)}</Tag>}
            data-testid="learning-course"
          >
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {c.ownerName ?? label('courseOwner', c.ownerKind)} · {label('occupation', c.occupationCode)}
              {c.level ? ` · ${label('level', c.level)}` : ''}
            </Typography.Paragraph>
            {c.modules.map((m) => {
              const p = progress.get(m.id);
              return (
                <Link key={m.id} to={`/learning/${m.id}`} data-testid="learning-module-link">
                  <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, padding: '6px 0' }}>
                    <span>
                      {m.n}. {m.title} <Tag>{label('moduleKind', m.kind)}</Tag>
                    </span>
                    {p?.completed ? (
                      <Tag color="success">{t('已完成')}</Tag>
                    ) : (
                      <span>{duration(p?.validSeconds ?? 0)}</span>
                    )}
                  </div>
                </Link>
              );
            })}
          </Card>
        ))}
      </Space>
    </div>
  );
}

/** Why the player is not accruing time right now, as the learner sees it live. */
function liveState(video: HTMLVideoElement | null, maxRate: number, kind: string): string | null {
  if (document.visibilityState !== 'visible') return 'hidden';
  if (kind !== 'video' || !video) return null;
  if (video.paused || video.ended) return 'paused';
  if (video.playbackRate > maxRate) return 'too_fast';
  return null;
}

/**
 * The learner's player (390 px first): the module's video (or document), valid time accrued and why
 * any did not count, the identity re-check when the server asks, and the quiz that completes it.
 * Heartbeats go every interval the server set and at once on any change of state.
 */
export function LearningModulePage() {
  const t = useT();
  const { label } = useLabels();
  const { id } = useParams();
  const { data: my } = useData<My>('/api/me/learning');
  const module = my?.courses.flatMap((c) => c.modules).find((m) => m.id === id);
  const [session, setSession] = useState<Session | null>(null);
  const [progress, setProgress] = useState<ModuleProgress | null>(null);
  const [check, setCheck] = useState<Check | null>(null);
  const [answers, setAnswers] = useState<Record<number, number>>({});
  const [quiz, setQuiz] = useState<ApiPost<'/api/learning/modules/{id}/quiz'> | null>(null);
  const [state, setState] = useState<string | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement | null>(null);
  const seq = useRef(0);
  const opened = useRef(Date.now());
  const refresh = useCallback(() => {
    if (id) api<ModuleProgress>(`/api/me/learning/modules/${id}`).then(setProgress, () => {});
  }, [id]);
  const action = useAction(refresh);

  useEffect(() => {
    if (!id) return;
    api<Session>(`/api/learning/modules/${id}/sessions`, { method: 'POST' }).then(setSession, (e) =>
      setStartError(e.zh ?? String(e)),
    );
    refresh();
  }, [id, refresh]);

  const beat = useCallback(async () => {
    if (!session || !module) return;
    const v = video.current;
    const isVideo = module.kind === 'video';
    setState(liveState(v, session.maxRate, module.kind));
    const body = {
      token: session.token,
      seq: seq.current++,
      // A document's "position" is the reading time the page was open (it only moves forward).
      positionSeconds: isVideo ? (v?.currentTime ?? 0) : (Date.now() - opened.current) / 1000,
      rate: isVideo ? (v?.playbackRate ?? 1) : 1,
      visible: document.visibilityState === 'visible',
      focused: document.hasFocus(),
      playing: isVideo ? !!v && !v.paused && !v.ended : true,
      clientAt: Date.now(),
    };
    try {
      const answer = await api<ApiPost<'/api/learning/heartbeats'>>('/api/learning/heartbeats', {
        method: 'POST',
        body: JSON.stringify(body),
        keepalive: true,
      });
      if (answer.check) setCheck(answer.check);
    } catch {
      /* the next heartbeat carries on; a lost one is a gap the server does not count */
    }
    refresh();
  }, [session, module, refresh]);

  useEffect(() => {
    if (!session || module?.kind === 'quiz') return;
    const timer = setInterval(beat, session.heartbeatSeconds * 1000);
    const now = () => void beat();
    document.addEventListener('visibilitychange', now);
    const v = video.current;
    for (const e of ['play', 'pause', 'ratechange', 'seeked', 'ended']) v?.addEventListener(e, now);
    void beat();
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', now);
      for (const e of ['play', 'pause', 'ratechange', 'seeked', 'ended']) v?.removeEventListener(e, now);
    };
  }, [session, beat, module?.kind]);

  if (startError) return <Alert type="error" message={startError} />;
  if (!module || !session) return null;
  const pct = progress?.requiredSeconds
    ? Math.min(100, Math.round((progress.validSeconds * 100) / progress.requiredSeconds))
    : 100;
  return (
    <div data-testid="learning-player" style={{ maxWidth: 720 }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {module.title}
      </Typography.Title>
      <Space wrap size={4} style={{ marginBottom: 8 }}>
        <Tag>{label('moduleKind', module.kind)}</Tag>
        <Tag>{label('occupation', module.occupationCode)}</Tag>
        {module.level && <Tag>{label('level', module.level)}</Tag>}
        {module.competencyUnits.map((u) => (
          <Tag key={u} color="blue">
            {u}
          </Tag>
        ))}
      </Space>
      {module.kind === 'video' && module.hasMedia && (
        <div>
          {/* biome-ignore lint/a11y/useMediaCaption: the courses' videos carry no caption tracks yet */}
          <video
            ref={video}
            src={`/api/learning/modules/${module.id}/media`}
            controls
            playsInline
            style={{ width: '100%', background: '#000', borderRadius: 4 }}
            data-testid="learning-video"
          />
          <Space style={{ margin: '8px 0' }}>
            <span>{t('倍速')}</span>
            <Select
              size="small"
              defaultValue={1}
              style={{ width: 90 }}
              onChange={(r: number) => {
                if (video.current) video.current.playbackRate = r;
              }}
              options={[0.75, 1, 1.25, 1.5, 2].map((r) => ({ value: r, label: `${r}×` }))}
              data-testid="learning-rate"
            />
          </Space>
        </div>
      )}
      {module.kind === 'document' && module.hasMedia && (
        <iframe
          title={module.title}
          src={`/api/learning/modules/${module.id}/media`}
          style={{ width: '100%', height: 420, border: 0 }}
        />
      )}
      {module.kind !== 'quiz' && (
        <Card size="small" style={{ margin: '8px 0' }} data-testid="learning-progress">
          <div>
            {t('有效学时')}：
            <b data-testid="valid-seconds" data-seconds={progress?.validSeconds ?? 0}>
              {duration(progress?.validSeconds ?? 0)}
            </b>{' '}
            / {t('需要')} {duration(progress?.requiredSeconds ?? 0)}
          </div>
          <Progress percent={pct} size="small" />
          <div data-testid="learning-state">
            {state ? (
              <Tag color="orange">
                {t('暂不计时')}：{label('learningLost', state)}
              </Tag>
            ) : (
              <Tag color="green">{t('正在计时')}</Tag>
            )}
          </div>
          {progress && <LostTime lost={progress.lostSeconds} />}
        </Card>
      )}
      {(progress?.lostSeconds.check_failed ?? 0) > 0 && <AppealButton kinds={['learning']} />}
      {check && <RecheckCard check={check} onChange={setCheck} />}
      {session.questions.length > 0 && (
        <Card size="small" title={t('测验')} style={{ margin: '8px 0' }} data-testid="learning-quiz">
          {session.questions.map((q) => (
            <div key={q.n} style={{ marginBottom: 12 }}>
              <div>
                {q.n}. {q.prompt}
              </div>
              <Radio.Group value={answers[q.n]} onChange={(e) => setAnswers({ ...answers, [q.n]: e.target.value })}>
                <Space direction="vertical">
                  {q.choices.map((c, i) => (
                    <Radio key={c} value={i}>
                      {c}
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
            </div>
          ))}
          <Button
            type="primary"
            onClick={async () => {
              const r = await action.run<ApiPost<'/api/learning/modules/{id}/quiz'>>(
                `/api/learning/modules/${module.id}/quiz`,
                {
                  answers: session.questions.map((q) => answers[q.n] ?? 0),
                },
              );
              if (r) setQuiz(r);
            }}
            disabled={session.questions.some((q) => answers[q.n] === undefined)}
            data-testid="quiz-submit"
          >
            {t('提交测验')}
          </Button>
          {quiz && (
            <Alert
              style={{ marginTop: 8 }}
              type={quiz.passed ? 'success' : 'error'}
              message={`${quiz.passed ? t('测验通过') : t('测验未通过')}：${quiz.correct}/${quiz.total}（${t('及格线')} ${quiz.passPercent}%）`}
              data-testid="quiz-result"
            />
          )}
        </Card>
      )}
      {progress?.completed && (
        <Alert
          type="success"
          showIcon
          message={t('本模块已完成')}
          data-testid="module-completed"
          style={{ margin: '8px 0' }}
        />
      )}
    </div>
  );
}

/**
 * The identity re-check the server asked for (a module or a live class alike): the SMS code to the
 * registry's phone, masked, or the service point's face terminal; skipping fails it. Then its outcome.
 */
export function RecheckCard({ check, onChange }: { check: Check; onChange: (c: Check) => void }) {
  const t = useT();
  const { label } = useLabels();
  const [code, setCode] = useState('');
  const action = useAction();
  const setCheck = onChange;
  const checkOpen = check.status === 'pending';
  return (
    <>
      {checkOpen && (
        <Card
          size="small"
          title={t('身份核验')}
          style={{ margin: '8px 0', borderColor: '#faad14' }}
          data-testid="learning-check"
        >
          <Typography.Paragraph>
            {t('请在')} {clock(check.dueAt)} {t('前完成核验；未通过或超时，上次核验后的学时不计。')}
          </Typography.Paragraph>
          {action.error && <Alert type="error" message={action.error} style={{ marginBottom: 8 }} />}
          {check.phoneMasked ? (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Button
                disabled={check.codeSent}
                onClick={async () => {
                  const c = await action.run<Check>(`/api/learning/checks/${check.id}/sms`);
                  if (c) setCheck(c);
                }}
              >
                {check.codeSent ? t('验证码已发送至') : t('发送验证码至')} {check.phoneMasked}
              </Button>
              <Space.Compact style={{ width: '100%' }}>
                <Input
                  inputMode="numeric"
                  maxLength={6}
                  placeholder={t('6位验证码')}
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                  data-testid="check-code"
                />
                <Button
                  type="primary"
                  onClick={async () => {
                    const c = await action.run<Check>(`/api/learning/checks/${check.id}/answer`, { code });
                    setCode('');
                    if (c) setCheck(c);
                  }}
                >
                  {t('提交')}
                </Button>
              </Space.Compact>
              <Typography.Text type="secondary">
                {t('还可尝试')} {check.triesLeft} {t('次')}
              </Typography.Text>
            </Space>
          ) : (
            <Alert type="info" message={t('登记信息中没有手机号，请到服务点人脸核验终端核验。')} />
          )}
          <Button
            type="link"
            danger
            onClick={async () => {
              const c = await action.run<Check>(`/api/learning/checks/${check.id}/skip`);
              if (c) setCheck(c);
            }}
            data-testid="check-skip"
          >
            {t('暂不核验（本次学时不计）')}
          </Button>
        </Card>
      )}
      {!checkOpen && (
        <Alert
          style={{ margin: '8px 0' }}
          type={check.status === 'passed' ? 'success' : 'warning'}
          message={label('learningCheck', check.status)}
          data-testid="check-result"
        />
      )}
    </>
  );
}
