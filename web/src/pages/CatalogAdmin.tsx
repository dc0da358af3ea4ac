import {
  Alert,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  message,
} from 'antd';
import { useState } from 'react';
import type { ApiGet, Item, Schemas } from '../api.ts';
import { Code } from '../Code.tsx';
import { dateTime } from '../format.ts';
import { useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { useActorName } from './History.tsx';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';
import { WhyButton } from './WhyButton.tsx';

type Occupation = Schemas['CatalogOccupation'];
type Change = Item<ApiGet<'/api/catalog-changes'>>;
type Mapping = Item<ApiGet<'/api/credential-mappings'>>;

interface Draft {
  code: string;
  name: string;
  sector?: string;
  category?: 'A' | 'B' | 'C';
  hasLevels: boolean;
  specialAbilityYear: number | null;
}
const EMPTY: Draft = { code: '', name: '', hasLevels: true, specialAbilityYear: null };

/** Add an occupation, or edit the one picked in the table (its code stays). */
function OccupationForm({ editing, onDone }: { editing: Occupation | null; onDone: () => void }) {
  const t = useT();
  const { options } = useLabels();
  const [d, setD] = useState<Draft>(
    editing
      ? {
          code: editing.code,
          name: editing.name,
          sector: editing.sector,
          category: editing.category,
          hasLevels: editing.has_levels,
          specialAbilityYear: editing.special_ability_year,
        }
      : EMPTY,
  );
  const act = useAction(onDone);
  const missing = !d.code || !d.name || !d.sector || !d.category;
  const item = (title: string, child: React.ReactNode) => (
    <Form.Item label={t(title)} style={{ marginBottom: 0 }}>
      {child}
    </Form.Item>
  );
  return (
    <Card
      size="small"
      title={editing ? `${t('修改职业')} · ${editing.name}` : t('新增职业')}
      data-testid="occupation-form"
      style={{ marginBottom: 16 }}
    >
      <Space wrap align="end">
        {item(
          '职业代码',
          <Input
            aria-label={t('职业代码')}
            style={{ width: 150 }}
            placeholder="JS-0101"
            disabled={!!editing}
            value={d.code}
            onChange={(e) => setD({ ...d, code: e.target.value })}
          />,
        )}
        {item(
          '名称',
          <Input
            aria-label={t('名称')}
            style={{ width: 200 }}
            value={d.name}
            onChange={(e) => setD({ ...d, name: e.target.value })}
          />,
        )}
        {item(
          '领域',
          <Select
            aria-label={t('领域')}
            style={{ width: 160 }}
            value={d.sector}
            options={options('sector')}
            onChange={(sector) => setD({ ...d, sector })}
          />,
        )}
        {item(
          '类别',
          <Select
            aria-label={t('类别')}
            style={{ width: 200 }}
            value={d.category}
            options={options('occupationCategory')}
            onChange={(category) => setD({ ...d, category: category as Draft['category'] })}
          />,
        )}
        {item(
          '专项职业能力年度',
          <InputNumber
            aria-label={t('专项职业能力年度')}
            min={2020}
            max={2100}
            placeholder={t('非专项')}
            style={{ width: 120 }}
            value={d.specialAbilityYear}
            onChange={(y) => setD({ ...d, specialAbilityYear: y ?? null })}
          />,
        )}
        <Checkbox checked={d.hasLevels} onChange={(e) => setD({ ...d, hasLevels: e.target.checked })}>
          {t('分等级')}
        </Checkbox>
        <WhyButton
          type="primary"
          why={missing && t('请先填写代码、名称、领域和类别')}
          loading={act.busy}
          onClick={async () => {
            const body = {
              name: d.name,
              sector: d.sector,
              category: d.category,
              hasLevels: d.hasLevels,
              specialAbilityYear: d.specialAbilityYear,
            };
            const ok = editing
              ? await act.run(`/api/catalogs/occupations/${encodeURIComponent(d.code)}`, body, 'PATCH')
              : await act.run('/api/catalogs/occupations', { ...body, code: d.code.trim() });
            if (ok) message.success(t('职业目录已更新'));
          }}
        >
          {t('保存')}
        </WhyButton>
      </Space>
      <div style={{ fontSize: 12, color: '#888', marginTop: 8 }}>
        {t('专项职业能力填纳入评价资源的年度，计入当年新增评价资源（规划每年 40 个）。')}
        {t('代码格式：国家职业分类大典代码（如 6-18-02-04）或江苏补充代码（如 JS-0001）。')}
      </div>
      {act.error && <Alert type="error" style={{ marginTop: 12 }} message={act.error} />}
    </Card>
  );
}

/** The province edits a credential mapping (技能等级 ↔ 职称、学历). */
function MappingEdit({ m, onClose }: { m: Mapping; onClose: (saved: boolean) => void }) {
  const t = useT();
  const [v, setV] = useState({ titleLevel: m.title_level, education: m.education, note: m.note ?? '' });
  const act = useAction(() => onClose(true));
  return (
    <Modal
      open
      title={`${t('修改贯通对照')} · ${m.level_name}`}
      onCancel={() => onClose(false)}
      okText={t('保存')}
      confirmLoading={act.busy}
      onOk={() =>
        act.run(`/api/credential-mappings/${encodeURIComponent(m.level)}`, { ...v, note: v.note || null }, 'PUT')
      }
    >
      <Form layout="vertical">
        <Form.Item label={t('对应职称')}>
          <Input value={v.titleLevel} onChange={(e) => setV({ ...v, titleLevel: e.target.value })} />
        </Form.Item>
        <Form.Item label={t('对应学历')}>
          <Input value={v.education} onChange={(e) => setV({ ...v, education: e.target.value })} />
        </Form.Item>
        <Form.Item label={t('备注')}>
          <Input value={v.note} onChange={(e) => setV({ ...v, note: e.target.value })} />
        </Form.Item>
      </Form>
      {act.error && <Alert type="error" message={act.error} />}
    </Modal>
  );
}

/**
 * 目录管理 (province): the occupation catalog — add, edit, mark 专项职业能力 evaluation resources
 * against the plan's 40 a year — with every change's history, and the credential mappings.
 */
export function CatalogAdminPage() {
  const t = useT();
  const { label } = useLabels();
  const actorName = useActorName();
  const year = new Date().getFullYear();
  const occupations = useData<Occupation[]>('/api/catalogs/occupations');
  const changes = useData<Change[]>('/api/catalog-changes');
  const resources = useData<ApiGet<'/api/catalogs/evaluation-resources'>>(
    `/api/catalogs/evaluation-resources?year=${year}`,
  );
  const mappings = useData<Mapping[]>('/api/credential-mappings');
  const [editing, setEditing] = useState<Occupation | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [query, setQuery] = useState('');
  const shown = (occupations.data ?? []).filter((o) => !query || o.name.includes(query) || o.code.includes(query));
  const reload = () => {
    occupations.reload();
    changes.reload();
    resources.reload();
    setEditing(null);
  };
  const error = occupations.error ?? changes.error ?? mappings.error;
  const summary = (o: Record<string, unknown> | null) =>
    o ? `${o.name} · ${label('occupationCategory', String(o.category))} · ${label('sector', String(o.sector))}` : '—';
  return (
    <>
      {error && <Alert type="error" message={error} />}
      <Card size="small" style={{ marginBottom: 16 }} data-testid="evaluation-resources">
        <Space wrap size="large">
          <Statistic title={`${year}${t('年新增评价资源（专项职业能力）')}`} value={resources.data?.added ?? '—'} />
          <Statistic title={t('规划每年')} value={resources.data?.plan ?? 40} />
        </Space>
      </Card>
      <OccupationForm key={editing?.code ?? 'new'} editing={editing} onDone={reload} />
      <Input.Search
        allowClear
        aria-label={t('搜索名称或代码')}
        placeholder={t('搜索名称或代码')}
        style={{ maxWidth: 320, marginBottom: 8 }}
        value={query}
        onChange={(e) => setQuery(e.target.value.trim())}
      />
      <Table
        size="small"
        rowKey="code"
        data-testid="occupations-admin"
        dataSource={shown}
        loading={occupations.loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('名称'), dataIndex: 'name' },
          { title: t('领域'), dataIndex: 'sector', render: (s: string) => label('sector', s) },
          { title: t('类别'), dataIndex: 'category', render: (c: string) => label('occupationCategory', c) },
          {
            title: t('专项职业能力'),
            dataIndex: 'special_ability_year',
            render: (y: number | null) => (y ? <Tag color="blue">{`${y}${t('年纳入')}`}</Tag> : '—'),
          },
          { title: t('版本'), dataIndex: 'version' },
          { title: t('代码'), dataIndex: 'code', render: (c: string) => <Code>{c}</Code> },
          {
            title: '',
            render: (_: unknown, o: Occupation) => (
              <WhyButton why={null} type="link" size="small" onClick={() => setEditing(o)}>
                {t('编辑')}
              </WhyButton>
            ),
          },
        ]}
      />
      <Card size="small" title={t('变更记录')} style={{ marginTop: 16 }}>
        <Table
          size="small"
          rowKey={(c) => `${c.code}/${c.version}`}
          data-testid="catalog-changes"
          dataSource={changes.data ?? []}
          loading={changes.loading}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('时间'), dataIndex: 'changed_at', render: (d: string) => dateTime(d) },
            { title: t('操作'), dataIndex: 'action', render: (a: string) => t(a === 'add' ? '新增' : '修改') },
            { title: t('修改前'), dataIndex: 'before', render: summary },
            { title: t('修改后'), dataIndex: 'after', render: summary },
            { title: t('版本'), dataIndex: 'version' },
            { title: t('操作人'), dataIndex: 'changed_by', render: (a: string) => actorName(a) },
            { title: t('代码'), dataIndex: 'code', render: (c: string) => <Code>{c}</Code> },
          ]}
        />
      </Card>
      <Card size="small" title={t('技能等级与职称、学历贯通对照')} style={{ marginTop: 16 }}>
        <Table
          size="small"
          rowKey="level"
          data-testid="credential-mappings"
          dataSource={mappings.data ?? []}
          loading={mappings.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('技能等级'), dataIndex: 'level_name' },
            { title: t('对应职称'), dataIndex: 'title_level' },
            { title: t('对应学历'), dataIndex: 'education' },
            { title: t('备注'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
            {
              title: '',
              render: (_: unknown, m: Mapping) => (
                <WhyButton why={null} type="link" size="small" onClick={() => setMapping(m)}>
                  {t('编辑')}
                </WhyButton>
              ),
            },
          ]}
        />
      </Card>
      {mapping && (
        <MappingEdit
          m={mapping}
          onClose={(saved) => {
            setMapping(null);
            if (saved) mappings.reload();
          }}
        />
      )}
    </>
  );
}
