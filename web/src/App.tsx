import { useContext, useEffect, useState } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Button, ConfigProvider, Layout, Menu, Segmented, Space, Spin, Typography } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import type { Me } from './api.ts';
import { client } from './api/client.ts';
import { LangContext, useT, type Lang } from './i18n.ts';
import { useLabelsLoaded } from './labels.ts';
import { LoginPage } from './pages/Login.tsx';
import { HomePage } from './pages/Home.tsx';
import { CatalogsPage } from './pages/Catalogs.tsx';
import { AccountsPage } from './pages/Accounts.tsx';
import { OperationsPage } from './pages/Operations.tsx';
import { PersonsPage } from './pages/Persons.tsx';
import { InstitutionsPage } from './pages/Institutions.tsx';
import { ProjectsPage } from './pages/Projects.tsx';
import { DecisionsPage } from './pages/Decisions.tsx';
import { KpiPage } from './pages/Kpi.tsx';
import { DashboardPage } from './pages/Dashboard.tsx';
import { MySubsidiesPage } from './pages/MySubsidies.tsx';
import { AssessmentsPage } from './pages/Assessments.tsx';
import { ProfilePage } from './pages/Profile.tsx';
import { CraftsmenPage } from './pages/Craftsmen.tsx';
import { VerifyPage } from './pages/Verify.tsx';
import { ReviewsPage } from './pages/Reviews.tsx';
import { IntegrityPage } from './pages/Integrity.tsx';
import { PaymentsPage } from './pages/Payments.tsx';
import { ImportPage } from './pages/Import.tsx';
import { ProjectDetailPage } from './pages/ProjectDetail.tsx';
import { DemandPage } from './pages/Demand.tsx';
import { JobOrdersPage } from './pages/JobOrders.tsx';
import { MyTrainingPage } from './pages/MyTraining.tsx';
import { DirectoriesPage } from './pages/Directories.tsx';
import { LabourMarketPage } from './pages/LabourMarket.tsx';
import { InboxPage, ReportsPage, TargetsPage } from './pages/Reports.tsx';

type Role = Me['role'];
/** Navigation by role: the menu shows what the role may open (the API enforces it too). */
const NAV: { path: string; label: string; roles: Role[] | 'all' }[] = [
  { path: '/', label: '首页', roles: 'all' },
  { path: '/catalogs', label: '公开目录', roles: 'all' },
  { path: '/directories', label: '目录发布', roles: 'all' },
  { path: '/institutions', label: '机构目录', roles: 'all' },
  { path: '/persons', label: '实名人员', roles: ['province_admin', 'city_officer', 'institution_staff'] },
  {
    path: '/projects',
    label: '培训项目',
    roles: ['province_admin', 'city_officer', 'department_officer', 'institution_staff', 'worker'],
  },
  { path: '/demand', label: '培训需求', roles: ['province_admin', 'city_officer', 'department_officer'] },
  { path: '/labour-market', label: '劳动力市场', roles: ['province_admin', 'city_officer', 'department_officer'] },
  { path: '/orders', label: '用工订单', roles: ['enterprise_staff'] },
  { path: '/training', label: '我的培训', roles: ['worker'] },
  { path: '/decisions', label: '补贴决定', roles: ['province_admin', 'city_officer', 'worker'] },
  { path: '/reviews', label: '待复核', roles: ['province_admin', 'city_officer'] },
  { path: '/integrity', label: '交互比对', roles: ['province_admin', 'city_officer'] },
  { path: '/payments', label: '支付与台账', roles: ['province_admin', 'city_officer'] },
  { path: '/me', label: '我的补贴', roles: ['worker'] },
  { path: '/profile', label: '我的档案', roles: ['worker'] },
  { path: '/craftsmen', label: '江苏工匠', roles: 'all' },
  { path: '/assessments', label: '考核发证', roles: ['institution_staff'] },
  { path: '/dashboard', label: '目标看板', roles: ['province_admin', 'city_officer', 'department_officer'] },
  { path: '/targets', label: '目标分解', roles: ['province_admin', 'department_officer'] },
  { path: '/inbox', label: '督促提醒', roles: ['province_admin', 'city_officer', 'department_officer'] },
  { path: '/reports', label: '月报', roles: ['province_admin', 'city_officer', 'department_officer'] },
  { path: '/kpi', label: '指标', roles: ['province_admin', 'city_officer', 'department_officer'] },
  { path: '/import', label: '数据导入', roles: ['province_admin', 'city_officer', 'department_officer'] },
  { path: '/accounts', label: '账号管理', roles: ['province_admin'] },
  { path: '/operations', label: '运行状态', roles: ['province_admin'] },
];

