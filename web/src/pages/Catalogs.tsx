import { Alert, Table, Tabs } from 'antd';
import { useState } from 'react';
import type { ApiGet } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useData } from './useData.ts';

const TABS = [
  ['cities', '城市目录'],
  ['sectors', '领域目录'],
  ['groups', '群体目录'],
  ['key_tasks', '任务目录'],
  ['levels', '等级目录'],
  ['occupations', '职业目录'],
  ['shortage', '紧缺职业'],
] as const;

/** Public reference catalogs (公开目录): readable without signing in. */
export function CatalogsPage() {
  const t = useT();
  const [tab, setTab] = useState<string>('cities');
  const { data, error } = useData<ApiGet<'/api/catalogs/{name}'>>(`/api/catalogs/${tab}`);
  // Every catalog has its own columns: the table shows whatever fields the first row has.
  const rows: Record<string, unknown>[] = data ?? [];
  const columns = rows[0]
    ? Object.keys(rows[0]).map((k) => ({
        title: k,
        dataIndex: k,
        key: k,
        render: (v: unknown) =>
          Array.isArray(v) ? v.join('；') : typeof v === 'boolean' ? (v ? '是' : '否') : String(v ?? ''),
      }))
    : [];
  return (
    <>
      <Tabs activeKey={tab} onChange={setTab} items={TABS.map(([k, l]) => ({ key: k, label: t(l) }))} />
      {error && <Alert type="error" message={error} />}
      <Table
        size="small"
        rowKey={(r) => JSON.stringify(r)}
        dataSource={rows}
        columns={columns}
        pagination={{ pageSize: 50 }}
      />
    </>
  );
}
