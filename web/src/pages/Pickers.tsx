import { Alert, Button, Form, Input, Modal, Select, Space, Tag, Typography, type SelectProps } from 'antd';
import * as echarts from 'echarts';
import jiangsu from 'china-geojson/src/geojson/jiang_su_geo.json';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ApiGet, ApiPost, ApiPostBody, Schemas } from '../api/client.ts';
import { api } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useLocate } from '../use-locate.ts';
import { useLabels } from '../labels.ts';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

/**
 * The form pickers: select boxes that show names first (a code, if any, in grey beside it), the
 * occupation picker, a training site picked from the institution's registered sites (with a map to
 * add one: coordinates from a click, never typed), and persons found by a scoped search.
 */

/** Grey secondary text beside a name in an option (a code, an address, a masked ID). */
export const Secondary = ({ children }: { children: ReactNode }) => (
  <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
    {children}
  </Typography.Text>
);

export interface NamedOption {
  value: string | number;
  /** What the box shows and the search matches: the name. */
  label: string;
  /** Shown grey after the name in the list (and matched by search): a code, an address. */
  hint?: string;
}

/** Props of a searchable select listing names first, with their codes grey and searchable too. */
export const nameFirst: Pick<SelectProps<unknown, NamedOption>, 'optionRender' | 'showSearch'> = {
  optionRender: (o) => (
    <span>
      {o.data.label}
      {o.data.hint && <Secondary>{o.data.hint}</Secondary>}
    </span>
  ),
  showSearch: { optionFilterProp: ['label', 'hint'] },
};

type Occupation = Schemas['CatalogOccupation'];

/** 职业: by name (`电工`), its code grey beside it in the list; typing either finds it. */
export function OccupationSelect(props: SelectProps<string, NamedOption>) {
  const t = useT();
  const occupations = useData<Occupation[]>('/api/catalogs/occupations');
  return (
    <Select<string, NamedOption>
      {...nameFirst}
      placeholder={t('输入职业名称')}
      options={(occupations.data ?? []).map((o) => ({ value: o.code, label: o.name, hint: o.code }))}
      {...props}
    />
  );
}

// ---------------------------------------------------------------------------------------------
// 培训场所: registered sites and the map to add one

export interface LonLat {
  lon: number;
  lat: number;
}

if (!echarts.getMap('jiangsu')) echarts.registerMap('jiangsu', jiangsu as never);

/** Each city's centre on the board's map (its geojson), to open the map where the institution is. */
const CITY_CENTRES = new Map(
  (jiangsu.features as { properties: { name: string; cp: [number, number] } }[]).map((f) => [
    f.properties.name,
    f.properties.cp,
  ]),
);

/** 北纬 32.0512°，东经 118.7801° */
export const lonLatText = (p: LonLat, t: (s: string) => string) =>
  `${t('北纬')} ${p.lat.toFixed(4)}°，${t('东经')} ${p.lon.toFixed(4)}°`;

/**
 * The board's Jiangsu map (same geojson and projection) as a picker: a click places the pin and
 * gives its longitude and latitude; the wheel or the buttons zoom in to place it more closely.
 * Other sites are shown as grey dots to aim by.
 */
