import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Input,
  Modal,
  Pagination,
  Rate,
  Select,
  Skeleton,
  Space,
  Tag,
} from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { useContext, useMemo, useState, type CSSProperties } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { Me } from '../api.ts';
import type { ApiGet, ApiPost, ApiPostBody } from '../api/client.ts';
import { dateTime, num, pct, yuan } from '../format.ts';
import { LangContext, useT } from '../i18n.ts';
import { useLocate } from '../use-locate.ts';
import { useLabels } from '../labels.ts';
import { usePhone } from './CardTable.tsx';
import { OccupationSelect } from './Pickers.tsx';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

type Page = ApiGet<'/api/courses'>;
type Course = Page['items'][number];
type Detail = ApiGet<'/api/courses/{code}'>;
type Requested = ApiPost<'/api/training-requests'>;

const PAGE_SIZE = 10;
const MUTED: CSSProperties = { color: 'rgba(0,0,0,0.55)' };
const LINE: CSSProperties = { margin: '4px 0', overflowWrap: 'anywhere' };

interface Filters {
  city?: string;
  occupation?: string;
  level?: string;
  from?: string;
  to?: string;
  maxKm?: number;
}

/** `?city=…&lat=…`: the filters set, the location when known, the page. */
function queryOf(f: Filters, where: { lat: number; lon: number } | null, page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '' && v !== null) q.set(k, String(v));
  if (!where) q.delete('maxKm');
  else {
    q.set('lat', where.lat.toFixed(5));
    q.set('lon', where.lon.toFixed(5));
  }
  q.set('limit', String(PAGE_SIZE));
  q.set('offset', String((page - 1) * PAGE_SIZE));
  return q.toString();
}

/** The institution's public rating: stars, then pass and employment rates. */
function Rating({ c }: { c: Course }) {
  const t = useT();
  const i = c.institution;
  return (
    <div style={{ ...LINE, display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: 8 }}>
      {i.stars === null ? (
        <span style={MUTED}>{t('暂无星级')}</span>
      ) : (
        <span role="img" aria-label={`${i.stars} ${t('星')}`} data-testid="course-stars">
          <Rate disabled value={i.stars} style={{ fontSize: 14 }} />
        </span>
      )}
      <span style={MUTED}>
        {t('合格率')} {pct(i.passRate, 0)} · {t('就业率')} {pct(i.employmentRate, 0)}
      </span>
    </div>
  );
}

/** A course's card: what, who, when, where, what it costs and what subsidy to expect, and the way to join. */
function CourseCard({
  c,
  state,
  onOpen,
  onJoin,
}: {
  c: Course;
  state: 'requested' | 'enrolled' | null;
  onOpen: () => void;
  onJoin: () => void;
}) {
  const t = useT();
  const { label } = useLabels();
  const full = c.seatsLeft === 0;
  return (
    <Card
      size="small"
      data-testid="course-card"
      data-project={c.projectCode}
      title={<span style={{ whiteSpace: 'normal' }}>{c.title}</span>}
      extra={c.level ? <Tag color="blue">{label('level', c.level)}</Tag> : null}
      styles={{ body: { padding: '8px 12px 12px' } }}
    >
      <div style={{ ...LINE, fontWeight: 500 }}>{c.institution.name ?? '—'}</div>
      <Rating c={c} />
      <div style={LINE}>
        {c.startDate} — {c.endDate}
        {c.plannedHours ? ` · ${num(c.plannedHours)} ${t('课时')}` : ''}
      </div>
      <div style={{ ...LINE, ...MUTED }}>
        <EnvironmentOutlined /> {c.cityName ?? label('city', c.cityCode)}
        {c.site ? ` · ${c.site.name}` : ''}
        {c.distanceKm !== null && (
          <b style={{ color: 'rgba(0,0,0,0.88)' }} data-testid="course-distance">
            {' '}
            · {num(c.distanceKm, 1)} km
          </b>
        )}
      </div>
      <div style={{ ...LINE, display: 'flex', flexWrap: 'wrap', columnGap: 12 }}>
        <span>
          {t('培训费')} {c.feeFen === null ? t('未公布') : `${yuan(c.feeFen)}/${t('人')}`}
        </span>
        {c.subsidy && (
          <span style={{ color: '#389e0d', fontWeight: 600 }} data-testid="course-subsidy">
            {t('预计补贴')} {yuan(c.subsidy.amountFen)}
          </span>
        )}
        {c.seatsLeft !== null && (
          <span style={full ? { color: '#cf1322' } : MUTED}>
            {full ? t('名额已满') : `${t('余')} ${num(c.seatsLeft)} ${t('个名额')}`}
          </span>
        )}
      </div>
      <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
        <Button size="large" style={{ flex: 1 }} onClick={onOpen} data-testid="course-detail">
          {t('详情')}
        </Button>
        {state ? (
          <Button size="large" style={{ flex: 1 }} disabled data-testid="course-requested">
            {state === 'enrolled' ? t('已在班') : t('已报名')}
          </Button>
        ) : (
          <Button
            size="large"
            type="primary"
            style={{ flex: 1 }}
            disabled={full}
            onClick={onJoin}
            data-testid="course-join"
          >
            {t('我要报名')}
          </Button>
        )}
      </div>
    </Card>
  );
}

