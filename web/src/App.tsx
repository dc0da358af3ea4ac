import { type ReactNode, useContext, useEffect, useState } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes, matchPath, useLocation } from 'react-router-dom';
import {
  Breadcrumb,
  Button,
  ConfigProvider,
  Drawer,
  Layout,
  Menu,
  Result,
  Segmented,
  Space,
  Spin,
  Typography,
  type MenuProps,
} from 'antd';
import { MenuOutlined } from '@ant-design/icons';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useCalendarLanguage } from './china-time.ts';
import type { Me } from './api.ts';
import { client } from './api/client.ts';
import { LangContext, useT, type Lang } from './i18n.ts';
import { useLabelsLoaded } from './labels.ts';
import { LoginPage } from './pages/Login.tsx';
import { RegisterPage } from './pages/Register.tsx';
import { HomePage } from './pages/Home.tsx';
import { CatalogsPage } from './pages/Catalogs.tsx';
import { AccountsPage } from './pages/Accounts.tsx';
import { CatalogAdminPage } from './pages/CatalogAdmin.tsx';
import { OperationsPage } from './pages/Operations.tsx';
import { PersonsPage } from './pages/Persons.tsx';
import { InstitutionsPage } from './pages/Institutions.tsx';
import { ProjectsPage } from './pages/Projects.tsx';
import { DecisionsPage } from './pages/Decisions.tsx';
import { KpiPage } from './pages/Kpi.tsx';
import { ProgrammesPage } from './pages/Programmes.tsx';
import { MyTargetsPage } from './pages/MyTargets.tsx';
import { DashboardPage } from './pages/Dashboard.tsx';
import { MySubsidiesPage } from './pages/MySubsidies.tsx';
import { AssessmentsPage } from './pages/Assessments.tsx';
import { ProfilePage } from './pages/Profile.tsx';
import { CraftsmenPage } from './pages/Craftsmen.tsx';
import { VerifyPage } from './pages/Verify.tsx';
import { ReviewsPage } from './pages/Reviews.tsx';
import { IntegrityPage } from './pages/Integrity.tsx';
import { SanctionRecords } from './pages/Sanctions.tsx';
import { PaymentsPage } from './pages/Payments.tsx';
import { PolicyPage } from './pages/Policy.tsx';
import { BudgetsPage } from './pages/Budgets.tsx';
import { ImportPage } from './pages/Import.tsx';
import { ProjectDetailPage } from './pages/ProjectDetail.tsx';
import { DemandPage } from './pages/Demand.tsx';
import { JobOrdersPage } from './pages/JobOrders.tsx';
import { MyTrainingPage } from './pages/MyTraining.tsx';
import { LearningModulePage, MyLearningPage } from './pages/Learning.tsx';
import { LearningCoursesPage } from './pages/LearningCourses.tsx';
import { LiveClassesPage, LiveClassPage } from './pages/LiveClasses.tsx';
import { DirectoriesPage } from './pages/Directories.tsx';
import { LabourMarketPage } from './pages/LabourMarket.tsx';
import { InboxPage, ReportsPage, TargetsPage } from './pages/Reports.tsx';
import { AppealsPage } from './pages/Appeals.tsx';
import { MyAppealsPage } from './pages/MyAppeals.tsx';
import { PublicNoticesPage } from './pages/PublicNotices.tsx';
import { SelectionPage } from './pages/Selection.tsx';
import { SelectionApplyPage, SelectionNoticesPage } from './pages/SelectionPublic.tsx';
import { NoticeBell, NoticesPage } from './pages/Notices.tsx';
import { CoursesPage } from './pages/Courses.tsx';
import { ServicePointsPage } from './pages/ServicePoints.tsx';
import { CollegesPage } from './pages/Colleges.tsx';
import { EduFundsPage } from './pages/EduFunds.tsx';
import { ActivitiesPage } from './pages/Activities.tsx';
import { CompetitionsPage } from './pages/Competitions.tsx';
import { MinePage, OfflineBanner, PhoneTabBar, TAB_BAR_HEIGHT } from './phone.tsx';

type Role = Me['role'];
/** A menu entry: who may open it, and (beyond the role) what else the user's record must allow. */
interface NavItem {
  path: string;
  label: string;
  roles: Role[] | 'all';
  /** E.g. 考核发证 only for an institution that evaluates (a training-only institution cannot assess). */
  when?: (me: Me) => boolean;
  /** Open to visitors who are not signed in as well as to the listed roles (找培训). */
  anonymous?: boolean;
  /** A tab of the worker's phone app only (我的), not in the side menu. */
  phoneOnly?: boolean;
  /** The menu section it is listed under (首页 and 消息 stand above the sections). */
  group?: NavGroup;
}