export function MapPicker({
  value,
  onChange,
  others = [],
  city,
  height = 340,
  readOnly = false,
}: {
  value?: LonLat | null;
  onChange?: (p: LonLat) => void;
  others?: LonLat[];
  /** A map to look at (便民服务圈: the points and where you are), without the picker's caption. */
  readOnly?: boolean;
  /** The city to open on (its name, as on the map), else the whole province or the sites around. */
  city?: string | null;
  height?: number;
}) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const onPick = useRef(onChange);
  onPick.current = onChange;
  const around =
    value ??
    (others.length
      ? {
          lon: others.reduce((s, o) => s + o.lon, 0) / others.length,
          lat: others.reduce((s, o) => s + o.lat, 0) / others.length,
        }
      : null);
  const start = around ? [around.lon, around.lat] : city ? CITY_CENTRES.get(city) : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the map is made once; later changes go through setOption
  useEffect(() => {
    const c = echarts.init(ref.current!);
    chart.current = c;
    (window as unknown as { __jnSiteMap?: echarts.ECharts }).__jnSiteMap = c; // for browser tests
    c.setOption({
      geo: {
        map: 'jiangsu',
        roam: true,
        scaleLimit: { min: 1, max: 400 },
        center: start,
        zoom: start ? 4 : 1,
        label: { show: true, fontSize: 11, color: '#888' },
        itemStyle: { areaColor: '#f4f7fb', borderColor: '#8aa4c8' },
        emphasis: { disabled: true },
        select: { disabled: true },
      },
    });
    // A click (not the end of a drag) places the pin.
    let down: [number, number] | null = null;
    const zr = c.getZr();
    zr.on('mousedown', (e) => {
      down = [e.offsetX, e.offsetY];
    });
    zr.on('click', (e) => {
      if (down && Math.hypot(e.offsetX - down[0], e.offsetY - down[1]) > 4) return;
      const p = c.convertFromPixel({ geoIndex: 0 }, [e.offsetX, e.offsetY]) as number[] | undefined;
      if (p && Number.isFinite(p[0]) && Number.isFinite(p[1])) onPick.current?.({ lon: p[0], lat: p[1] });
    });
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({
      series: [
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          symbolSize: 7,
          itemStyle: { color: '#999' },
          silent: true,
          data: others.map((o) => [o.lon, o.lat]),
        },
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          symbol: 'pin',
          symbolSize: 34,
          symbolOffset: [0, '-40%'],
          itemStyle: { color: '#d4380d' },
          silent: true,
          data: value ? [[value.lon, value.lat]] : [],
        },
      ],
    });
  }, [value, others]);
  const zoom = (by: number) => {
    const c = chart.current;
    if (!c) return;
    const geo = (c.getOption() as { geo: { zoom: number }[] }).geo[0];
    c.setOption({
      geo: { zoom: Math.min(400, Math.max(1, geo.zoom * by)), ...(value ? { center: [value.lon, value.lat] } : {}) },
    });
  };
  return (
    <div>
      <div style={{ position: 'relative', border: '1px solid #d9d9d9', borderRadius: 6 }}>
        <div ref={ref} style={{ width: '100%', height }} data-testid="site-map" />
        <Space.Compact direction="vertical" style={{ position: 'absolute', right: 8, top: 8 }}>
          <Button size="small" onClick={() => zoom(2)} aria-label={t('放大')}>
            +
          </Button>
          <Button size="small" onClick={() => zoom(0.5)} aria-label={t('缩小')}>
            −
          </Button>
        </Space.Compact>
      </div>
      {!readOnly && (
        <div style={{ marginTop: 6, color: value ? undefined : '#888' }} data-testid="site-picked">
          {value
            ? `${t('已选位置')}：${lonLatText(value, t)}`
            : t('在地图上点击场所所在位置；滚轮或右上角按钮可放大后细调。')}
        </div>
      )}
    </div>
  );
}

type Site = Schemas['Site'];
type NewSite = ApiPostBody<'/api/sites'>;

