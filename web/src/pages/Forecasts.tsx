import { Alert, Button, Card, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import type { ApiGet, ApiPost, ApiPostBody, Item } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { dateTime } from '../format.ts';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

type UploadRow = Item<ApiGet<'/api/forecasts/uploads'>>;

/** 数据集采: a department uploads its sector's demand forecasts; each upload's status and row errors. */
export function ForecastUploads() {
  const t = useT();
  const { data, loading, reload } = useData<ApiGet<'/api/forecasts/uploads'>>('/api/forecasts/uploads');
  const [result, setResult] = useState<ApiPost<'/api/forecasts'> | null>(null);
  const action = useAction(reload);
  return (
    <Card
      size="small"
      title={t('数据集采：需求预测上传（CSV：occupation_code,city_code,year,headcount）')}
      style={{ marginTop: 16 }}
    >
      <Upload
        accept=".csv"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(f) => {
          f.text().then(async (csv) =>
            setResult(
              await action.run<ApiPost<'/api/forecasts'>>('/api/forecasts', {
                fileName: f.name,
                csv,
              } satisfies ApiPostBody<'/api/forecasts'>),
            ),
          );
          return false;
        }}
      >
        <Button>{t('选择并上传 CSV')}</Button>
      </Upload>
      {result && (
        <Tag color="blue" style={{ marginLeft: 12 }} data-testid="forecast-result">
          {t('接收')} {result.rowsAccepted} / {result.rowsTotal}
        </Tag>
      )}
      {action.error && <Alert type="error" message={action.error} style={{ marginTop: 12 }} />}
      <Table
        size="small"
        rowKey="id"
        style={{ marginTop: 12 }}
        dataSource={data ?? []}
        loading={loading}
        data-testid="forecast-uploads"
        expandable={{
          expandedRowRender: (r: UploadRow) =>
            r.errors.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of one upload's errors, never reordered
              <div key={i}>
                {t('第')}
                {e.line}
                {t('行')} {e.column}: {e.zh}
              </div>
            )),
          rowExpandable: (r: UploadRow) => r.error_count > 0,
        }}
        columns={[
          { title: t('文件'), dataIndex: 'file_name' },
          { title: t('上传人'), dataIndex: 'uploaded_by' },
          {
            title: t('时间'),
            dataIndex: 'uploaded_at',
            render: (d: string) => dateTime(d),
          },
          { title: t('行数'), dataIndex: 'rows_total' },
          { title: t('接收'), dataIndex: 'rows_accepted' },
          {
            title: t('状态'),
            render: (_: unknown, r: UploadRow) => (
              <Tag color={r.error_count ? 'orange' : 'green'}>
                {r.error_count ? `${r.error_count} ${t('行有误')}` : t('全部接收')}
              </Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}
