import type { Me } from '../api.ts';
import { useActorName } from './History.tsx';
import { ForecastUploads } from './Forecasts.tsx';
import { Alert, Button, Progress, Table, Upload } from 'antd';
import { WhyButton } from './WhyButton.tsx';
import { useContext, useEffect, useState } from 'react';
import { ApiError, api, type ApiGet, type ApiPost } from '../api/client.ts';
import { LangContext, useT } from '../i18n.ts';
import { dateTime, num } from '../format.ts';
import { useData } from './useData.ts';
import { useLabels } from '../labels.ts';

type Run = ApiGet<'/api/imports/{id}'>;

/** Upload interchange files; the run shows progress and, when done, its row errors and report. */
export function ImportPage({ me }: { me: Me | null }) {
  const t = useT();
  const actorName = useActorName();
  const { label } = useLabels();
  const { lang } = useContext(LangContext);
  const [files, setFiles] = useState<File[]>([]);
  const [runId, setRunId] = useState<string | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<string | null>(null);
  const runs = useData<ApiGet<'/api/imports'>>('/api/imports');
  // biome-ignore lint/correctness/useExhaustiveDependencies: polls per run; reload is a fresh function each render
  useEffect(() => {
    if (!runId) return;
    const timer = setInterval(async () => {
      const r = await api<Run>(`/api/imports/${runId}`);
      setRun(r);
      // Queued: waiting for a worker process; running: a worker is importing.
      if (r.status !== 'running' && r.status !== 'queued') {
        clearInterval(timer);
        runs.reload();
      }
    }, 700);
    return () => clearInterval(timer);
  }, [runId]);
  const upload = async () => {
    const form = new FormData();
    for (const f of files) form.append('file', f, f.name);
    try {
      setError(null);
      const r = await api<ApiPost<'/api/imports'>>('/api/imports', { method: 'POST', body: form });
      setRun(null);
      setRunId(r.runId);
      runs.reload(); // the new run shows at once, queued
    } catch (e) {
      setError(e instanceof ApiError ? `${e.zh} / ${e.en}` : String(e));
    }
  };
  const p = run?.summary?.progress;
  return (
    <>
      <Upload
        multiple
        beforeUpload={(f) => {
          setFiles((xs) => [...xs, f]);
          return false;
        }}
        onRemove={(f) => setFiles((xs) => xs.filter((x) => x.name !== f.name))}
        accept=".csv,.xlsx"
      >
        <Button>{t('选择文件')}</Button>
      </Upload>
      <WhyButton
        type="primary"
        why={!files.length && t('请先选择要上传的文件')}
        onClick={upload}
        style={{ marginTop: 12 }}
      >
        {t('上传')}
      </WhyButton>
      {error && <Alert type="error" message={error} style={{ marginTop: 12 }} />}
      {runId && (
        <div style={{ marginTop: 16 }} data-testid="import-run">
          <Progress
            percent={run?.status === 'done' ? 100 : p ? Math.round((p.bytesDone / Math.max(1, p.bytesTotal)) * 100) : 0}
            status={run?.status === 'failed' ? 'exception' : undefined}
          />
          {(!run || run.status === 'queued') && (
            <div style={{ color: '#888' }} data-testid="import-queued">
              {t('已排队，等待后台工作进程导入')}
            </div>
          )}
          {run?.status === 'running' && p && (
            <div style={{ color: '#888' }}>
              {t('正在导入')} {p.file}：{num(p.rows)} {t('行')}
            </div>
          )}
          {run?.status === 'done' && <a href={`/api/imports/${runId}/errors.csv`}>{t('下载错误报告')}</a>}
          {run?.summary?.files && (
            <Table
              size="small"
              rowKey="file"
              pagination={false}
              dataSource={run.summary.files}
              columns={(
                [
                  ['file', '文件'],
                  ['rows', '行数'],
                  ['inserted', '新增'],
                  ['updated', '更新'],
                  ['unchanged', '未变'],
                  ['errors', '错误'],
                ] as const
              ).map(([k, title]) => ({
                title: t(title),
                dataIndex: k,
                render: (v: unknown) => (typeof v === 'number' ? num(v) : String(v ?? '')),
              }))}
            />
          )}
          {!!run?.errors?.length && (
            <Table
              size="small"
              rowKey={(e) => `${e.file}:${e.line}`}
              dataSource={run.errors}
              columns={[
                { title: t('文件'), dataIndex: 'file' },
                { title: t('行号'), dataIndex: 'line' },
                { title: t('列'), dataIndex: 'column' },
                { title: t('值'), dataIndex: 'value' },
                { title: t('原因'), dataIndex: lang === 'en' ? 'message_en' : 'message_zh' },
              ]}
            />
          )}
        </div>
      )}
      <h3 style={{ marginTop: 24 }}>{t('导入记录')}</h3>
      <Table
        size="small"
        rowKey="id"
        dataSource={runs.data ?? []}
        loading={runs.loading}
        columns={[
          { title: t('来源'), dataIndex: 'source' },
          { title: t('操作人'), dataIndex: 'actor', render: (a: string) => actorName(a) },
          { title: t('状态'), dataIndex: 'status', render: (s: string) => label('importStatus', s) },
          { title: t('开始时间'), dataIndex: 'started_at', render: (d: string) => dateTime(d) },
          { title: t('完成时间'), dataIndex: 'finished_at', render: (d: string | null) => dateTime(d) },
        ]}
      />
      {(me?.role === 'department_officer' || me?.role === 'province_admin') && <ForecastUploads />}
    </>
  );
}
