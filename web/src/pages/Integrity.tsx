import { Alert, Button, Input, Modal, Rate, Space, Table, Tabs, Tag, message } from 'antd';
import { useServerTable } from './useServerTable.ts';
import { FilterSelect } from './FilterSelect.tsx';
import { type ReactNode, useContext, useState } from 'react';
import { ApiError, client, type ApiGet, type ApiPostBody, type Item } from '../api/client.ts';
import { LangContext, useT } from '../i18n.ts';
import { useData } from './useData.ts';
import { Complaints, Quality } from './Quality.tsx';
import { useLabels } from '../labels.ts';
import { Code } from '../Code.tsx';
import { date, num, pct } from '../format.ts';
import type { Me } from '../api.ts';
import { SanctionButton, SanctionRecords } from './Sanctions.tsx';
import { CaseReferrals } from './CaseReferral.tsx';

type Case = Item<ApiGet<'/api/integrity/cases'>['items']>;
type Rating = Item<ApiGet<'/api/institutions-ratings'>>;
/** The case being decided and how; the finding is typed in the dialog. */
type Acting = { id: Case['id'] } & Omit<ApiPostBody<'/api/integrity/cases/{id}'>, 'finding'>;

/** The statistical detectors' false-positive risk (share of honest classes of that size that would trip), as officials read it. */
const falsePositiveRisk = (risk: number) =>
  `误报风险：约 ${risk < 0.0001 ? '<0.01' : (risk * 100).toPrecision(2)}%（同规模正常班级触发比例）`;

/** A case's evidence in words: each field by its name in the dictionary, values as numbers, dates, names. */
function Evidence({ evidence, institutions }: { evidence: Case['evidence']; institutions: Map<string, string> }) {
  const t = useT();
  const { label } = useLabels();
  const institution = (code: unknown) => (
    <span key={String(code)}>
      {institutions.get(String(code)) ?? ''} <Code>{String(code)}</Code>
    </span>
  );
  const value = (k: string, v: unknown): ReactNode => {
    if (v === null || v === undefined || v === '') return '—';
    if (k === 'institution') return institution(v);
    if (k === 'institutions' && Array.isArray(v)) return v.map((c, i) => [i > 0 && '、', institution(c)]);
    // A list of attendance methods (GHOST_CONSTANT_FACE stores them as one comma-joined string).
    if (k === 'methods' && (Array.isArray(v) || typeof v === 'string'))
      return (Array.isArray(v) ? v : v.split(',')).map((m) => label('attendanceMethod', String(m).trim())).join('、');
    if ((k === 'from' || k === 'to') && typeof v === 'string') {
      const [project, session] = v.split('#');
      return `${project} ${t('第')}${session}${t('课次')}`;
    }
    if (k === 'peer_median_rate' && typeof v === 'number') return pct(v);
    if (k === 'objections' && Array.isArray(v))
      return (v as { reason?: string; contact?: string | null; at?: string }[]).map((o, i) => (
        <div key={`${o.at}|${o.reason}`}>
          {i + 1}. {o.reason}
          {o.contact ? `（${t('联系方式')}：${o.contact}）` : ''}
        </div>
      ));
    if (Array.isArray(v)) return v.map((x) => (typeof x === 'number' ? num(x, 3) : String(x))).join(' / ');
    if (typeof v === 'number') return num(v, 3);
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) return date(v);
    if (typeof v === 'object') return null;
    return String(v);
  };
  const shown = Object.entries(evidence).filter(
    ([k, v]) => !['false_positive_risk', 'chance', 'pairs'].includes(k) && (typeof v !== 'object' || Array.isArray(v)),
  );
  return (
    <div style={{ fontSize: 12 }} data-testid="case-evidence">
      {shown.map(([k, v]) => {
        const name = label('evidenceField', k);
        return (
          <div key={k}>
            {name === k ? <Code>{k}</Code> : name}：{value(k, v)}
          </div>
        );
      })}
      {Array.isArray(evidence.pairs) && (
        <div>
          {label('evidenceField', 'pairs')}：{evidence.pairs.length}
          {t('对')}
        </div>
      )}
      {typeof evidence.false_positive_risk === 'number' && <div>{falsePositiveRisk(evidence.false_positive_risk)}</div>}
    </div>
  );
}