function Shell({ me, onLogout }: { me: Me | null; onLogout: () => void }) {
  const t = useT();
  const { lang, setLang } = useContext(LangContext);
  const loc = useLocation();
  const items = NAV.filter((n) => n.roles === 'all' || (me && n.roles.includes(me.role)));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, justifyContent: 'space-between' }}>
        <Typography.Text style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
          技能 · {t('平台名称') === '平台名称' ? '江苏省职业技能提升培训平台' : t('平台名称')}
        </Typography.Text>
        <Space>
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
              <Typography.Text style={{ color: '#fff' }} data-testid="whoami">
                {me.displayName}
              </Typography.Text>
              <Button size="small" onClick={onLogout}>
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
      </Layout.Header>
      <Layout>
        <Layout.Sider width={180} theme="light">
          <Menu
            mode="inline"
            selectedKeys={[loc.pathname]}
            style={{ height: '100%' }}
            items={items.map((n) => ({ key: n.path, label: <Link to={n.path}>{t(n.label)}</Link> }))}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          <Routes>
            <Route path="/" element={me ? <HomePage me={me} /> : <Navigate to="/login" />} />
            <Route path="/catalogs" element={<CatalogsPage />} />
            <Route path="/persons" element={<PersonsPage />} />
            <Route path="/institutions" element={<InstitutionsPage me={me} />} />
            <Route path="/projects" element={<ProjectsPage me={me} />} />
            <Route path="/projects/:code" element={<ProjectDetailPage me={me} />} />
            <Route path="/demand" element={<DemandPage />} />
            <Route path="/directories" element={<DirectoriesPage me={me} />} />
            <Route path="/labour-market" element={<LabourMarketPage me={me} />} />
            <Route path="/targets" element={<TargetsPage me={me} />} />
            <Route path="/inbox" element={<InboxPage />} />
            <Route path="/reports" element={<ReportsPage me={me} />} />
            <Route path="/orders" element={<JobOrdersPage />} />
            <Route path="/training" element={<MyTrainingPage />} />
            <Route path="/decisions" element={<DecisionsPage />} />
            <Route path="/kpi" element={<KpiPage />} />
            <Route path="/dashboard" element={<DashboardPage />} />
            <Route path="/me" element={<MySubsidiesPage />} />
            <Route path="/profile" element={<ProfilePage />} />
            <Route path="/craftsmen" element={<CraftsmenPage me={me} />} />
            <Route path="/assessments" element={<AssessmentsPage />} />
            <Route path="/reviews" element={<ReviewsPage />} />
            <Route path="/integrity" element={<IntegrityPage />} />
            <Route path="/payments" element={me ? <PaymentsPage me={me} /> : <Navigate to="/login" />} />
            <Route path="/import" element={<ImportPage me={me} />} />
            <Route path="/accounts" element={<AccountsPage />} />
            <Route path="/operations" element={<OperationsPage />} />
          </Routes>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

export function App() {
  const [lang, setLangRaw] = useState<Lang>((localStorage.getItem('lang') as Lang) || 'zh');
  const setLang = (l: Lang) => {
    localStorage.setItem('lang', l);
    setLangRaw(l);
  };
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
            <Route path="/verify" element={<VerifyPage />} />
            <Route path="/login" element={me ? <Navigate to="/" /> : <LoginPage onLogin={setMe} />} />
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
