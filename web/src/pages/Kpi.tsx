import { Alert, Table } from 'antd';
import type { ApiGet, Item } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useData } from './useData.ts';
import { useKeyName, useLabels } from '../labels.ts';
import { num } from '../format.ts';

type Row = Item<ApiGet<'/api/kpi'>>;

/** The three indicators by dimension, the same numbers as `jineng export kpi`. */
export function KpiPage() {
  const t = useT();
  const { label } = useLabels();
  const keyName = useKeyName();
  const { data, loading, error } = useData<ApiGet<'/api/kpi'>>('/api/kpi');
  return (
    <>
      {error && <Alert type="error" message={error} />}
      <Table
        size="small"
        rowKey={(r) => `${r.indicator}/${r.dimension}/${r.key}`}
        dataSource={data ?? []}
        loading={loading}
        pagination={{ pageSize: 50 }}
        data-testid="kpi-table"
        columns={[
          { title: t('指标项'), dataIndex: 'indicator', render: (i: string) => label('indicator', i) },
          { title: t('维度'), dataIndex: 'dimension', render: (d: string) => label('dimension', d) },
          {
            title: t('键'),
            dataIndex: 'key',
            render: (k: string, r: Row) => keyName(r.dimension, k),
          },
          { title: t('数值'), dataIndex: 'value', align: 'right', render: (v: number) => num(v) },
        ]}
      />
    </>
  );
}
