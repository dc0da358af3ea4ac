import { Alert, Card, Space } from 'antd';
import { useContext, useState } from 'react';
import { api, ApiError, type ApiPost, type Item } from '../api/client.ts';
import { Code } from '../Code.tsx';
import { LangContext, useT } from '../i18n.ts';
import { CardTable } from './CardTable.tsx';
import { FilePick } from './FilePick.tsx';

type UploadResult = ApiPost<'/api/carriers/upload'>;
type RowError = Item<UploadResult['errors']>;

/** The upload's columns by the Chinese names the template uses (the error table never shows a column code). */
const COLUMN_NAMES: Record<string, string> = {
  name: '载体名称',
  kind: '载体类型',
  city: '设区市',
  owner: '依托/牵头单位',
  members: '成员企业',
};

/**
 * 批量导入培训载体: the province uploads its register (CSV or XLSX; the template's columns). A carrier
 * of the same city, name and kind is updated, a new one registered, the same one left; each refused
 * row is listed with its line, column, value and reason.
 */
export function CarrierUpload({ onDone }: { onDone: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<UploadResult | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const upload = async (file: File) => {
    const body = new FormData();
    body.append('file', file, file.name);
    setBusy(true);
    try {
      setUploadError(null);
      setResult(await api<UploadResult>('/api/carriers/upload', { method: 'POST', body }));
      onDone();
    } catch (e) {
      setResult(null);
      setUploadError(e instanceof ApiError ? (lang === 'en' ? e.en : e.zh) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('批量导入培训载体')} style={{ marginBottom: 12 }} data-testid="carrier-upload">
      <div style={{ color: 'rgba(0,0,0,0.55)', marginBottom: 8, overflowWrap: 'anywhere' }}>
        {t('CSV（UTF-8 或 GBK）或 XLSX，列：')}
        <Code>载体名称,载体类型,设区市,依托/牵头单位,成员企业</Code>
        {t(
          '。成员企业以分号分隔，每家写“名称(统一社会信用代码)”、只写代码（企业名录中的企业）或只写名称。同一设区市、名称和类型的载体视为同一载体：已登记的按文件更新依托单位和成员企业，相同的不改动。有错的行逐行退回，其余照常导入。',
        )}
      </div>
      <Space wrap>
        <a href="/api/carriers/template.csv" download data-testid="carrier-template">
          {t('下载模板')}
        </a>
        <FilePick onSend={upload} busy={busy} testId="carrier-upload-submit" />
      </Space>
      {uploadError && <Alert type="error" message={uploadError} style={{ marginTop: 8 }} />}
      {result && (
        <div style={{ marginTop: 8 }} data-testid="carrier-upload-result">
          <Alert
            type={result.refused ? 'warning' : 'success'}
            message={`${t('共')} ${result.rowsTotal} ${t('行')}：${t('新增')} ${result.created}，${t('更新')} ${result.updated}，${t('未变')} ${result.unchanged}，${t('退回')} ${result.refused}`}
          />
          {result.errors.length > 0 && (
            <CardTable<RowError>
              size="small"
              style={{ marginTop: 8 }}
              rowKey={(e) => `${e.line}/${e.column}/${e.reason}/${e.value}`}
              dataSource={result.errors}
              pagination={{ pageSize: 10, showSizeChanger: false }}
              data-testid="carrier-upload-errors"
              columns={[
                { title: t('行号'), dataIndex: 'line', width: 70, render: (n: number) => `${t('行号')} ${n}` },
                {
                  title: t('列'),
                  dataIndex: 'column',
                  width: 120,
                  render: (c: string) => t(COLUMN_NAMES[c] ?? c),
                },
                { title: t('内容'), dataIndex: 'value', width: 200 },
                { title: t('原因'), key: 'reason', render: (_: unknown, e: RowError) => (lang === 'en' ? e.en : e.zh) },
              ]}
            />
          )}
        </div>
      )}
    </Card>
  );
}
