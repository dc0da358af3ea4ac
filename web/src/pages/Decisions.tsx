import { Alert, Button, DatePicker, Input, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useContext } from 'react';
import { type Me, yuan } from '../api.ts';
import type { ApiGet, Item } from '../api/client.ts';
import { LangContext, useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { useData } from './useData.ts';
import { useServerTable } from './useServerTable.ts';
import { FilterSelect } from './FilterSelect.tsx';
import { FilterNote } from './ListFilter.tsx';
import { RevokeCertificateButton } from './RevokeCertificate.tsx';

type Decision = Item<ApiGet<'/api/decisions'>['items']>;
const COLORS: Record<string, string> = { approved: 'green', rejected: 'red', review: 'orange' };
const FILTERS = ['decision', 'type', 'city', 'q', 'from', 'to', 'notice'] as const;

/**
 * 补贴决定: every decision in the caller's scope, filtered, sorted and paged by the server (a
 * province has millions), each reason in plain words; the export is the filtered view.
 */
export function DecisionsPage() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { label, options } = useLabels();
  const me = useData<Me>('/api/me').data;
  const table = useServerTable<Decision>('/api/decisions', FILTERS);
  const { filters, setFilter } = table;
  const { sortable } = table;
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }} data-testid="decision-filters">
        <FilterSelect table={table} name="decision" label={t('决定')} options={options('decision')} />
        <FilterSelect table={table} name="type" label={t('类型')} options={options('applicationType')} width={150} />
        {me?.role === 'province_admin' && (
          <FilterSelect table={table} name="city" label={t('所在城市')} options={options('city')} />
        )}
        <DatePicker.RangePicker
          value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
          onChange={(range) => {
            setFilter('from', range?.[0]?.format('YYYY-MM-DD'));
            setFilter('to', range?.[1]?.format('YYYY-MM-DD'));
          }}
          placeholder={[t('申请日期从'), t('至')]}
        />
        <Input.Search
          allowClear
          key={filters.q ?? ''}
          defaultValue={filters.q}
          placeholder={`${t('姓名')} / ${t('申请编号')} / ${t('证书编号')}`}
          onSearch={(v) => setFilter('q', v || undefined)}
          style={{ width: 260 }}
        />
        <Button onClick={table.clearFilters}>{t('清除筛选')}</Button>
        <Button href={table.exportHref} data-testid="decisions-export">
          {t('导出 XLSX')}
        </Button>
      </Space>
      <FilterNote
        text={filters.notice ? label('todo', 'notice') : null}
        onClear={() => table.setFilter('notice', undefined)}
      />
      {table.error && <Alert type="error" message={table.error} />}
      <Table
        size="small"
        rowKey="application_id"
        data-testid="decisions-table"
        scroll={{ x: 'max-content' }}
        {...table.tableProps}
        columns={[
          { title: t('申请编号'), dataIndex: 'application_id', ...sortable('application_id') },
          { title: t('姓名'), dataIndex: 'person_name', ...sortable('person_name') },
          { title: t('身份证号'), dataIndex: 'id_masked' },
          { title: t('类型'), dataIndex: 'type', render: (x: string) => label('applicationType', x) },
          { title: t('申请日期'), dataIndex: 'applied_on', ...sortable('applied_on') },
          { title: t('所在城市'), dataIndex: 'city_name', ...sortable('city_name') },
          {
            title: t('决定'),
            dataIndex: 'decision',
            render: (d: string) => <Tag color={COLORS[d]}>{label('decision', d)}</Tag>,
          },
          {
            title: t('金额'),
            dataIndex: 'amount_fen',
            align: 'right',
            render: (f: number) => yuan(f),
            ...sortable('amount_fen'),
          },
          {
            title: t('原因'),
            dataIndex: 'reasons',
            render: (rs: Decision['reasons'], d: Decision) => (
              <>
                {rs.map((r) => (
                  <div key={r.code}>{lang === 'en' ? r.en : r.zh}</div>
                ))}
                {/* Blended projects: how classroom and online hours counted (docs/online-learning.md). */}
                {d.attendance_note && (
                  <div style={{ color: '#666', fontSize: 12 }}>
                    {lang === 'en' ? d.attendance_note.en : d.attendance_note.zh}
                  </div>
                )}
              </>
            ),
          },
          ...(me?.role === 'province_admin'
            ? [
                {
                  title: t('证书'),
                  dataIndex: 'certificate_no',
                  render: (no: string, d: Decision) => (
                    <Space direction="vertical" size={2}>
                      <span>{no}</span>
                      {d.decision !== 'rejected' && (
                        <RevokeCertificateButton certificateNo={no} onDone={table.reload} />
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
