import { useContext, useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { Alert, Button, Card, Segmented } from 'antd';
import {
  AccountBookOutlined,
  HomeOutlined,
  ReadOutlined,
  RightOutlined,
  SearchOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Me } from './api.ts';
import { NETWORK_EVENT } from './api/client.ts';
import { LangContext, useT, type Lang } from './i18n.ts';

/**
 * The worker's phone app (issue 18): under 768 px a worker moves by a bottom tab bar — 首页, 找培训,
 * 我的培训, 我的补贴, 我的 — instead of the side drawer; 我的 holds 我的档案, the language and 退出.
 * Officials keep the console (drawer under 768 px).
 */

/** The bar's height above the safe area; the page leaves this much room at its foot. */
export const TAB_BAR_HEIGHT = 56;

const TABS: { path: string; label: string; icon: ReactNode; testId: string; also?: string[] }[] = [
  { path: '/', label: '首页', icon: <HomeOutlined />, testId: 'tab-home' },
  { path: '/courses', label: '找培训', icon: <SearchOutlined />, testId: 'tab-courses' },
  { path: '/training', label: '我的培训', icon: <ReadOutlined />, testId: 'tab-training' },
  { path: '/me', label: '我的补贴', icon: <AccountBookOutlined />, testId: 'tab-subsidies', also: ['/decisions'] },
  { path: '/mine', label: '我的', icon: <UserOutlined />, testId: 'tab-mine', also: ['/profile'] },
];

const BAR: CSSProperties = {
  position: 'fixed',
  left: 0,
  right: 0,
  bottom: 0,
  zIndex: 100,
  display: 'flex',
  background: '#fff',
  borderTop: '1px solid #f0f0f0',
  boxShadow: '0 -2px 8px rgba(0,0,0,0.04)',
  paddingBottom: 'env(safe-area-inset-bottom)',
};

/** The fixed bottom tab bar: icons with labels, each at least 48 px tall, the current one in blue. */
export function PhoneTabBar() {
  const t = useT();
  const { pathname } = useLocation();
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return (
    <nav style={BAR} aria-label={t('主导航')} data-testid="tab-bar">
      {TABS.map((tab) => {
        const active = path === tab.path || (tab.also ?? []).includes(path);
        return (
          <Link
            key={tab.path}
            to={tab.path}
            data-testid={tab.testId}
            aria-current={active ? 'page' : undefined}
            style={{
              flex: '1 1 0',
              minWidth: 0,
              height: TAB_BAR_HEIGHT,
              minHeight: 48,
              display: 'flex',
              flexDirection: 'column',
              alignItems: 'center',
              justifyContent: 'center',
              gap: 2,
              color: active ? '#1677ff' : 'rgba(0,0,0,0.6)',
              fontWeight: active ? 600 : 400,
            }}
          >
            <span style={{ fontSize: 22, lineHeight: 1 }}>{tab.icon}</span>
            <span style={{ fontSize: 12, lineHeight: '16px', whiteSpace: 'nowrap' }}>{t(tab.label)}</span>
          </Link>
        );
      })}
    </nav>
  );
}

const ROW: CSSProperties = {
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'space-between',
  minHeight: 52,
  padding: '0 4px',
  borderBottom: '1px solid #f0f0f0',
  color: 'rgba(0,0,0,0.88)',
  fontSize: 16,
};

/** 我的: who I am, 我的档案, the language, 退出, and the other pages a worker may open. */
export function MinePage({
  me,
  onLogout,
  more,
}: {
  me: Me;
  onLogout: () => void;
  more: { path: string; label: string }[];
}) {
  const t = useT();
  const { lang, setLang } = useContext(LangContext);
  return (
    <div data-testid="mine" style={{ maxWidth: 640 }}>
      <Card size="small" style={{ marginBottom: 12 }}>
        <div style={{ fontSize: 20, fontWeight: 600 }} data-testid="whoami">
          {me.displayName}
        </div>
        <div style={{ color: 'rgba(0,0,0,0.55)' }}>{lang === 'en' ? me.roleName.en : me.roleName.zh}</div>
      </Card>
      <Card size="small" styles={{ body: { padding: '0 12px' } }} style={{ marginBottom: 12 }}>
        <Link to="/profile" style={ROW} data-testid="mine-profile">
          <span>{t('我的档案')}</span>
          <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
        </Link>
        <div style={ROW}>
          <span>{t('语言')}</span>
          <Segmented
            value={lang}
            onChange={(v) => setLang(v as Lang)}
            options={[
              { label: '中文', value: 'zh' },
              { label: 'EN', value: 'en' },
            ]}
            data-testid="mine-language"
          />
        </div>
      </Card>
      {more.length > 0 && (
        <Card size="small" title={t('更多')} styles={{ body: { padding: '0 12px' } }} style={{ marginBottom: 12 }}>
          {more.map((m) => (
            <Link key={m.path} to={m.path} style={ROW}>
              <span>{t(m.label)}</span>
              <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
            </Link>
          ))}
        </Card>
      )}
      <Button block size="large" danger onClick={onLogout} data-testid="logout" style={{ height: 48 }}>
        {t('退出')}
      </Button>
    </div>
  );
}

/**
 * Whether the app can reach the server: the browser's own flag, and what the last API call found
 * (a fetch that failed for network reasons says offline; any answer from the server says online).
 */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    const fromApi = (e: Event) => setOnline((e as CustomEvent<boolean>).detail);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    window.addEventListener(NETWORK_EVENT, fromApi);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      window.removeEventListener(NETWORK_EVENT, fromApi);
    };
  }, []);
  return online;
}

/** The banner every page shows while the network is gone: what is on screen may be out of date. */
export function OfflineBanner() {
  const t = useT();
  const online = useOnline();
  if (online) return null;
  return (
    <Alert
      type="warning"
      showIcon
      banner
      message={t('网络已断开，显示的可能不是最新内容')}
      style={{ marginBottom: 12 }}
      data-testid="offline-banner"
    />
  );
}
