import { Alert, Button, Card, Empty, Form, Input, Modal, Pagination, Select, Skeleton, Tag } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { useMemo, useState, type CSSProperties } from 'react';
import type { ApiGet, ApiPost, ApiPostBody } from '../api/client.ts';
import type { Me } from '../api.ts';
import { useT } from '../i18n.ts';
import { useLocate } from '../use-locate.ts';
import { useLabels } from '../labels.ts';
import { usePhone } from './CardTable.tsx';
import { MapPicker, OccupationSelect, type LonLat } from './Pickers.tsx';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

type Page = ApiGet<'/api/service-points'>;
type Point = Page['items'][number];

const PAGE_SIZE = 20;
const MUTED: CSSProperties = { color: 'rgba(0,0,0,0.55)' };
const LINE: CSSProperties = { margin: '4px 0', overflowWrap: 'anywhere' };

interface Filters {
  city?: string;
  occupation?: string;
  q?: string;
}

/**
 * 便民服务圈: where to go for training — the training directory's institutions' registered sites,
 * the places their classes met and the cities' 零工驿站, by city and district (search 玄武区),
 * occupation, or nearest to the phone; on the province map too. Public: no person, no teacher.
 * City and province officials register their 零工驿站 here.
 */
export function ServicePointsPage({ me }: { me: Me | null }) {
  const t = useT();
  const [adding, setAdding] = useState(false);
  const mayAdd = me?.role === 'province_admin' || me?.role === 'city_officer';
  const { options } = useLabels();
  const phone = usePhone();
  const [filters, setFilters] = useState<Filters>({});
  const [where, setWhere] = useState<{ lat: number; lon: number } | null>(null);
  const { status: locating, locate: locateOnce } = useLocate(t('无法取得当前位置，请按城市筛选'));
  const [page, setPage] = useState(1);
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) query.set(k, v);
  if (where) {
    query.set('lat', where.lat.toFixed(5));
    query.set('lon', where.lon.toFixed(5));
  }
  query.set('limit', String(PAGE_SIZE));
  query.set('offset', String((page - 1) * PAGE_SIZE));
  const list = useData<Page>(`/api/service-points?${query}`);
  const points = list.data?.items ?? [];
  const dots = useMemo(() => points.map((p) => ({ lat: p.lat, lon: p.lon })), [points]);
  const set = (patch: Filters) => {
    setFilters({ ...filters, ...patch });
    setPage(1);
  };
  const locate = () => {
    if (where) return setWhere(null);
    locateOnce((at) => {
      setWhere(at);
      setPage(1);
    });
  };
  const chip: CSSProperties = { minHeight: 40, borderRadius: 20 };
  return (
    <div data-testid="service-points" style={{ maxWidth: 1080 }}>
      <p style={{ ...MUTED, marginTop: 0 }}>
        {t('培训机构目录内机构的培训场所、开班地点和各市零工驿站，可按城市、区县、职业查找或离我最近排序。')}
      </p>
      {mayAdd && (
        <Button style={{ marginBottom: 12 }} onClick={() => setAdding(true)} data-testid="station-add">
          {t('登记零工驿站')}
        </Button>
      )}
      {adding && me && (
        <GigStationForm
          me={me}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            list.reload();
          }}
        />
      )}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <Button
          type={where ? 'primary' : 'default'}
          icon={<EnvironmentOutlined />}
          style={chip}
          onClick={locate}
          data-testid="points-near"
        >
          {where ? t('离我最近 ✓') : t('离我最近')}
        </Button>
        <Select
          allowClear
          placeholder={t('城市')}
          value={filters.city}
          onChange={(v) => set({ city: v })}
          options={options('city')}
          style={{ minWidth: 120, flex: phone ? '1 1 40%' : undefined }}
          data-testid="points-city"
        />
        <OccupationSelect
          allowClear
          value={filters.occupation}
          onChange={(v) => set({ occupation: v })}
          style={{ minWidth: 160, flex: phone ? '1 1 100%' : undefined }}
          data-testid="points-occupation"
        />
        <Input.Search
          allowClear
          placeholder={t('区县、场所或机构名称')}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          style={{ width: phone ? '100%' : 260 }}
          data-testid="points-search"
        />
      </div>
      {locating && <Alert type="info" message={locating} style={{ marginBottom: 12 }} />}
      {list.error && <Alert type="error" message={list.error} style={{ marginBottom: 12 }} />}
      {points.length > 0 && (
        <div style={{ marginBottom: 12 }}>
          <MapPicker readOnly others={dots} value={where} height={phone ? 240 : 320} />
        </div>
      )}
      {!list.data ? (
        <Skeleton active />
      ) : points.length === 0 ? (
        <Empty description={t('没有符合条件的服务点')} />
      ) : (
        <>
          <div style={{ ...MUTED, marginBottom: 8 }} data-testid="points-total">
            {t('共')} {list.data.total} {t('个服务点')}
          </div>
          <div
            style={{ display: 'grid', gridTemplateColumns: phone ? '1fr' : 'repeat(2, 1fr)', gap: 12 }}
            data-testid="points-list"
          >
            {points.map((p) => (
              <PointCard key={`${p.kind}/${p.institutionCode ?? p.cityCode}/${p.name}`} p={p} />
            ))}
          </div>
          <Pagination
            simple
            style={{ marginTop: 16, textAlign: 'center' }}
            current={page}
            pageSize={PAGE_SIZE}
            total={list.data.total}
            onChange={setPage}
          />
        </>
      )}
    </div>
  );
}

