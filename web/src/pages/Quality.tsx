import { Alert, Button, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { WhyButton } from './WhyButton.tsx';
import { useState } from 'react';
import type { ApiGet, ApiPostBody, Item } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';
import { useLabels } from '../labels.ts';
import { useServerTable } from './useServerTable.ts';
import { FilterSelect, TableSearch } from './FilterSelect.tsx';
import { chinaDateTime } from '../china-time.ts';

type Complaint = Item<ApiGet<'/api/complaints'>['items']>;
type QProject = ApiGet<'/api/quality'>['projects'][number];
type Evaluation = ApiPostBody<'/api/projects/{code}/evaluations'>;
type ComplaintFinding = ApiPostBody<'/api/complaints/{id}'>;

/** Complaints against institutions: officials uphold or reject with a finding. */
export function Complaints() {
  const t = useT();
  const { label, options } = useLabels();
  // A tab beside the integrity cases' list: its own keys in the address bar (complaints_page, …).
  const table = useServerTable<Complaint>('/api/complaints', ['status', 'q'], 20, { prefix: 'complaints_' });
  const [finding, setFinding] = useState<Record<string, string>>({});
  const action = useAction(table.reload);
  return (
    <>
      {(table.error || action.error) && <Alert type="error" message={table.error ?? action.error} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <FilterSelect table={table} name="status" label={t('状态')} options={options('complaintStatus')} />
        <TableSearch table={table} placeholder={`${t('机构')} / ${t('项目编号')} / ${t('投诉人')}`} />
        <Button href={table.exportHref} data-testid="complaints-export">
          {t('导出 XLSX')}
        </Button>
      </Space>
      <Table
        size="small"
        rowKey="id"
        scroll={{ x: 'max-content' }}
        {...table.tableProps}
        data-testid="complaints-table"
        columns={[
          {
            title: t('提交日期'),
            dataIndex: 'created_at',
            ...table.sortable('created_at'),
            render: (d: string) => chinaDateTime(d),
          },
          { title: t('机构'), dataIndex: 'institution_name', ...table.sortable('institution_name') },
          { title: t('项目编号'), dataIndex: 'project_code', ...table.sortable('project_code') },
          { title: t('所在城市'), dataIndex: 'city_name', ...table.sortable('city_name') },
          { title: t('投诉人'), dataIndex: 'person_name' },
          { title: t('内容'), dataIndex: 'text' },
          {
            title: t('状态'),
            dataIndex: 'status',
            ...table.sortable('status'),
            render: (s: string, c: Complaint) => (
              <>
                <Tag>{label('complaintStatus', s)}</Tag>
                {c.finding}
              </>
            ),
          },
          {
            title: '',
            render: (_: unknown, c: Complaint) =>
              c.status === 'open' && (
                <Space>
                  <Input
                    size="small"
                    placeholder={t('核查结论（必填）')}
                    value={finding[c.id] ?? ''}
                    onChange={(e) => setFinding({ ...finding, [c.id]: e.target.value })}
                  />
                  <Button
                    size="small"
                    danger
                    onClick={() =>
                      action.run(`/api/complaints/${c.id}`, {
                        status: 'upheld',
                        finding: finding[c.id] ?? '',
                      } satisfies ComplaintFinding)
                    }
                  >
                    {t('成立')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() =>
                      action.run(`/api/complaints/${c.id}`, {
                        status: 'rejected',
                        finding: finding[c.id] ?? '',
                      } satisfies ComplaintFinding)
                    }
                  >
                    {t('不成立')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </>
  );
}

/** Quality evaluation: seeded spot-check draws, third-party and spot-check results, the combined report. */
export function Quality() {
  const t = useT();
  const { label, options } = useLabels();
  const { data, loading, error, reload } = useData<ApiGet<'/api/quality'>>('/api/quality');
  const [seed, setSeed] = useState(`${new Date().toISOString().slice(0, 7)}-抽查`);
  const [share, setShare] = useState(10);
  const [form, setForm] = useState<{
    code: string;
    source: Evaluation['source'];
    score: number;
    findings: string;
    evaluator: string;
  }>({ code: '', source: 'spot_check', score: 80, findings: '', evaluator: '' });
  const action = useAction(reload);
  return (
    <>
      {(error || action.error) && <Alert type="error" message={error ?? action.error} style={{ marginBottom: 12 }} />}
      <Space wrap style={{ marginBottom: 12 }}>
        {t('随机种子')}{' '}
        <Input value={seed} onChange={(e) => setSeed(e.target.value)} style={{ width: 180 }} aria-label="seed" />
        {t('抽查比例%')}{' '}
        <InputNumber value={share} min={1} max={100} onChange={(v) => setShare(v ?? 10)} aria-label="share" />
        <Button
          onClick={() =>
            action.run('/api/quality/spot-checks', {
              seed,
              sharePercent: share,
            } satisfies ApiPostBody<'/api/quality/spot-checks'>)
          }
        >
          {t('抽取项目')}
        </Button>
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          value={form.code || undefined}
          placeholder={t('项目编号')}
          style={{ width: 160 }}
          onChange={(code) => setForm({ ...form, code })}
          options={(data?.projects ?? []).map((p) => ({ value: p.project_code, label: p.project_code }))}
        />
        <Select
          value={form.source}
          style={{ width: 130 }}
          onChange={(source: Evaluation['source']) => setForm({ ...form, source })}
          options={options('evaluationSource', ['third_party', 'spot_check'])}
        />
        <InputNumber
          value={form.score}
          min={0}
          max={100}
          onChange={(v) => setForm({ ...form, score: v ?? 0 })}
          aria-label="score"
        />
        {form.source === 'third_party' && (
          <Input
            placeholder={t('第三方机构')}
            value={form.evaluator}
            onChange={(e) => setForm({ ...form, evaluator: e.target.value })}
            style={{ width: 160 }}
          />
        )}
        <Input
          placeholder={t('评估意见')}
          value={form.findings}
          onChange={(e) => setForm({ ...form, findings: e.target.value })}
          style={{ width: 240 }}
        />
        <WhyButton
          type="primary"
          why={!form.code && t('请先选择项目')}
          onClick={() =>
            action.run(`/api/projects/${form.code}/evaluations`, {
              source: form.source,
              score: form.score,
              findings: form.findings,
              evaluator: form.evaluator || undefined,
            } satisfies Evaluation)
          }
        >
          {t('登记评估')}
        </WhyButton>
      </Space>
      <Table
        size="small"
        rowKey="project_code"
        dataSource={data?.projects ?? []}
        loading={loading}
        data-testid="quality-table"
        columns={[
          { title: t('项目编号'), dataIndex: 'project_code' },
          { title: t('项目名称'), dataIndex: 'title' },
          { title: t('承训机构'), dataIndex: 'institution_name' },
          {
            title: t('抽中'),
            dataIndex: 'drawn',
            render: (d: boolean) => (d ? <Tag color="orange">{t('抽中')}</Tag> : ''),
          },
          {
            title: t('取证率'),
            dataIndex: 'passRate',
            render: (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`),
          },
          {
            title: t('评估'),
            dataIndex: 'evaluations',
            render: (ev: QProject['evaluations']) =>
              ev.map((e) => (
                <Tag key={e.source}>
                  {label('evaluationSource', e.source)} {e.score}
                </Tag>
              )),
          },
          { title: t('综合评分'), dataIndex: 'evaluationScore', render: (s: number | null) => s ?? '—' },
        ]}
      />
    </>
  );
}