/** The side menu's sections, in order (one's own work first, the public pages after): a province official has some forty pages. */
export const NAV_GROUPS = [
  { key: 'training', label: '培训与就业' },
  { key: 'money', label: '补贴与资金' },
  { key: 'oversight', label: '监督管理' },
  { key: 'targets', label: '目标与报表' },
  { key: 'public', label: '公共服务' },
  { key: 'system', label: '系统管理' },
] as const;
type NavGroup = (typeof NAV_GROUPS)[number]['key'];
/** Fewer entries than this read best as one list (a worker's, an enterprise's). */
const GROUP_FROM = 12;
/** Navigation by role: the menu shows what the role may open (the API enforces it too). */
export const NAV: NavItem[] = [
  { path: '/', label: '首页', roles: 'all' },
  { path: '/courses', label: '找培训', roles: ['worker'], anonymous: true, group: 'public' },
  { path: '/service-points', label: '便民服务圈', roles: 'all', group: 'public' },
  { path: '/activities', label: '技能活动', roles: 'all', group: 'public' },
  { path: '/catalogs', label: '公开目录', roles: 'all', group: 'public' },
  { path: '/directories', label: '目录发布', roles: 'all', group: 'public' },
  { path: '/institutions', label: '机构目录', roles: 'all', group: 'public' },
  // 遴选: an institution not yet listed applies (no account needed) and follows its application.
  { path: '/selection/apply', label: '遴选申请', roles: ['institution_staff'], anonymous: true, group: 'public' },
  { path: '/public/notices', label: '补贴公示', roles: 'all', group: 'public' },
  { path: '/public/selection', label: '遴选公示', roles: 'all', group: 'public' },
  {
    path: '/persons',
    label: '实名人员',
    roles: ['province_admin', 'city_officer', 'institution_staff'],
    group: 'training',
  },
  {
    path: '/projects',
    label: '培训项目',
    roles: ['province_admin', 'city_officer', 'department_officer', 'institution_staff', 'worker'],
    group: 'training',
  },
  {
    path: '/demand',
    label: '培训需求',
    roles: ['province_admin', 'city_officer', 'department_officer'],
    group: 'training',
  },
  {
    path: '/labour-market',
    label: '劳动力市场',
    roles: ['province_admin', 'city_officer', 'department_officer'],
    group: 'training',
  },
  { path: '/orders', label: '用工订单', roles: ['enterprise_staff'], group: 'training' },
  { path: '/training', label: '我的培训', roles: ['worker'], group: 'training' },
  { path: '/learning', label: '在线学习', roles: ['worker'], group: 'training' },
  {
    path: '/learning-courses',
    label: '在线课程',
    roles: ['province_admin', 'institution_staff', 'enterprise_staff'],
    group: 'training',
  },
  { path: '/live-classes', label: '直播课', roles: ['province_admin', 'institution_staff'], group: 'training' },
  // A worker's decisions are on 我的补贴 (with what is still open, 公示 and payment): one page, not two.
  { path: '/decisions', label: '补贴决定', roles: ['province_admin', 'city_officer'], group: 'money' },
  { path: '/reviews', label: '待复核', roles: ['province_admin', 'city_officer'], group: 'money' },
  { path: '/integrity', label: '交互比对', roles: ['province_admin', 'city_officer'], group: 'oversight' },
  { path: '/payments', label: '支付与台账', roles: ['province_admin', 'city_officer'], group: 'money' },
  { path: '/policy', label: '补贴政策', roles: ['province_admin', 'city_officer'], group: 'money' },
  { path: '/budgets', label: '预算', roles: ['province_admin', 'city_officer'], group: 'money' },
  // Department officers reach it as appointed experts (they see only what they score).
  {
    path: '/selection',
    label: '机构遴选',
    roles: ['province_admin', 'city_officer', 'department_officer'],
    group: 'oversight',
  },
  { path: '/sanctions', label: '处理记录', roles: ['institution_staff'], group: 'oversight' },
  {
    path: '/appeals',
    label: '申诉处理',
    roles: ['province_admin', 'city_officer', 'institution_staff'],
    group: 'money',
  },
  { path: '/me', label: '我的补贴', roles: ['worker'], group: 'money' },
  { path: '/my-appeals', label: '我的申诉', roles: ['worker'], group: 'money' },
  { path: '/profile', label: '我的档案', roles: ['worker'], group: 'money' },
  { path: '/mine', label: '我的', roles: ['worker'], phoneOnly: true },
  { path: '/craftsmen', label: '江苏工匠', roles: 'all', group: 'public' },
  {
    path: '/competitions',
    label: '技能竞赛',
    roles: ['province_admin', 'city_officer', 'department_officer'],
    group: 'training',
  },
  {
    path: '/assessments',
    label: '考核发证',
    roles: ['institution_staff'],
    when: (me) => me.institutionRoles.includes('evaluation'),
    group: 'training',
  },
  {
    path: '/dashboard',
    label: '目标看板',
    roles: ['province_admin', 'city_officer', 'department_officer'],
    group: 'targets',
  },
  { path: '/targets', label: '目标分解', roles: ['province_admin', 'department_officer'], group: 'targets' },
  {
    path: '/programmes',
    label: '专项计划与载体',
    roles: ['province_admin', 'city_officer', 'department_officer'],
    group: 'targets',
  },
  // An "N" holder's liaison: its own holder's targets, pace and reminders, nothing else.
  { path: '/my-targets', label: '本单位目标进度', roles: ['holder_officer'], group: 'targets' },
  {
    path: '/inbox',
    label: '督促提醒',
    roles: ['province_admin', 'city_officer', 'department_officer'],
    group: 'targets',
  },
  {
    path: '/reports',
    label: '月报',
    roles: ['province_admin', 'city_officer', 'department_officer'],
    group: 'targets',
  },
  { path: '/kpi', label: '指标', roles: ['province_admin', 'city_officer', 'department_officer'], group: 'targets' },
  {
    path: '/colleges',
    label: '院校工作量',
    roles: ['province_admin', 'department_officer', 'city_officer', 'institution_staff'],
    group: 'targets',
  },
  {
    path: '/edufunds',
    label: '职工教育经费',
    roles: ['province_admin', 'department_officer', 'city_officer', 'enterprise_staff'],
    group: 'targets',
  },
  {
    path: '/import',
    label: '数据导入',
    roles: ['province_admin', 'city_officer', 'department_officer'],
    group: 'system',
  },
  { path: '/accounts', label: '账号管理', roles: ['province_admin'], group: 'system' },
  { path: '/catalog-admin', label: '目录管理', roles: ['province_admin'], group: 'system' },
  { path: '/operations', label: '运行状态', roles: ['province_admin'], group: 'system' },
  {
    path: '/notices',
    label: '消息',
    roles: [
      'province_admin',
      'city_officer',
      'department_officer',
      'institution_staff',
      'enterprise_staff',
      'worker',
      'holder_officer',
    ],
  },
];

