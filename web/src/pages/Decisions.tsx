import { Alert, Table, Tag } from 'antd';
import { useContext } from 'react';
import { yuan } from '../api.ts';
import type { ApiGet, Item } from '../api/client.ts';
import { LangContext, useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { useData } from './useData.ts';
import { FilterNote, useListFilter, withQuery } from './ListFilter.tsx';

const COLORS: Record<string, string> = { approved: 'green', rejected: 'red', review: 'orange' };

/** Decisions with each reason in plain words (the applicant's view is the same, scoped to self). */
export function DecisionsPage() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { label } = useLabels();
  const filter = useListFilter(['notice']);
  const { data, error } = useData<ApiGet<'/api/decisions'>>(withQuery('/api/decisions', filter.query, 'limit=1000'));
  return (
    <>
      {error && <Alert type="error" message={error} />}
      <FilterNote text={filter.values.notice ? label('todo', 'notice') : null} onClear={filter.clear} />
      <Table
        size="small"
        rowKey="application_id"
        dataSource={data ?? []}
        data-testid="decisions-table"
        columns={[
          { title: t('申请编号'), dataIndex: 'application_id' },
          { title: t('姓名'), dataIndex: 'person_name' },
          { title: t('身份证号'), dataIndex: 'id_masked' },
          { title: t('类型'), dataIndex: 'type', render: (x: string) => label('applicationType', x) },
          { title: t('申请日期'), dataIndex: 'applied_on' },
          { title: t('所在城市'), dataIndex: 'city_name' },
          {
            title: t('决定'),
            dataIndex: 'decision',
            render: (d: string) => <Tag color={COLORS[d]}>{label('decision', d)}</Tag>,
          },
          { title: t('金额'), dataIndex: 'amount_fen', align: 'right', render: (f: number) => yuan(f) },
          {
            title: t('原因'),
            dataIndex: 'reasons',
            render: (rs: Item<ApiGet<'/api/decisions'>>['reasons']) =>
              rs.map((r) => <div key={r.code}>{lang === 'en' ? r.en : r.zh}</div>),
          },
        ]}
      />
    </>
  );
}
