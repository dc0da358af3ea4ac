import { Alert, Button, Card, DatePicker, Input, Select, Space, Table, Tag, Upload } from 'antd';
import { WhyButton } from './WhyButton.tsx';
import { type ReactNode, useContext, useState } from 'react';
import type { Me } from '../api.ts';
import type { ApiGet, ApiPost, ApiPostBody, Item } from '../api/client.ts';
import { LangContext, useT } from '../i18n.ts';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';
import { Code } from '../Code.tsx';
import { date, num, yuan } from '../format.ts';
import { chinaToday, type Dictionary, useLabels } from '../labels.ts';
import { dayText, pickerDay } from '../china-time.ts';

type Entry = Item<ApiGet<'/api/directories/{name}'>['entries']>;

/** A directory entry's attributes as people call them (an uploaded CSV's own columns keep their header). */
const ATTR_NAMES: Record<string, string> = {
  type: '类型',
  listed_from: '入目录日期',
  sector: '领域',
  category: '类别',
  has_levels: '分等级',
  valid_from: '生效日期',
  valid_to: '截止日期',
  occupation_code: '职业代码',
  certificate: '证书',
  base_fen: '基准标准',
  benchmark_fen: '补贴标准',
  shortage: '紧缺职业',
  positions: '岗位数',
  supply: '供给',
  services: '服务内容',
  major: '专业',
  seats: '招生名额',
  school: '学校',
};
/** Attributes whose values are codes of a dictionary. */
const ATTR_CODES: Record<string, Dictionary> = {
  type: 'institutionType',
  sector: 'sector',
  category: 'occupationCategory',
};

/** One attribute in words: names for codes, ¥ for fen, dates, 是/否, separators. */
function useAttr() {
  const t = useT();
  const { label } = useLabels();
  return (k: string, v: unknown) => {
    const name = ATTR_NAMES[k] ? t(ATTR_NAMES[k]) : k;
    let value: ReactNode;
    if (v === null || v === undefined || v === '') value = k === 'valid_to' ? t('长期') : '—';
    else if (ATTR_CODES[k]) value = label(ATTR_CODES[k], String(v));
    else if (k === 'certificate') value = label(/^L/.test(String(v)) ? 'level' : 'certificateKind', String(v));
    else if (k === 'occupation_code') value = <Code>{String(v)}</Code>;
    else if (k.endsWith('_fen') && typeof v === 'number') value = yuan(v);
    else if (typeof v === 'boolean') value = t(v ? '是' : '否');
    else if (typeof v === 'number') value = num(v, 2);
    else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) value = date(v);
    else value = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return (
      <Tag key={k}>
        {name}：{value}
      </Tag>
    );
  };
}
type Publish = ApiPostBody<'/api/directories/{name}/publish'>;

/** A CSV (code,name,city_code, then any columns) into directory entries; the server checks each row. */
function parseCsv(text: string): NonNullable<Publish['entries']> {
  const [head, ...lines] = text
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim());
  const cols = head.split(',').map((c) => c.trim());
  return lines.map((l) => {
    const v = l.split(',');
    const row = Object.fromEntries(cols.map((c, i) => [c, (v[i] ?? '').trim()]));
    const { code, name, city_code, ...attrs } = row;
    return { code, name, cityCode: city_code || null, attrs };
  });
}

/** The province publishes every directory; a department the ones its department owns (the server decides too). */
const mayPublish = (me: Me | null, name: string) =>
  me?.role === 'province_admin' || (me?.role === 'department_officer' && me.directories.includes(name));

/**
 * 目录发布: the plan's published directories, searchable by anyone; the province publishes versions,
 * a department those it owns.
 */