/** The detail view: the class, the subsidy's basis, the institution's sites and the schedule. */
function CourseDetail({ code }: { code: string }) {
  const t = useT();
  const { label } = useLabels();
  const { data: d, error } = useData<Detail>(`/api/courses/${encodeURIComponent(code)}`);
  if (error) return <Alert type="error" message={error} />;
  if (!d) return <Skeleton active />;
  const s = d.subsidy;
  return (
    <div data-testid="course-detail-view">
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('职业')}>
          {d.occupationName ?? label('occupation', d.occupationCode)}
          {d.level ? ` · ${label('level', d.level)}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('培训类型')}>{label('projectKind', d.kind)}</Descriptions.Item>
        <Descriptions.Item label={t('状态')}>{label('projectStatus', d.status)}</Descriptions.Item>
        <Descriptions.Item label={t('起止日期')}>
          {d.startDate} — {d.endDate}
        </Descriptions.Item>
        <Descriptions.Item label={t('课时')}>{d.plannedHours ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('名额')}>
          {d.plannedTrainees === null ? '—' : `${num(d.seatsLeft)} / ${num(d.plannedTrainees)}`}
        </Descriptions.Item>
        {d.modules.length > 0 && (
          <Descriptions.Item label={t('课程模块')}>
            {d.modules.map((m) => (
              <Tag key={m}>{m}</Tag>
            ))}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('培训费')}>
          {d.feeFen === null ? t('未公布') : `${yuan(d.feeFen)}/${t('人')}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('预计补贴')}>
          {s ? (
            <>
              <b style={{ color: '#389e0d' }}>{yuan(s.amountFen)}</b>
              <div style={{ ...MUTED, fontSize: 12 }}>
                {t('基础')} {yuan(s.baseFen)}
                {s.shortageBp !== 10000 && ` × ${(s.shortageBp / 10000).toFixed(2)}（${t('紧缺职业')}）`}
                {s.cityBp !== 10000 && ` × ${(s.cityBp / 10000).toFixed(2)}（${t('城市系数')}）`}
              </div>
              <div style={{ ...MUTED, fontSize: 12 }}>
                {t('结业并取得该等级证书、符合申领条件时可申领；是否符合条件见「我的补贴」。')}
              </div>
            </>
          ) : (
            t('以取得的证书为准')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('承训机构')}>
          {d.institution.name}
          <Rating c={d} />
        </Descriptions.Item>
      </Descriptions>
      <h4 style={{ marginTop: 16 }}>{t('培训场所')}</h4>
      {d.sites.length === 0 && !d.site ? (
        <div style={MUTED}>{t('暂未登记')}</div>
      ) : (
        <ul style={{ paddingInlineStart: 18, margin: 0 }}>
          {(d.sites.length ? d.sites : d.site ? [d.site] : []).map((x) => (
            <li key={x.name} style={LINE}>
              {x.name}
              {x.address ? ` · ${x.address}` : ''}
            </li>
          ))}
        </ul>
      )}
      <h4 style={{ marginTop: 16 }}>{t('课表')}</h4>
      {d.sessions.length === 0 ? (
        <div style={MUTED}>{t('课表待机构安排')}</div>
      ) : (
        <ul style={{ paddingInlineStart: 18, margin: 0 }}>
          {d.sessions.map((x) => (
            <li key={x.sessionNo} style={LINE}>
              {dateTime(x.startsAt)}–{dateTime(x.endsAt).slice(11)} · {x.siteName ?? '—'}
              {x.mode ? ` · ${label('sessionMode', x.mode)}` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * 找培训 (issue 18): open classes by city, occupation, level, dates and distance from where the
 * phone is, as cards with the institution's stars, pass and employment rates, the fee and the
 * subsidy to expect. 我要报名 (signed-in worker) asks to join with a 点单 linked to the class.
 */
export function CoursesPage({ me }: { me: Me | null }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { options } = useLabels();
  const phone = usePhone();
  const [filters, setFilters] = useState<Filters>({});
  const [where, setWhere] = useState<{ lat: number; lon: number } | null>(null);
  const { status: locating, locate: locateOnce } = useLocate(t('无法取得当前位置，请按城市筛选'));
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<{ course: Course; request: Requested } | null>(null);
  const worker = me?.role === 'worker';
  const navigate = useNavigate();
  const list = useData<Page>(`/api/courses?${queryOf(filters, where, page)}`);
  const requests = useData<ApiGet<'/api/training-requests'>>(
    worker ? '/api/training-requests?status=open&limit=200' : null,
  );
  const classes = useData<ApiGet<'/api/me/training'>>(worker ? '/api/me/training' : null);
  const action = useAction(requests.reload);
  const stateOf = useMemo(() => {
    const asked = new Set(
      (requests.data?.items ?? []).filter((r) => r.status === 'open' && r.class_code).map((r) => r.class_code),
    );
    const inClass = new Set((classes.data ?? []).map((c) => c.project_code));
    return (code: string) => (inClass.has(code) ? 'enrolled' : asked.has(code) ? 'requested' : null);
  }, [requests.data, classes.data]);

  const set = (patch: Filters) => {
    setFilters({ ...filters, ...patch });
    setPage(1);
  };
  const locate = () => {
    if (where) {
      setWhere(null);
      set({ maxKm: undefined });
      return;
    }
    locateOnce((at) => {
      setWhere(at);
      setPage(1);
    });
  };
  const join = (c: Course) => {
    Modal.confirm({
      title: t('确认报名'),
      content: (
        <div data-testid="join-confirm">
          <p style={{ margin: '8px 0' }}>
            <b>{c.title}</b>
            <br />
            {c.institution.name} · {c.startDate} — {c.endDate}
          </p>
          <p style={{ ...MUTED, margin: 0 }}>
            {t('提交后生成一张点单，由培训机构和人社部门安排您入班；您可在「我的培训」查看或撤回。')}
          </p>
        </div>
      ),
      okText: t('确认报名'),
      cancelText: t('取消'),
      onOk: async () => {
        setDone(null);
        const r = await action.run<Requested>('/api/training-requests', {
          classCode: c.projectCode,
        } satisfies ApiPostBody<'/api/training-requests'>);
        if (r) {
          setDone({ course: c, request: r });
          classes.reload();
        }
      },
    });
  };

  const chip: CSSProperties = { minHeight: 40, borderRadius: 20 };
  const courses = list.data?.items ?? [];
  return (
    <div data-testid="courses" style={{ maxWidth: 1080 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }} data-testid="course-filters">
        <Button
          type={where ? 'primary' : 'default'}
          icon={<EnvironmentOutlined />}
          style={chip}
          onClick={locate}
          data-testid="filter-near"
        >
          {where ? t('离我最近 ✓') : t('离我最近')}
        </Button>
        {where && (
          <Select
            allowClear
            placeholder={t('距离')}
            value={filters.maxKm}
            onChange={(v) => set({ maxKm: v })}
            style={{ minWidth: 110, flex: phone ? '1 1 40%' : undefined }}
            options={[5, 10, 20, 50].map((km) => ({ value: km, label: `${t('距离')} ≤ ${km} km` }))}
            data-testid="filter-distance"
          />
        )}
        <Select
          allowClear
          placeholder={t('城市')}
          value={filters.city}
          onChange={(v) => set({ city: v })}
          options={options('city')}
          style={{ minWidth: 120, flex: phone ? '1 1 40%' : undefined }}
          data-testid="filter-city"
        />
        <OccupationSelect
          allowClear
          value={filters.occupation}
          onChange={(v) => set({ occupation: v })}
          style={{ minWidth: 160, flex: phone ? '1 1 100%' : undefined }}
          data-testid="filter-occupation"
        />
        <Select
          allowClear
          placeholder={t('等级')}
          value={filters.level}
          onChange={(v) => set({ level: v })}
          options={options('level', ['L5', 'L4', 'L3', 'L2', 'L1'])}
          style={{ minWidth: 110, flex: phone ? '1 1 40%' : undefined }}
          data-testid="filter-level"
        />
        <Space.Compact style={{ flex: phone ? '1 1 100%' : undefined }}>
          <Input
            type="date"
            aria-label={t('开始日期')}
            value={filters.from ?? ''}
            onChange={(e) => set({ from: e.target.value || undefined })}
            style={{ minWidth: 0 }}
            data-testid="filter-from"
          />
          <Input
            type="date"
            aria-label={t('结束日期')}
            value={filters.to ?? ''}
            onChange={(e) => set({ to: e.target.value || undefined })}
            style={{ minWidth: 0 }}
            data-testid="filter-to"
          />
        </Space.Compact>
      </div>
      {locating && <Alert type="info" message={locating} style={{ marginBottom: 12 }} />}
      {done && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setDone(null)}
          style={{ marginBottom: 12 }}
          data-testid="join-result"
          message={`${t('已报名')}：${done.course.title}`}
          description={
            <>
              {t('点单号')} <b>{done.request.requestId}</b>
              {lang === 'en' ? '. ' : '。'}
              {t('培训机构会与您联系安排入班；进度可在「我的培训」查看。')} <Link to="/training">{t('我的培训')}</Link>
            </>
          }
        />
      )}
      {action.error && (
        <Alert type="error" showIcon message={action.error} style={{ marginBottom: 12 }} data-testid="join-error" />
      )}
      {!me && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          message={
            <>
              {t('登录后可报名。')} <Link to="/login">{t('登录')}</Link>
            </>
          }
        />
      )}
      {list.error && <Alert type="error" message={list.error} style={{ marginBottom: 12 }} />}
      {!list.data && !list.error && <Skeleton active />}
      {list.data && (
        <>
          <div style={{ ...MUTED, marginBottom: 8 }} data-testid="course-total">
            {t('共')} {num(list.data.total)} {t('个可报名的班级')}
            {where ? `，${t('按距离排序')}` : ''}
          </div>
          {courses.length === 0 ? (
            <Empty description={t('没有符合条件的班级，可放宽筛选条件')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : (
            <div
              style={{
                display: 'grid',
                gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 340px), 1fr))',
                gap: 12,
              }}
              data-testid="course-list"
            >
              {courses.map((c) => (
                <CourseCard
                  key={c.projectCode}
                  c={c}
                  state={worker ? stateOf(c.projectCode) : null}
                  onOpen={() => setOpen(c.projectCode)}
                  onJoin={() => (worker ? join(c) : navigate('/login'))}
                />
              ))}
            </div>
          )}
          {list.data.total > PAGE_SIZE && (
            <Pagination
              simple
              style={{ marginTop: 16, textAlign: 'center' }}
              current={page}
              pageSize={PAGE_SIZE}
              total={list.data.total}
              onChange={setPage}
            />
          )}
        </>
      )}
      <Drawer
        open={!!open}
        onClose={() => setOpen(null)}
        placement={phone ? 'bottom' : 'right'}
        height={phone ? '85%' : undefined}
        width={phone ? undefined : 520}
        title={courses.find((c) => c.projectCode === open)?.title ?? t('班级详情')}
        data-testid="course-drawer"
        extra={
          open && worker && !stateOf(open) ? (
            <Button
              type="primary"
              onClick={() => {
                const c = courses.find((x) => x.projectCode === open);
                setOpen(null);
                if (c) join(c);
              }}
            >
              {t('我要报名')}
            </Button>
          ) : null
        }
      >
        {open && <CourseDetail code={open} />}
      </Drawer>
    </div>
  );
}