function PointCard({ p }: { p: Point }) {
  const t = useT();
  return (
    <Card size="small" data-testid="point-card">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <b style={{ overflowWrap: 'anywhere' }}>{p.name}</b>
        {p.km !== null && <span data-testid="point-km">{p.km} km</span>}
      </div>
      <div style={LINE}>{p.kind === 'gig_station' ? <Tag color="green">{t('零工驿站')}</Tag> : p.institutionName}</div>
      <div style={{ ...LINE, ...MUTED }}>
        {[p.cityName, p.district].filter(Boolean).join(' · ')}
        {p.address ? ` · ${p.address}` : ''}
        {p.kind === 'class_site' ? ` · ${t('开班地点')}` : ''}
      </div>
      <div style={LINE}>
        {p.occupations.slice(0, 6).map((o) => (
          <Tag key={o.code}>{o.name}</Tag>
        ))}
        {p.occupations.length > 6 && <span style={MUTED}>+{p.occupations.length - 6}</span>}
      </div>
    </Card>
  );
}

type NewStation = ApiPostBody<'/api/gig-stations'>;

/** 登记零工驿站: a name, where it is (picked on the map), what it offers; a city officer's own city. */
function GigStationForm({ me, onClose, onAdded }: { me: Me; onClose: () => void; onAdded: () => void }) {
  const t = useT();
  const { options, label } = useLabels();
  const [form] = Form.useForm();
  const { run, error, busy } = useAction();
  const city = Form.useWatch('cityCode', form) ?? me.cityCode;
  const save = async (v: { cityCode?: string; name: string; address?: string; at: LonLat; occupations?: string[] }) => {
    const body: NewStation = {
      ...(me.cityCode ? {} : { cityCode: v.cityCode }),
      name: v.name,
      address: v.address || null,
      lat: v.at.lat,
      lon: v.at.lon,
      occupations: v.occupations ?? [],
    };
    if (await run<ApiPost<'/api/gig-stations'>>('/api/gig-stations', body)) onAdded();
  };
  return (
    <Modal
      open
      title={t('登记零工驿站')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('保存')}
      cancelText={t('取消')}
      confirmLoading={busy}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={save} data-testid="station-form">
        {!me.cityCode && (
          <Form.Item name="cityCode" label={t('城市')} rules={[{ required: true, message: t('请选择城市') }]}>
            <Select options={options('city')} />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('驿站名称')} rules={[{ required: true, message: t('请填写驿站名称') }]}>
          <Input maxLength={100} placeholder={t('如：玄武区红山街道零工驿站')} />
        </Form.Item>
        <Form.Item name="address" label={t('地址')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="occupations" label={t('可提供培训或岗位的职业')}>
          <OccupationSelect mode="multiple" />
        </Form.Item>
        <Form.Item
          name="at"
          label={t('位置（在地图上点选）')}
          rules={[{ required: true, message: t('请在地图上点选位置') }]}
        >
          <MapPicker city={city ? label('city', city) : null} height={300} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" message={error} />}
    </Modal>
  );
}