/** 添加场所: a name, an address, and the place clicked on the map (or the device's own position, on site). */
function AddSiteDialog({
  open,
  institution,
  city,
  sites,
  onClose,
  onAdded,
}: {
  open: boolean;
  institution?: string;
  city?: string | null;
  sites: Site[];
  onClose: () => void;
  onAdded: (s: Site) => void;
}) {
  const t = useT();
  const [form] = Form.useForm();
  const { run, error, busy, clear } = useAction();
  const { status: locating, locate } = useLocate(t('无法取得当前位置，请在地图上点选'), true);
  const save = async (v: { name: string; address?: string; at: LonLat }) => {
    const site = await run<ApiPost<'/api/sites'>>('/api/sites', {
      ...(institution ? { institutionCode: institution } : {}),
      name: v.name,
      address: v.address || null,
      lat: v.at.lat,
      lon: v.at.lon,
    } satisfies NewSite);
    if (site) {
      form.resetFields();
      onAdded(site);
    }
  };
  const here = () => {
    locate((at) => form.setFieldValue('at', at));
  };
  return (
    <Modal
      open={open}
      title={t('添加培训场所')}
      onCancel={() => {
        clear();
        onClose();
      }}
      onOk={() => form.submit()}
      okText={t('保存场所')}
      cancelText={t('取消')}
      confirmLoading={busy}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={save} data-testid="site-form">
        <Form.Item name="name" label={t('场所名称')} rules={[{ required: true, message: t('请填写场所名称') }]}>
          <Input maxLength={100} placeholder={t('如：实训楼A201')} />
        </Form.Item>
        <Form.Item name="address" label={t('地址')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="at"
          label={
            <Space>
              {t('位置')}
              <Button size="small" type="link" onClick={here}>
                {t('在场所现场？使用当前位置')}
              </Button>
              {locating && <span style={{ color: '#888' }}>{locating}</span>}
            </Space>
          }
          rules={[{ required: true, message: t('请在地图上点选场所位置') }]}
        >
          <MapPicker others={sites.map((s) => ({ lon: s.lon, lat: s.lat }))} city={city} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" message={error} data-testid="site-error" />}
    </Modal>
  );
}

/**
 * 培训地点: one of the institution's registered sites, by name (address grey); 添加场所 opens the
 * map dialog and selects the new site.
 */
export function SiteSelect({
  id,
  institution,
  city,
  value,
  onChange,
  style,
}: {
  /** The form item's id, so that its label names the box. */
  id?: string;
  /** The institution whose sites are listed; institution staff leave it out (their own). */
  institution?: string;
  /** The institution's city name, to open the map there. */
  city?: string | null;
  value?: number;
  onChange?: (id: number) => void;
  style?: React.CSSProperties;
}) {
  const t = useT();
  const sites = useData<ApiGet<'/api/sites'>>(`/api/sites${institution ? `?institution=${institution}` : ''}`);
  const [adding, setAdding] = useState(false);
  return (
    <>
      <Space.Compact style={style}>
        <Select<number, NamedOption>
          {...nameFirst}
          id={id}
          style={{ width: '100%', minWidth: 180 }}
          value={value}
          onChange={onChange}
          placeholder={t('选择已登记的场所')}
          notFoundContent={t('尚无登记的场所，请添加')}
          options={(sites.data ?? []).map((s) => ({ value: s.id, label: s.name, hint: s.address ?? undefined }))}
          data-testid="site-select"
        />
        <Button onClick={() => setAdding(true)} data-testid="add-site">
          {t('添加场所')}
        </Button>
      </Space.Compact>
      {sites.error && <div style={{ color: '#cf1322' }}>{sites.error}</div>}
      <AddSiteDialog
        open={adding}
        institution={institution}
        city={city}
        sites={sites.data ?? []}
        onClose={() => setAdding(false)}
        onAdded={(s) => {
          setAdding(false);
          sites.reload();
          onChange?.(s.id);
        }}
      />
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// 选人: persons by a scoped search

export type PersonMatch = Schemas['PersonMatch'];

/**
 * A person by name or a piece of the masked ID, searched on the server within the caller's scope
 * (an institution: the persons in its projects; a city: its residents). Shows the masked ID, the
 * city and the target groups; someone already in the project, or in no target group, is marked.
 */
export function PersonSearch({
  project,
  value,
  onChange,
  style,
}: {
  project?: string;
  value?: PersonMatch | null;
  onChange?: (p: PersonMatch | null) => void;
  style?: React.CSSProperties;
}) {
  const t = useT();
  const { label } = useLabels();
  const [found, setFound] = useState<PersonMatch[]>([]);
  const [searching, setSearching] = useState(false);
  const [typed, setTyped] = useState(false);
  const latest = useRef('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const search = (q: string) => {
    latest.current = q;
    setTyped(!!q.trim());
    clearTimeout(timer.current);
    if (!q.trim()) return setFound([]);
    timer.current = setTimeout(async () => {
      setSearching(true);
      try {
        const params = new URLSearchParams({ q: q.trim(), ...(project ? { project } : {}) });
        const rows = await api<PersonMatch[]>(`/api/persons/search?${params}`);
        if (latest.current === q) setFound(rows);
      } catch {
        setFound([]);
      } finally {
        setSearching(false);
      }
    }, 250);
  };
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      style={style}
      value={value === undefined ? undefined : (value?.personKey ?? null)}
      loading={searching}
      popupMatchSelectWidth={420}
      placeholder={t('输入姓名或身份证号后四位')}
      notFoundContent={
        searching ? t('查找中…') : typed ? t('范围内无此人；可改为粘贴身份证号') : t('输入姓名或身份证号后四位')
      }
      onChange={(key) => onChange?.(found.find((p) => p.personKey === key) ?? null)}
      options={found.map((p) => ({ value: p.personKey, label: p.name, disabled: p.inProject === true, person: p }))}
      optionRender={(o) => {
        const p = (o.data as { person: PersonMatch }).person;
        return (
          <span>
            {p.name}
            <Secondary>
              {p.idMasked}
              {p.cityName ? ` · ${p.cityName}` : ''}
            </Secondary>{' '}
            {p.inProject ? (
              <Tag>{t('已在本班')}</Tag>
            ) : p.groups.length === 0 ? (
              <Tag color="orange">{t('不属于重点群体')}</Tag>
            ) : (
              p.groups.map((g) => <Tag key={g}>{label('group', g)}</Tag>)
            )}
          </span>
        );
      }}
      data-testid="person-search"
      aria-label={t('查找学员')}
    />
  );
}

// ---------------------------------------------------------------------------------------------
// Records found on the server: the dispatch form's 点单 and 用工订单

/**
 * A multiple select over a server list (`{ items, total }` pages): it opens on the first matches of
 * `query` (the form's occupation, say) and, as one types, asks the server (`q`: names, masked ID,
 * numbers), so a city with thousands of open requests never loads them all. Chosen records keep
 * their names even when a later search no longer lists them.
 */
export function ServerMultiSelect<Row>({
  path,
  query,
  rowKey,
  toOption,
  value,
  onChange,
  placeholder,
  ...rest
}: {
  path: string;
  /** Fixed filters, e.g. `status=open&occupation=…`. */
  query: string;
  rowKey: (r: Row) => string;
  toOption: (r: Row) => NamedOption;
  value?: string[];
  onChange?: (v: string[]) => void;
  placeholder?: string;
  'data-testid'?: string;
}) {
  const t = useT();
  const first = useData<{ items: Row[]; total: number }>(`${path}?${query}&limit=50`);
  const [found, setFound] = useState<Row[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [known, setKnown] = useState<Map<string, NamedOption>>(new Map());
  const latest = useRef('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const remember = (rows: Row[]) =>
    setKnown((k) => {
      const next = new Map(k);
      for (const r of rows) next.set(rowKey(r), toOption(r));
      return next;
    });
  // biome-ignore lint/correctness/useExhaustiveDependencies: remember the first page's names once it arrives
  useEffect(() => {
    if (first.data) remember(first.data.items);
  }, [first.data]);
  // A record chosen before (a 点单 the form started from) that the first page does not list: find it by its number.
  // biome-ignore lint/correctness/useExhaustiveDependencies: look up once the first page is in
  useEffect(() => {
    if (!first.data) return;
    for (const id of value ?? [])
      if (!known.has(id) && !first.data.items.some((r) => rowKey(r) === id))
        api<{ items: Row[] }>(`${path}?q=${encodeURIComponent(id)}&limit=1`)
          .then((p) => remember(p.items))
          .catch(() => undefined);
  }, [first.data]);
  const search = (q: string) => {
    latest.current = q;
    clearTimeout(timer.current);
    if (!q.trim()) return setFound(null);
    timer.current = setTimeout(async () => {
      setSearching(true);
      try {
        const page = await api<{ items: Row[] }>(`${path}?${query}&q=${encodeURIComponent(q.trim())}&limit=50`);
        if (latest.current === q) {
          setFound(page.items);
          remember(page.items);
        }
      } catch {
        setFound([]);
      } finally {
        setSearching(false);
      }
    }, 250);
  };
  const rows = found ?? first.data?.items ?? [];
  const listed = rows.map(toOption);
  const chosen = (value ?? [])
    .filter((id) => !listed.some((o) => o.value === id))
    .map((id) => known.get(id) ?? { value: id, label: id });
  return (
    <Select<string[], NamedOption>
      mode="multiple"
      {...nameFirst}
      showSearch={{ optionFilterProp: ['label', 'hint'], onSearch: search }}
      loading={first.loading || searching}
      placeholder={placeholder}
      notFoundContent={searching ? t('查找中…') : t('无匹配记录')}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={[...listed, ...chosen]}
      {...rest}
    />
  );
}

// ---------------------------------------------------------------------------------------------
// N 目标承担单位: a holder liaison's holder, by name

/**
 * 目标承担单位: an "N" holder by name, its kind and sector grey beside it (both searchable), for
 * the account form of a holder liaison. The id never shows.
 */
export function HolderSelect(props: SelectProps<string, NamedOption>) {
  const t = useT();
  const { label } = useLabels();
  const holders = useData<ApiGet<'/api/holders'>>('/api/holders');
  return (
    <Select<string, NamedOption>
      {...nameFirst}
      placeholder={t('输入单位名称')}
      loading={holders.loading}
      notFoundContent={t('无匹配的目标承担单位')}
      options={(holders.data ?? []).map((h) => ({
        value: h.id,
        label: h.name,
        hint: `${label('holderKind', h.kind)} · ${label('sector', h.sector)}`,
      }))}
      data-testid="holder-select"
      {...props}
    />
  );
}
