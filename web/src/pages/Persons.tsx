import { Alert, Button, Descriptions, Drawer, Input, Space, Table, Tabs } from 'antd';
import type { Me } from '../api.ts';
import { useState } from 'react';
import type { ApiGet, Item } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { History } from './History.tsx';
import { useData } from './useData.ts';
import { useServerTable } from './useServerTable.ts';
import { FilterSelect } from './FilterSelect.tsx';
import { useLabels } from '../labels.ts';
import { useSearchParams } from 'react-router-dom';
import { PendingRegistrations } from './PendingRegistrations.tsx';

function PersonDrawer({ personKey, onClose }: { personKey: string | null; onClose: () => void }) {
  const t = useT();
  const { label } = useLabels();
  const { data, error } = useData<ApiGet<'/api/persons/{key}'>>(personKey ? `/api/persons/${personKey}` : null);
  return (
    <Drawer open={!!personKey} onClose={onClose} width={560} title={data?.name}>
      {error && <Alert type="error" message={error} />}
      {data && (
        <>
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('身份证号')}>{data.id_number}</Descriptions.Item>
            <Descriptions.Item label={t('电话')}>{data.phone}</Descriptions.Item>
            <Descriptions.Item label={t('所在城市')}>{data.city_name}</Descriptions.Item>
            <Descriptions.Item label={t('群体')}>
              {data.groups.map((g) => label('group', g)).join('、')}
            </Descriptions.Item>
            <Descriptions.Item label={t('参保月数')}>{data.insured_months}</Descriptions.Item>
          </Descriptions>
          <h4 style={{ marginTop: 16 }}>{t('变更记录')}</h4>
          {/* The contract types before/after as unknown; History reads them as records (they are). */}
          <History entries={data.history} />
        </>
      )}
    </Drawer>
  );
}

function Duplicates() {
  const t = useT();
  // Matched on name, birth date and phone; the birth date is not shown (it would unmask the IDs).
  const { data, loading, error } = useData<ApiGet<'/api/persons-duplicates'>>('/api/persons-duplicates');
  return (
    <>
      {error && <Alert type="error" message={error} />}
      <Table
        size="small"
        rowKey={(r) => r.records[0].person_key}
        dataSource={data ?? []}
        loading={loading}
        columns={[
          { title: t('姓名'), dataIndex: 'name' },
          { title: t('电话'), dataIndex: 'phone' },
          { title: t('人数'), dataIndex: 'persons' },
          {
            title: t('身份证号'),
            dataIndex: 'records',
            render: (rs: Item<ApiGet<'/api/persons-duplicates'>>['records']) => rs.map((r) => r.id_masked).join('；'),
          },
        ]}
      />
    </>
  );
}

type Person = Item<ApiGet<'/api/persons'>['items']>;
const FILTERS = ['q', 'city', 'group'] as const;

/** 实名人员: masked, confined to the caller's scope by the API, filtered and paged by the server; click a row for its history. */
export function PersonsPage() {
  const t = useT();
  const { label, options } = useLabels();
  const [open, setOpen] = useState<string | null>(null);
  const me = useData<Me>('/api/me').data;
  const table = useServerTable<Person>('/api/persons', FILTERS);
  const { filters, setFilter, sortable } = table;
  const list = (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder={`${t('搜索')}：${t('姓名')} / ${t('身份证号')}`}
          key={filters.q ?? ''}
          defaultValue={filters.q}
          onSearch={(v) => setFilter('q', v || undefined)}
          style={{ width: 300 }}
          allowClear
        />
        {me?.role === 'province_admin' && (
          <FilterSelect table={table} name="city" label={t('所在城市')} options={options('city')} />
        )}
        <FilterSelect table={table} name="group" label={t('群体')} options={options('group')} width={200} />
        <Button onClick={table.clearFilters}>{t('清除筛选')}</Button>
        <Button href={table.exportHref}>{t('导出 XLSX')}</Button>
      </Space>
      {table.error && <Alert type="error" message={table.error} />}
      <Table
        size="small"
        rowKey="person_key"
        data-testid="persons-table"
        scroll={{ x: 'max-content' }}
        {...table.tableProps}
        onRow={(r) => ({ onClick: () => setOpen(r.person_key), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('身份证号'), dataIndex: 'id_masked' },
          { title: t('姓名'), dataIndex: 'name', ...sortable('name') },
          { title: t('电话'), dataIndex: 'phone' },
          { title: t('所在城市'), dataIndex: 'city_name', ...sortable('city_name') },
          {
            title: t('群体'),
            dataIndex: 'groups',
            render: (g: string[]) => g.map((x) => label('group', x)).join('、'),
          },
          { title: t('参保月数'), dataIndex: 'insured_months', align: 'right', ...sortable('insured_months') },
        ]}
      />
      <PersonDrawer personKey={open} onClose={() => setOpen(null)} />
    </>
  );
  // 疑似重复 is for officials (the API refuses institution staff): the tab shows only where it can answer.
  const official = ['province_admin', 'city_officer'].includes(me?.role ?? '');
  // The tab is in the address (`?tab=pending`): the to-do card 待审核注册 links straight to it.
  const [params, setParams] = useSearchParams();
  return (
    <Tabs
      activeKey={params.get('tab') ?? 'list'}
      onChange={(tab) => setParams(tab === 'list' ? {} : { tab })}
      items={[
        { key: 'list', label: t('实名人员'), children: list },
        ...(official
          ? [
              { key: 'pending', label: t('待审核注册'), children: <PendingRegistrations /> },
              { key: 'dup', label: t('疑似重复'), children: <Duplicates /> },
            ]
          : []),
      ]}
    />
  );
}