/** The side menu's entries: in sections when there are many, else one list. */
function menuItems(items: NavItem[], t: (s: string) => string): MenuProps['items'] {
  const entry = (n: NavItem) => ({ key: n.path, label: <Link to={n.path}>{t(n.label)}</Link> });
  if (items.length < GROUP_FROM) return items.map(entry);
  return [
    ...items.filter((n) => !n.group).map(entry),
    ...NAV_GROUPS.map((g) => ({
      key: `group:${g.key}`,
      type: 'group' as const,
      label: t(g.label),
      children: items.filter((n) => n.group === g.key).map(entry),
    })).filter((g) => g.children.length > 0),
  ];
}

/** Whether the menu offers this entry to the user (anonymous: the public entries only). */
export const mayOpen = (n: NavItem, me: Me | null) =>
  n.roles === 'all' || (me === null ? !!n.anonymous : n.roles.includes(me.role) && (n.when?.(me) ?? true));

/** The worker's tabs (phone.tsx): what 我的 lists under 更多 is the rest of the worker's menu. */
const WORKER_TABS = ['/', '/courses', '/training', '/me', '/mine', '/profile'];

/** Where the user is: the menu entry, and for a detail page (/projects/P000001) its record's code. */
function whereAmI(pathname: string): { item: NavItem; detail?: string } | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const item = NAV.find((n) => n.path === path);
  if (item) return { item };
  if (matchPath('/learning/:id', path)) return { item: NAV.find((n) => n.path === '/learning')! };
  if (matchPath('/live/:id', path)) return { item: NAV.find((n) => n.path === '/learning')! };
  const project = matchPath('/projects/:code', path);
  if (project) return { item: NAV.find((n) => n.path === '/projects')!, detail: project.params.code };
  return null;
}

