import { Alert, Input, Table } from 'antd';
import { useState } from 'react';
import { useT } from '../i18n.ts';
import { useData } from './useData.ts';

interface Person { person_key: string; id_masked: string; name: string; phone: string | null; city_name: string; groups: string[]; insured_months: number }

/** 实名人员: masked, confined to the caller's scope by the API. */
export function PersonsPage() {
  const t = useT();
  const [q, setQ] = useState('');
  const { data, error } = useData<{ total: number; items: Person[] }>(`/api/persons?limit=500${q ? `&q=${encodeURIComponent(q)}` : ''}`);
  return (
    <>
      <Input.Search placeholder={`${t('搜索')}：${t('姓名')} / ${t('身份证号')}`} onSearch={setQ} style={{ width: 360, marginBottom: 16 }} allowClear />
      {error && <Alert type="error" message={error} />}
      <Table size="small" rowKey="person_key" dataSource={data?.items ?? []} data-testid="persons-table"
        footer={() => `${t('总数')}：${data?.total ?? 0}`}
        columns={[
          { title: t('身份证号'), dataIndex: 'id_masked' },
          { title: t('姓名'), dataIndex: 'name' },
          { title: t('电话'), dataIndex: 'phone' },
          { title: t('所在城市'), dataIndex: 'city_name' },
          { title: t('群体'), dataIndex: 'groups', render: (g: string[]) => g.join('、') },
          { title: t('参保月数'), dataIndex: 'insured_months' },
        ]} />
    </>
  );
}
