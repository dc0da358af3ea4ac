import type { Me } from '../api.ts';
import { ForecastUploads } from './Forecasts.tsx';
import { Alert, Button, Progress, Table, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, api, type ApiGet, type ApiPost } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useData } from './useData.ts';
import { useLabels } from '../labels.ts';

type Run = ApiGet<'/api/imports/{id}'>;

/** Upload interchange files; the run shows progress and, when done, its row errors and report. */
export function ImportPage({ me }: { me: Me | null }) {
  const t = useT();
  const { label } = useLabels();
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
      if (r.status !== 'running') {
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
      <Button type="primary" disabled={!files.length} onClick={upload} style={{ marginTop: 12 }}>
        {t('上传')}
      </Button>
      {error && <Alert type="error" message={error} style={{ marginTop: 12 }} />}
      {runId && (
        <div style={{ marginTop: 16 }} data-testid="import-run">
          <Progress
            percent={run?.status === 'done' ? 100 : p ? Math.round((p.bytesDone / Math.max(1, p.bytesTotal)) * 100) : 0}
            status={run?.status === 'failed' ? 'exception' : undefined}
          />
          {run?.status === 'done' && <a href={`/api/imports/${runId}/errors.csv`}>{t('下载错误报告')}</a>}
          {run?.summary?.files && (
            <Table
              size="small"
              rowKey="file"
              pagination={false}
              dataSource={run.summary.files}
              columns={['file', 'rows', 'inserted', 'updated', 'unchanged', 'errors'].map((k) => ({
                title: k,
                dataIndex: k,
              }))}
            />
          )}
          {!!run?.errors?.length && (
            <Table
              size="small"
              rowKey={(e) => `${e.file}:${e.line}`}
              dataSource={run.errors}
              columns={['file', 'line', 'column', 'value', 'message_zh', 'message_en'].map((k) => ({
                title: k,
                dataIndex: k,
              }))}
            />
          )}
        </div>
      )}
      <h3 style={{ marginTop: 24 }}>{t('导入记录')}</h3>
      <Table
        size="small"
        rowKey="id"
        dataSource={runs.data ?? []}
        columns={[
          { title: 'source', dataIndex: 'source' },
          { title: t('状态'), dataIndex: 'status', render: (s: string) => label('importStatus', s) },
          { title: 'started_at', dataIndex: 'started_at' },
        ]}
      />
      {(me?.role === 'department_officer' || me?.role === 'province_admin') && <ForecastUploads />}
    </>
  );
}
