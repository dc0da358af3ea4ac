import { Alert, Button, DatePicker, Input, Modal, Radio, Select, Space, Table, Tag, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useContext, useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import { LangContext } from '../i18n.ts';
import type { ApiGet, Item } from '../api/client.ts';
import type { Me } from '../api.ts';
import { dayText, pickerDay } from '../china-time.ts';
import { chinaToday, date } from '../format.ts';
import { useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

type SanctionRecord = Item<ApiGet<'/api/sanctions'>>;
type SanctionAppeal = Item<ApiGet<'/api/sanction-appeals'>>;

const APPEAL_STATE: Record<SanctionAppeal['status'], { zh: string; color: string }> = {
  open: { zh: '申辩待复核', color: 'gold' },
  upheld: { zh: '申辩不成立，维持处理', color: 'default' },
  lifted: { zh: '申辩成立，已撤销处理', color: 'green' },
};

/** Appeals one sanction takes in all (the server's MAX_APPEALS_PER_RECORD; it refuses a fourth with APPEAL_LIMIT). */
const MAX_APPEALS_PER_SANCTION = 3;

/**
 * 申辩: the institution contests a sanction on its record — a statement and at most one attachment.
 * `again`: the province let the sanction stand on an earlier appeal, so this one needs new evidence.
 */
function AppealModal({ s, again, onClose }: { s: SanctionRecord; again: boolean; onClose: (filed: boolean) => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [statement, setStatement] = useState('');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setErr(null);
    try {
      const body = new FormData();
      body.append('statement', statement);
      const f = files[0]?.originFileObj;
      if (f) body.append('file', f, f.name);
      await api(`/api/sanctions/${s.id}/appeal`, { method: 'POST', body });
      onClose(true);
    } catch (e) {
      setErr(e instanceof ApiError ? (lang === 'en' ? e.en : e.zh) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${t('申辩')} · ${s.reason}`}
      onOk={submit}
      confirmLoading={busy}
      onCancel={() => onClose(false)}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {again && (
          <Alert
            type="warning"
            showIcon
            data-testid="appeal-new-evidence"
            message={t(
              '上次申辩未获支持，再次申辩须提供新的证明材料：一个此前未提交过的附件，以及与上次不同的申辩理由',
            )}
          />
        )}
        <Input.TextArea
          rows={4}
          maxLength={2000}
          showCount
          placeholder={t('申辩理由（10–2000字）')}
          value={statement}
          onChange={(e) => setStatement(e.target.value)}
          data-testid="appeal-statement"
        />
        <Upload
          maxCount={1}
          accept=".pdf,.jpg,.jpeg,.png"
          fileList={files}
          beforeUpload={() => false}
          onChange={({ fileList }) => setFiles(fileList)}
        >
          <Button>{t('附件（选填，1个PDF或图片）')}</Button>
        </Upload>
        {err && <Alert type="error" message={err} />}
      </Space>
    </Modal>
  );
}

/** Whether a sanction binds today: lifted, past its last day, or in force. */
function stateOf(s: SanctionRecord, today: string): 'lifted' | 'ended' | 'active' {
  if (s.liftedAt) return 'lifted';
  if (s.kind === 'suspension' && s.untilOn && s.untilOn < today) return 'ended';
  return 'active';
}

/**
 * 处理记录: sanctions with their evidence, deadline, follow-up check and lifting. The province sees
 * all and acts (lift, record a rectification's check); a city its own institutions'; an institution
 * its own, read-only.
 */
export function SanctionRecords({ me }: { me: Me }) {
  const t = useT();
  const { label } = useLabels();
  const today = chinaToday();
  const { data, loading, error, reload } = useData<ApiGet<'/api/sanctions'>>('/api/sanctions');
  const appeals = useData<ApiGet<'/api/sanction-appeals'>>('/api/sanction-appeals');
  // Newest first, as the server lists them: the first is the latest appeal on the sanction.
  const appealsOn = (s: SanctionRecord) => (appeals.data ?? []).filter((a) => a.sanctionId === s.id);
  const [appealing, setAppealing] = useState<{ s: SanctionRecord; again: boolean } | null>(null);
  const [reviewing, setReviewing] = useState<SanctionAppeal | null>(null);
  const [outcome, setOutcome] = useState<'upheld' | 'lifted'>('upheld');
  const [acting, setActing] = useState<{ kind: 'lift' | 'check'; s: SanctionRecord } | null>(null);
  const [text, setText] = useState('');
  const [result, setResult] = useState<'passed' | 'failed'>('passed');
  const action = useAction(() => {
    setActing(null);
    setReviewing(null);
    reload();
    appeals.reload();
  });
  const province = me.role === 'province_admin';
  const act = (kind: 'lift' | 'check', s: SanctionRecord) => {
    setText('');
    action.clear();
    setActing({ kind, s });
  };
  const submit = () =>
    acting?.kind === 'lift'
      ? action.run(`/api/sanctions/${acting.s.id}/lift`, { reason: text })
      : acting && action.run(`/api/sanctions/${acting.s.id}/check`, { result, note: text });
  const stateTag = (s: SanctionRecord) => {
    const st = stateOf(s, today);
    const color = { lifted: 'default', ended: 'default', active: 'red' }[st];
    return <Tag color={color}>{t({ lifted: '已解除', ended: '已到期', active: '生效中' }[st])}</Tag>;
  };
  return (
    <>
      {error && <Alert type="error" message={error} />}
      <Table
        size="small"
        rowKey="id"
        data-testid="sanctions-table"
        dataSource={data ?? []}
        loading={loading}
        scroll={{ x: 900 }}
        columns={[
          { title: t('机构'), dataIndex: 'institutionName' },
          { title: t('城市'), dataIndex: 'cityCode', render: (c: string) => label('city', c) },
          { title: t('处理'), dataIndex: 'kind', render: (k: string) => <Tag>{label('sanction', k)}</Tag> },
          { title: t('处理依据'), dataIndex: 'reason' },
          {
            title: t('证据'),
            render: (_: unknown, s: SanctionRecord) => (
              <span>
                {(s.evidence.caseIds ?? []).map((id) => (
                  <Tag key={id}>{`${t('案件')} ${id}`}</Tag>
                ))}
                {s.evidence.note ?? ''}
              </span>
            ),
          },
          { title: t('起始日期'), dataIndex: 'fromOn', render: date },
          { title: t('期限'), dataIndex: 'untilOn', render: (d: string | null) => (d ? date(d) : '—') },
          {
            title: t('整改复查'),
            render: (_: unknown, s: SanctionRecord) =>
              s.kind !== 'rectification' ? (
                '—'
              ) : s.checkResult ? (
                <Tag color={s.checkResult === 'passed' ? 'green' : 'red'}>
                  {t(s.checkResult === 'passed' ? '复查通过' : '复查未通过（建议暂停）')}
                </Tag>
              ) : (
                t('待复查')
              ),
          },
          { title: t('状态'), render: (_: unknown, s: SanctionRecord) => stateTag(s) },
          {
            title: t('申辩'),
            render: (_: unknown, s: SanctionRecord) => {
              const on = appealsOn(s);
              const a = on[0];
              const mayFile = me.role === 'institution_staff' && !s.liftedAt;
              const fileButton = (again: boolean) => (
                <Button size="small" onClick={() => setAppealing({ s, again })} data-testid="appeal-sanction">
                  {t(again ? '再次申辩' : '申辩')}
                </Button>
              );
              if (a)
                return (
                  <Space direction="vertical" size={2}>
                    {on.length > 1 && (
                      <span style={{ fontSize: 12, color: '#666' }}>
                        {t('第 {n} 次申辩').replace('{n}', String(on.length))}
                      </span>
                    )}
                    <Tag color={APPEAL_STATE[a.status].color}>{t(APPEAL_STATE[a.status].zh)}</Tag>
                    <span style={{ fontSize: 12 }}>{a.statement}</span>
                    {a.attachment && (
                      <a href={`/api/sanction-appeals/${a.id}/attachment`} target="_blank" rel="noreferrer">
                        {a.attachment.fileName}
                      </a>
                    )}
                    {a.answer && (
                      <span style={{ fontSize: 12, color: '#666' }}>
                        {t('复核意见')}：{a.answer}
                      </span>
                    )}
                    {province && a.status === 'open' && (
                      <Button
                        size="small"
                        onClick={() => {
                          action.clear();
                          setText('');
                          setOutcome('upheld');
                          setReviewing(a);
                        }}
                      >
                        {t('复核')}
                      </Button>
                    )}
                    {mayFile &&
                      a.status === 'upheld' &&
                      (on.length < MAX_APPEALS_PER_SANCTION ? (
                        fileButton(true)
                      ) : (
                        <span style={{ fontSize: 12, color: '#666' }} data-testid="appeal-limit">
                          {t('该处理申辩次数已满，不再受理；如仍有异议，可依法申请行政复议')}
                        </span>
                      ))}
                  </Space>
                );
              return mayFile ? fileButton(false) : '—';
            },
          },
          ...(province
            ? [
                {
                  title: '',
                  render: (_: unknown, s: SanctionRecord) => (
                    <Space size={4}>
                      {s.kind === 'rectification' && !s.checkResult && !s.liftedAt && (
                        <Button size="small" onClick={() => act('check', s)}>
                          {t('复查')}
                        </Button>
                      )}
                      {stateOf(s, today) === 'active' && (
                        <Button size="small" onClick={() => act('lift', s)}>
                          {t('解除')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {appealing && (
        <AppealModal
          s={appealing.s}
          again={appealing.again}
          onClose={(filed) => {
            setAppealing(null);
            if (filed) appeals.reload();
          }}
        />
      )}
      <Modal
        open={!!reviewing}
        title={t('复核申辩')}
        confirmLoading={action.busy}
        onCancel={() => setReviewing(null)}
        onOk={() => reviewing && action.run(`/api/sanction-appeals/${reviewing.id}/decide`, { outcome, answer: text })}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <div>{reviewing?.statement}</div>
          <Radio.Group value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            <Radio value="upheld">{t('申辩不成立，维持处理')}</Radio>
            <Radio value="lifted">{t('申辩成立，撤销处理')}</Radio>
          </Radio.Group>
          <Input.TextArea
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('复核意见（必填）')}
          />
          {action.error && <Alert type="error" message={action.error} />}
        </Space>
      </Modal>
      <Modal
        open={!!acting}
        title={acting && `${t(acting.kind === 'lift' ? '解除处理' : '整改复查')} · ${acting.s.institutionName}`}
        onOk={submit}
        confirmLoading={action.busy}
        onCancel={() => setActing(null)}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          {acting?.kind === 'check' && (
            <Radio.Group value={result} onChange={(e) => setResult(e.target.value)}>
              <Radio value="passed">{t('通过')}</Radio>
              <Radio value="failed">{t('未通过')}</Radio>
            </Radio.Group>
          )}
          <Input.TextArea
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t(acting?.kind === 'lift' ? '解除理由（必填）' : '复查意见')}
          />
          {action.error && <Alert type="error" message={action.error} />}
        </Space>
      </Modal>
    </>
  );
}

const KINDS = ['warning', 'rectification', 'suspension', 'removal', 'blacklist'] as const;

/** The province applies a sanction to an institution (from its rating), with a reason, evidence and a deadline. */
export function SanctionButton({ creditCode, name, onDone }: { creditCode: string; name: string; onDone: () => void }) {
  const t = useT();
  const { label } = useLabels();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<(typeof KINDS)[number]>('warning');
  const [reason, setReason] = useState('');
  const [evidence, setEvidence] = useState('');
  const [untilOn, setUntilOn] = useState<string | null>(null);
  const action = useAction(() => {
    setOpen(false);
    onDone();
  });
  const needsDate = kind === 'rectification' || kind === 'suspension';
  return (
    <>
      <Button
        size="small"
        danger
        onClick={() => {
          action.clear();
          setOpen(true);
        }}
      >
        {t('处理')}
      </Button>
      <Modal
        open={open}
        title={`${t('处理')} · ${name}`}
        confirmLoading={action.busy}
        onCancel={() => setOpen(false)}
        onOk={() =>
          action.run(`/api/institutions/${creditCode}/sanction`, {
            sanction: kind,
            reason,
            evidence: evidence || undefined,
            untilOn: needsDate ? untilOn : null,
          })
        }
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            style={{ width: '100%' }}
            value={kind}
            onChange={setKind}
            options={KINDS.map((k) => ({ value: k, label: label('sanction', k) }))}
          />
          {kind === 'suspension' && (
            <Alert type="warning" message={t('暂停期间该机构不能承接项目、排课、报名或开班')} />
          )}
          <Input.TextArea
            rows={2}
            placeholder={t('处理依据（必填）')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <Input
            placeholder={t('证据说明（案件编号、核查报告等）')}
            value={evidence}
            onChange={(e) => setEvidence(e.target.value)}
          />
          {needsDate && (
            <DatePicker
              style={{ width: '100%' }}
              placeholder={t(kind === 'rectification' ? '整改期限（必填）' : '暂停至（不填则至解除）')}
              value={pickerDay(untilOn)}
              onChange={(d) => setUntilOn(d ? dayText(d) : null)}
            />
          )}
          {action.error && <Alert type="error" message={action.error} />}
        </Space>
      </Modal>
    </>
  );
}