/** Below antd's md breakpoint (768 px) the side menu becomes a drawer behind a menu button. */
function useNarrow(): boolean {
  const query = '(max-width: 767.98px)';
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const m = window.matchMedia(query);
    const on = () => setNarrow(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, []);
  return narrow;
}

/** 404 inside the shell: the address names no page. */
function NotFoundPage() {
  const t = useT();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('页面不存在：请检查网址，或从菜单进入。')}
      extra={
        <Link to="/">
          <Button type="primary">{t('返回首页')}</Button>
        </Link>
      }
      data-testid="not-found"
    />
  );
}

/** A page the user's role cannot use, opened by its address. */
function NotForYouPage() {
  const t = useT();
  return (
    <Result
      status="403"
      title={t('无权使用此页面')}
      subTitle={t('您的角色不能使用此页面；菜单中列出了您可以使用的页面。')}
      extra={
        <Link to="/">
          <Button type="primary">{t('返回首页')}</Button>
        </Link>
      }
      data-testid="not-for-you"
    />
  );
}

/** The page's name in the browser tab (`培训项目 · 技能`) and as a breadcrumb and heading above it. */
function PageHeading({ me }: { me: Me | null }) {
  const t = useT();
  const loc = useLocation();
  const here = whereAmI(loc.pathname);
  const name = here ? (here.detail ? `${here.detail}` : t(here.item.label)) : t('页面不存在');
  const title = `${name} · ${t('技能')}`;
  useEffect(() => {
    document.title = title;
  }, [title]);
  if (here?.item.path === '/' && !here.detail) return null;
  const trail = [
    { title: <Link to={me ? '/' : '/catalogs'}>{t('首页')}</Link> },
    ...(here?.detail ? [{ title: <Link to={here.item.path}>{t(here.item.label)}</Link> }] : []),
    { title: name },
  ];
  return (
    <div style={{ marginBottom: 12 }}>
      <Breadcrumb items={trail} data-testid="breadcrumb" />
      <Typography.Title level={4} style={{ margin: '4px 0 0' }} data-testid="page-title">
        {here?.detail ? `${t('项目详情')} ${here.detail}` : name}
      </Typography.Title>
    </div>
  );
}

/** The browser tab's title for a page outside the shell. */
function TabTitle({ name, page }: { name: string; page: ReactNode }) {
  const t = useT();
  const title = `${t(name)} · ${t('技能')}`;
  useEffect(() => {
    document.title = title;
  }, [title]);
  return page;
}