export function DirectoriesPage({ me }: { me: Me | null }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { label } = useLabels();
  const attr = useAttr();
  const list = useData<ApiGet<'/api/directories'>>('/api/directories');
  const [name, setName] = useState('training_institutions');
  const [q, setQ] = useState('');
  const [version, setVersion] = useState<number | null>(null);
  const [effectiveFrom, setEffectiveFrom] = useState(chinaToday());
  const [csv, setCsv] = useState<string | null>(null);
  const params = new URLSearchParams({
    limit: '200',
    ...(q ? { q } : {}),
    ...(version ? { version: String(version) } : {}),
  });
  const page = useData<ApiGet<'/api/directories/{name}'>>(`/api/directories/${name}?${params}`);
  const dir = list.data?.find((d) => d.name === name);
  const publish = useAction(() => {
    page.reload();
    list.reload();
  });
  return (
    <>
      {list.error && <Alert type="error" message={list.error} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          value={name}
          style={{ width: 340 }}
          onChange={(v) => {
            setName(v);
            setVersion(null);
          }}
          data-testid="directory-select"
          aria-label="directory"
          // Until the list is in, the chosen directory reads by its name from the dictionary, never its code.
          options={
            list.data
              ? list.data.map((d) => ({ value: d.name, label: lang === 'en' ? d.en : d.zh }))
              : [{ value: name, label: label('directory', name) }]
          }
        />
        <Input.Search
          placeholder={t('按编码或名称检索')}
          allowClear
          onSearch={setQ}
          style={{ width: 240 }}
          data-testid="directory-search"
        />
        <Select
          value={version ?? page.data?.version?.version}
          style={{ width: 220 }}
          onChange={setVersion}
          aria-label="version"
          options={(page.data?.versions ?? []).map((v) => ({
            value: v.version,
            label: `${t('第')}${v.version}${t('版')} · ${v.effective_from} ${t('起施行')}`,
          }))}
        />
      </Space>
      {page.data?.version && (
        <div style={{ marginBottom: 8 }} data-testid="directory-version">
          <Tag color="blue">
            {t('第')}
            {page.data.version.version}
            {t('版')}
          </Tag>
          {page.data.version.effective_from} {t('起施行')} · {t('共')} {num(page.data.total)} {t('条')}
          {page.data.version.note && <span style={{ color: '#888' }}> · {page.data.version.note}</span>}
        </div>
      )}
      {page.error && <Alert type="error" message={page.error} />}
      <Table
        size="small"
        rowKey="code"
        dataSource={page.data?.entries ?? []}
        data-testid="directory-table"
        pagination={{ pageSize: 50 }}
        columns={[
          { title: t('名称'), dataIndex: 'name' },
          { title: t('城市'), dataIndex: 'city_name', render: (c: string | null) => c ?? '—' },
          {
            title: t('说明'),
            dataIndex: 'attrs',
            render: (a: Entry['attrs']) => Object.entries(a ?? {}).map(([k, v]) => attr(k, v)),
          },
          { title: t('编码'), dataIndex: 'code', render: (c: string) => <Code>{c}</Code> },
        ]}
      />
      {dir && mayPublish(me, dir.name) && (
        <Card size="small" title={t('发布新版本')} style={{ marginTop: 16 }} data-testid="publish-card">
          <Space wrap>
            {t('施行日期')}{' '}
            <DatePicker
              value={pickerDay(effectiveFrom)}
              onChange={(d) => d && setEffectiveFrom(dayText(d))}
              allowClear={false}
              style={{ width: 140 }}
              aria-label={t('施行日期')}
            />
            {dir.source === 'upload' && (
              <Upload
                accept=".csv"
                maxCount={1}
                beforeUpload={(f) => {
                  f.text().then(setCsv);
                  return false;
                }}
              >
                <Button>{t('选择 CSV（code,name,city_code,…）')}</Button>
              </Upload>
            )}
            <WhyButton
              type="primary"
              why={dir.source === 'upload' && !csv && t('请先选择要发布的 CSV 文件')}
              onClick={() =>
                publish.run<ApiPost<'/api/directories/{name}/publish'>>(`/api/directories/${name}/publish`, {
                  effectiveFrom,
                  ...(dir.source === 'upload' ? { entries: parseCsv(csv!) } : {}),
                } satisfies Publish)
              }
            >
              {t(dir.source === 'derived' ? '按当前数据发布' : '发布上传的目录')}
            </WhyButton>
          </Space>
          {publish.error && <Alert type="error" message={publish.error} style={{ marginTop: 12 }} />}
        </Card>
      )}
    </>
  );
}
