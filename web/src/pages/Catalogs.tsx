import { Alert, Table, Tabs } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useContext, useState } from 'react';
import type { ApiGet, Schemas } from '../api/client.ts';
import { Code } from '../Code.tsx';
import { date, dateTime } from '../format.ts';
import { LangContext, useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
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
type Tab = (typeof TABS)[number][0];

type Named = { code: string; name: string; name_en: string };
type Row = Record<string, unknown>;

/** Public reference catalogs (公开目录): readable without signing in; names first, each code beside in grey. */
export function CatalogsPage() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { label } = useLabels();
  const [tab, setTab] = useState<Tab>('cities');
  const { data, error, loading } = useData<ApiGet<'/api/catalogs/{name}'>>(`/api/catalogs/${tab}`);
  // The previous tab's rows are not this tab's: show none until this tab's answer is in.
  const rows = (loading ? [] : (data ?? [])) as Row[];

  const yes = (v: unknown) => t(v ? '是' : '否');
  const nameOf = (r: Named) => (lang === 'en' ? r.name_en : r.name);
  const code = { title: t('代码'), dataIndex: 'code', render: (c: string) => <Code>{c}</Code> };
  const columns: Record<Tab, ColumnsType<Row>> = {
    cities: [{ title: t('名称'), render: (_, r) => nameOf(r as Named) }, code],
    sectors: [
      { title: t('名称'), render: (_, r) => nameOf(r as Named) },
      { title: t('重点任务'), dataIndex: 'key_task', render: (k: number) => label('keyTask', k) },
      code,
    ],
    groups: [
      { title: t('名称'), render: (_, r) => nameOf(r as Named) },
      { title: t('重点任务'), dataIndex: 'key_task', render: (k: number) => label('keyTask', k) },
      code,
    ],
    key_tasks: [
      { title: t('序号'), dataIndex: 'no', width: 64 },
      { title: t('重点任务'), dataIndex: 'title' },
      {
        title: t('对象'),
        render: (_, r) => {
          const k = r as Schemas['CatalogKeyTask'];
          return `${label('dimension', k.dimension)} · ${label(k.dimension === 'sector' ? 'sector' : 'group', k.target)}`;
        },
      },
      {
        title: t('责任单位'),
        dataIndex: 'responsible_units',
        render: (u: string[] | null) => (u ?? []).join('、'),
      },
    ],
    levels: [
      { title: t('名称'), render: (_, r) => nameOf(r as Named) },
      { title: t('高技能人才'), dataIndex: 'high_skill', render: yes },
      code,
    ],
    occupations: [
      { title: t('名称'), dataIndex: 'name' },
      { title: t('领域'), dataIndex: 'sector', render: (s: string | null) => (s ? label('sector', s) : '—') },
      { title: t('类别'), dataIndex: 'category', render: (c: string) => label('occupationCategory', c) },
      { title: t('分等级'), dataIndex: 'has_levels', render: yes },
      { title: t('代码来源'), dataIndex: 'code_source', render: (s: string) => label('codeSource', s) },
      { title: t('版本'), dataIndex: 'version' },
      { title: t('更新时间'), dataIndex: 'updated_at', render: (d: string) => dateTime(d) },
      code,
    ],
    shortage: [
      { title: t('职业'), dataIndex: 'name' },
      { title: t('生效日期'), dataIndex: 'valid_from', render: (d: string) => date(d) },
      { title: t('截止日期'), dataIndex: 'valid_to', render: (d: string | null) => (d ? date(d) : t('长期')) },
      { title: t('代码'), dataIndex: 'occupation_code', render: (c: string) => <Code>{c}</Code> },
    ],
  };
  return (
    <>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as Tab)}
        items={TABS.map(([k, l]) => ({ key: k, label: t(l) }))}
      />
      {error && <Alert type="error" message={error} />}
      <Table
        size="small"
        rowKey={(r) => `${r.code ?? r.no ?? r.occupation_code}/${r.valid_from ?? ''}`}
        dataSource={rows}
        loading={loading}
        columns={columns[tab]}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
      />
    </>
  );
}