function Cases({ me }: { me: Me }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { label, options } = useLabels();
  const table = useServerTable<Case>('/api/integrity/cases', ['status', 'detector']);
  const { sortable, reload } = table;
  const listed = useData<ApiGet<'/api/institutions'>>('/api/institutions');
  const institutions = new Map((listed.data ?? []).map((i) => [i.credit_code, i.name]));
  const referrals = useData<ApiGet<'/api/referrals'>>('/api/referrals');
  const [acting, setActing] = useState<Acting | null>(null);
  const [finding, setFinding] = useState('');
  const submit = async () => {
    try {
      await client.POST('/api/integrity/cases/{id}', {
        params: { path: { id: acting!.id } },
        body: { status: acting!.status, finding },
      });
      setActing(null);
      setFinding('');
      reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.zh : String(e));
    }
  };
  return (
    <>
      {table.error && <Alert type="error" message={table.error} />}
      <Space wrap style={{ marginBottom: 12 }} data-testid="case-filters">
        <FilterSelect table={table} name="status" label={t('状态')} options={options('caseStatus')} />
        <FilterSelect table={table} name="detector" label={t('检测项')} options={options('detector')} width={220} />
        <Button onClick={table.clearFilters}>{t('清除筛选')}</Button>
        {me.role === 'province_admin' && (
          <Button href="/api/exports/cases.csv" title={t('含完整身份证号，供审计使用；导出将记录在审计日志中')}>
            {t('导出案件（审计用）')}
          </Button>
        )}
      </Space>
      <Table
        size="small"
        rowKey="id"
        data-testid="cases-table"
        scroll={{ x: 'max-content' }}
        {...table.tableProps}
        columns={[
          {
            title: t('检测项'),
            dataIndex: 'detector',
            ...sortable('detector'),
            render: (d: string, c: Case) => (
              <div>
                <Tag color="volcano">{label('detector', d)}</Tag>
                <div style={{ fontSize: 12 }}>{lang === 'en' ? c.explanation?.en : c.explanation?.zh}</div>
              </div>
            ),
          },
          {
            title: t('对象'),
            render: (_: unknown, c: Case) =>
              c.person_name ? (
                `${c.person_name} ${c.id_masked}`
              ) : c.subject_kind === 'pair' ? (
                t('两名学员')
              ) : c.subject_kind === 'group' ? (
                `${c.subject_key.split('|').length}${t('名学员')}`
              ) : c.subject_kind === 'evaluator' ? (
                <>
                  {institutions.get(c.subject_key) ?? t('评价机构')} <Code>{c.subject_key}</Code>
                </>
              ) : c.subject_kind === 'device' ? (
                <>
                  {t('学员手机')} <Code>{c.subject_key}</Code>
                </>
              ) : c.subject_kind === 'face_template' ? (
                t('同一人脸模板')
              ) : c.subject_kind === 'project' ? (
                t('整班')
              ) : (
                <Code>{c.subject_key}</Code>
              ),
          },
          { title: t('项目编号'), dataIndex: 'project_code', render: (p: string) => p || '—' },
          {
            title: t('证据'),
            dataIndex: 'evidence',
            render: (e: Case['evidence']) => <Evidence evidence={e} institutions={institutions} />,
          },
          {
            title: t('状态'),
            dataIndex: 'status',
            render: (st: string) => (
              <Tag color={st === 'open' ? 'orange' : st === 'confirmed' ? 'red' : 'default'}>
                {label('caseStatus', st)}
              </Tag>
            ),
          },
          {
            title: t('移送'),
            render: (_: unknown, c: Case) => (
              <CaseReferrals
                caseId={String(c.id)}
                confirmed={c.status === 'confirmed'}
                referrals={referrals.data ?? []}
                onChange={referrals.reload}
              />
            ),
          },
          {
            title: '',
            render: (_: unknown, c: Case) =>
              c.status !== 'open' ? null : (
                <Space>
                  <Button size="small" danger onClick={() => setActing({ id: c.id, status: 'confirmed' })}>
                    {t('确认')}
                  </Button>
                  <Button size="small" onClick={() => setActing({ id: c.id, status: 'dismissed' })}>
                    {t('排除')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={!!acting}
        title={acting ? t(acting.status === 'confirmed' ? '确认' : '排除') : ''}
        onOk={submit}
        onCancel={() => setActing(null)}
      >
        <Input.TextArea
          rows={3}
          value={finding}
          onChange={(e) => setFinding(e.target.value)}
          placeholder={t('核查结论（必填）')}
        />
      </Modal>
    </>
  );
}

function Ratings({ me }: { me: Me }) {
  const t = useT();
  const { label } = useLabels();
  const { data, loading, error, reload } = useData<ApiGet<'/api/institutions-ratings'>>('/api/institutions-ratings');
  return (
    <>
      {error && <Alert type="error" message={error} />}
      <Table
        size="small"
        rowKey="creditCode"
        dataSource={data ?? []}
        loading={loading}
        columns={[
          { title: t('名称'), dataIndex: 'name' },
          { title: t('信用分'), dataIndex: 'credit', sorter: (a: Rating, b: Rating) => a.credit - b.credit },
          {
            title: t('星级'),
            dataIndex: 'stars',
            render: (s: number | null) => (s ? <Rate disabled count={5} value={s} /> : '—'),
          },
          { title: t('确认违规'), dataIndex: 'confirmedCases' },
          {
            title: t('建议处理'),
            dataIndex: 'recommendedSanction',
            render: (s: string) => <Tag color={s === 'none' ? 'green' : 'red'}>{label('sanction', s)}</Tag>,
          },
          ...(me.role === 'province_admin'
            ? [
                {
                  title: '',
                  render: (_: unknown, r: Rating) => (
                    <SanctionButton creditCode={r.creditCode} name={r.name} onDone={reload} />
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

/** 交互比对: integrity cases to confirm or dismiss, and institutions' credit and stars. */
export function IntegrityPage({ me }: { me: Me }) {
  const t = useT();
  return (
    <Tabs
      items={[
        { key: 'c', label: t('疑点案件'), children: <Cases me={me} /> },
        { key: 'r', label: t('机构信用与星级'), children: <Ratings me={me} /> },
        { key: 's', label: t('处理记录'), children: <SanctionRecords me={me} /> },
        { key: 'q', label: t('质量评估'), children: <Quality /> },
        { key: 'p', label: t('投诉'), children: <Complaints /> },
      ]}
    />
  );
}