function Shell({ me, onLogout }: { me: Me | null; onLogout: () => void }) {
  const t = useT();
  const { lang, setLang } = useContext(LangContext);
  const loc = useLocation();
  const narrow = useNarrow();
  const [drawer, setDrawer] = useState(false);
  // A worker on a phone moves by the bottom tab bar (phone.tsx), not the drawer.
  const phoneApp = narrow && me?.role === 'worker';
  // A link followed inside the page closes the drawer as well as a menu click.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger
  useEffect(() => setDrawer(false), [loc.pathname]);
  const items = NAV.filter((n) => mayOpen(n, me) && !n.phoneOnly);
  const here = whereAmI(loc.pathname);
  const selected = here ? [here.item.path] : [];
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected}
      style={{ height: '100%', borderInlineEnd: narrow ? 'none' : undefined }}
      items={menuItems(items, t)}
      onClick={() => setDrawer(false)}
    />
  );
  /** A signed-in user who opens by address a page their role cannot use is told so. */
  const guard = (path: string, element: ReactNode) => {
    const item = NAV.find((n) => n.path === path);
    return me && item && !mayOpen(item, me) ? <NotForYouPage /> : element;
  };
  const brand = lang === 'en' ? t('平台名称') : '技能 · 江苏省职业技能提升培训平台';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: narrow ? 8 : 24,
          justifyContent: 'space-between',
          padding: narrow ? '0 12px' : '0 24px',
        }}
      >
        <Space size={8} style={{ minWidth: 0 }}>
          {narrow && !phoneApp && (
            <Button
              type="text"
              icon={<MenuOutlined style={{ color: '#fff', fontSize: 18 }} />}
              aria-label={t('菜单')}
              onClick={() => setDrawer(true)}
              data-testid="menu-button"
            />
          )}
          <Link to="/" style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
            {narrow ? t('技能') : brand}
          </Link>
        </Space>
        {/* A worker's phone has these under 我的 (phone.tsx); the bell stays in the header. */}
        {phoneApp && <NoticeBell compact />}
        {!phoneApp && (
          <Space size={narrow ? 6 : 8} style={{ minWidth: 0 }}>
            <Segmented
              size="small"
              value={lang}
              onChange={(v) => setLang(v as Lang)}
              options={[
                { label: '中文', value: 'zh' },
                { label: 'EN', value: 'en' },
              ]}
            />
            {me ? (
              <>
                <NoticeBell compact={narrow} />
                <Typography.Text
                  style={{ color: '#fff', maxWidth: narrow ? 84 : 240, lineHeight: '20px', verticalAlign: 'middle' }}
                  ellipsis={{ tooltip: me.displayName }}
                  data-testid="whoami"
                >
                  {me.displayName}
                </Typography.Text>
                <Button size="small" onClick={onLogout} data-testid="logout">
                  {t('退出')}
                </Button>
              </>
            ) : (
              <Link to="/login">
                <Button size="small" type="primary">
                  {t('登录')}
                </Button>
              </Link>
            )}
          </Space>
        )}
      </Layout.Header>
      <Layout>
        {phoneApp ? null : narrow ? (
          <Drawer
            open={drawer}
            onClose={() => setDrawer(false)}
            placement="left"
            width={240}
            title={t('菜单')}
            styles={{ body: { padding: 0 } }}
            data-testid="nav-drawer"
          >
            {menu}
          </Drawer>
        ) : (
          <Layout.Sider width={180} theme="light">
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content
          style={{
            padding: narrow ? 12 : 24,
            minWidth: 0,
            paddingBottom: phoneApp ? `calc(${TAB_BAR_HEIGHT + 16}px + env(safe-area-inset-bottom))` : undefined,
          }}
        >
          <OfflineBanner />
          <PageHeading me={me} />
          <Routes>
            <Route path="/" element={me ? <HomePage me={me} /> : <Navigate to="/login" />} />
            <Route path="/catalogs" element={<CatalogsPage />} />
            <Route path="/courses" element={guard('/courses', <CoursesPage me={me} />)} />
            <Route path="/service-points" element={guard('/service-points', <ServicePointsPage me={me} />)} />
            <Route path="/activities" element={<ActivitiesPage me={me} />} />
            <Route
              path="/competitions"
              element={me ? guard('/competitions', <CompetitionsPage me={me} />) : <Navigate to="/login" />}
            />
            <Route
              path="/mine"
              element={
                me ? (
                  guard(
                    '/mine',
                    <MinePage
                      me={me}
                      onLogout={onLogout}
                      more={NAV.filter((n) => mayOpen(n, me) && !WORKER_TABS.includes(n.path))}
                    />,
                  )
                ) : (
                  <Navigate to="/login" />
                )
              }
            />
            <Route path="/persons" element={guard('/persons', <PersonsPage />)} />
            <Route path="/institutions" element={<InstitutionsPage me={me} />} />
            <Route path="/projects" element={guard('/projects', <ProjectsPage me={me} />)} />
            <Route path="/projects/:code" element={guard('/projects', <ProjectDetailPage me={me} />)} />
            <Route path="/demand" element={guard('/demand', <DemandPage />)} />
            <Route path="/directories" element={<DirectoriesPage me={me} />} />
            <Route path="/labour-market" element={guard('/labour-market', <LabourMarketPage me={me} />)} />
            <Route path="/targets" element={guard('/targets', <TargetsPage me={me} />)} />
            <Route path="/programmes" element={guard('/programmes', <ProgrammesPage me={me} />)} />
            <Route path="/inbox" element={guard('/inbox', <InboxPage />)} />
            <Route
              path="/my-targets"
              element={me ? guard('/my-targets', <MyTargetsPage me={me} />) : <Navigate to="/login" />}
            />
            <Route path="/reports" element={guard('/reports', <ReportsPage me={me} />)} />
            <Route path="/orders" element={guard('/orders', <JobOrdersPage />)} />
            <Route path="/training" element={guard('/training', <MyTrainingPage />)} />
            <Route path="/learning" element={guard('/learning', <MyLearningPage />)} />
            <Route path="/learning/:id" element={guard('/learning', <LearningModulePage />)} />
            <Route
              path="/learning-courses"
              element={me ? guard('/learning-courses', <LearningCoursesPage me={me} />) : <Navigate to="/login" />}
            />
            <Route path="/live/:id" element={guard('/learning', <LiveClassPage />)} />
            <Route path="/live-classes" element={guard('/live-classes', <LiveClassesPage />)} />
            <Route
              path="/decisions"
              element={
                me?.role === 'worker' ? <Navigate to="/me#decisions" replace /> : guard('/decisions', <DecisionsPage />)
              }
            />
            <Route path="/kpi" element={guard('/kpi', <KpiPage />)} />
            <Route
              path="/colleges"
              element={me ? guard('/colleges', <CollegesPage me={me} />) : <Navigate to="/login" />}
            />
            <Route
              path="/edufunds"
              element={me ? guard('/edufunds', <EduFundsPage me={me} />) : <Navigate to="/login" />}
            />
            <Route path="/dashboard" element={guard('/dashboard', <DashboardPage />)} />
            <Route path="/me" element={guard('/me', <MySubsidiesPage />)} />
            <Route path="/profile" element={guard('/profile', <ProfilePage />)} />
            <Route path="/craftsmen" element={<CraftsmenPage me={me} />} />
            <Route path="/assessments" element={guard('/assessments', <AssessmentsPage />)} />
            <Route path="/reviews" element={guard('/reviews', <ReviewsPage />)} />
            <Route
              path="/integrity"
              element={me ? guard('/integrity', <IntegrityPage me={me} />) : <Navigate to="/login" />}
            />
            <Route path="/policy" element={me ? guard('/policy', <PolicyPage me={me} />) : <Navigate to="/login" />} />
            <Route
              path="/budgets"
              element={me ? guard('/budgets', <BudgetsPage me={me} />) : <Navigate to="/login" />}
            />
            <Route
              path="/sanctions"
              element={me ? guard('/sanctions', <SanctionRecords me={me} />) : <Navigate to="/login" />}
            />
            <Route path="/appeals" element={guard('/appeals', <AppealsPage me={me} />)} />
            <Route path="/my-appeals" element={guard('/my-appeals', <MyAppealsPage />)} />
            <Route path="/public/notices" element={<PublicNoticesPage />} />
            <Route path="/public/selection" element={<SelectionNoticesPage />} />
            <Route path="/selection/apply" element={guard('/selection/apply', <SelectionApplyPage />)} />
            <Route
              path="/selection"
              element={me ? guard('/selection', <SelectionPage me={me} />) : <Navigate to="/login" />}
            />
            <Route
              path="/payments"
              element={me ? guard('/payments', <PaymentsPage me={me} />) : <Navigate to="/login" />}
            />
            <Route path="/import" element={guard('/import', <ImportPage me={me} />)} />
            <Route path="/accounts" element={guard('/accounts', <AccountsPage />)} />
            <Route path="/catalog-admin" element={guard('/catalog-admin', <CatalogAdminPage />)} />
            <Route path="/operations" element={guard('/operations', <OperationsPage />)} />
            <Route path="/notices" element={guard('/notices', <NoticesPage />)} />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Layout.Content>
      </Layout>
      {phoneApp && <PhoneTabBar />}
    </Layout>
  );
}

