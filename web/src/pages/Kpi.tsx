import { Alert, Table } from 'antd';
import { useT } from '../i18n.ts';
import { useData } from './useData.ts';

/** The three indicators by dimension, the same numbers as `jineng export kpi`. */
export function KpiPage() {
  const t = useT();
  const { data, error } = useData<{ indicator: string; dimension: string; key: string; value: number }[]>('/api/kpi');
  return (
    <>
      {error && <Alert type="error" message={error} />}
      <Table
        size="small"
        rowKey={(r) => `${r.indicator}/${r.dimension}/${r.key}`}
        dataSource={data ?? []}
        pagination={{ pageSize: 50 }}
        data-testid="kpi-table"
        columns={[
          { title: t('指标项'), dataIndex: 'indicator' },
          { title: t('维度'), dataIndex: 'dimension' },
          { title: t('键'), dataIndex: 'key' },
          { title: t('数值'), dataIndex: 'value', align: 'right' },
        ]}
      />
    </>
  );
}