export function App() {
  const [lang, setLangRaw] = useState<Lang>((localStorage.getItem('lang') as Lang) || 'zh');
  const setLang = (l: Lang) => {
    localStorage.setItem('lang', l);
    setLangRaw(l);
  };
  useCalendarLanguage(lang);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => {
    client.GET('/api/me').then(
      ({ data }) => setMe(data ?? null),
      () => setMe(null),
    );
  }, []);
  const labelsLoaded = useLabelsLoaded();
  if (me === undefined || !labelsLoaded) return <Spin style={{ margin: 80 }} />;
  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <ConfigProvider locale={lang === 'zh' ? zhCN : enUS}>
        <BrowserRouter>
          <Routes>
            <Route path="/verify" element={<TabTitle name="证书查验" page={<VerifyPage />} />} />
            <Route
              path="/login"
              element={me ? <Navigate to="/" /> : <TabTitle name="登录" page={<LoginPage onLogin={setMe} />} />}
            />
            <Route
              path="/register"
              element={me ? <Navigate to="/" /> : <TabTitle name="自助注册" page={<RegisterPage />} />}
            />
            <Route
              path="*"
              element={
                <Shell
                  me={me}
                  onLogout={async () => {
                    await client.POST('/api/auth/logout');
                    setMe(null);
                  }}
                />
              }
            />
          </Routes>
        </BrowserRouter>
      </ConfigProvider>
    </LangContext.Provider>
  );
}
