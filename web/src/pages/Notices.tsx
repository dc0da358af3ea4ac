import { BellOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Empty, Segmented, Space, Typography } from 'antd';
import { useContext, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api.ts';
import type { ApiGet, ApiPost, Item } from '../api/client.ts';
import { dateTime } from '../format.ts';
import { LangContext, useT } from '../i18n.ts';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

type Page = ApiGet<'/api/me/notices'>;
type Notice = Item<Page>;

/** Marking read on the page tells the bell in the header to count again. */
const CHANGED = 'jineng:notices-changed';
const changed = () => window.dispatchEvent(new Event(CHANGED));

/** The bell in the header: the unread count, counted again on each page change, each minute and after marking read. */
export function NoticeBell({ compact }: { compact?: boolean }) {
  const t = useT();
  const loc = useLocation();
  const [unread, setUnread] = useState(0);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const again = () => setTick((x) => x + 1);
    window.addEventListener(CHANGED, again);
    const timer = setInterval(again, 60_000);
    return () => {
      window.removeEventListener(CHANGED, again);
      clearInterval(timer);
    };
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path and tick are the triggers
  useEffect(() => {
    let live = true;
    api<ApiGet<'/api/me/notices/unread'>>('/api/me/notices/unread').then(
      (r) => live && setUnread(r.unread),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [loc.pathname, tick]);
  return (
    <Link
      to="/notices"
      aria-label={`${t('消息')}${unread ? ` (${unread} ${t('条未读')})` : ''}`}
      data-testid="notice-bell"
    >
      <Badge count={unread} size="small" overflowCount={99} data-testid="notice-count">
        <BellOutlined style={{ color: '#fff', fontSize: compact ? 18 : 20, padding: 4 }} />
      </Badge>
    </Link>
  );
}

const PAGE = 20;

/** 消息: the user's notices as cards, newest first; opening one marks it read and goes to its page. */
export function NoticesPage() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const navigate = useNavigate();
  const [only, setOnly] = useState<'all' | 'unread'>('all');
  const [limit, setLimit] = useState(PAGE);
  const { data, error, reload } = useData<Page>(
    `/api/me/notices?limit=${limit}${only === 'unread' ? '&unread=true' : ''}`,
  );
  const action = useAction(() => {
    reload();
    changed();
  });
  const open = async (n: Notice) => {
    if (!n.readAt) await action.run<ApiPost<'/api/me/notices/{id}/read'>>(`/api/me/notices/${n.id}/read`);
    if (n.link) navigate(n.link);
  };
  const text = (x: { zh: string; en: string }) => (lang === 'en' ? x.en : x.zh);
  return (
    <div style={{ maxWidth: 720 }} data-testid="notices-page">
      <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Segmented
          value={only}
          onChange={(v) => {
            setOnly(v as 'all' | 'unread');
            setLimit(PAGE);
          }}
          options={[
            { label: t('全部'), value: 'all' },
            { label: `${t('未读')}${data?.unread ? ` ${data.unread}` : ''}`, value: 'unread' },
          ]}
        />
        <Button
          onClick={() => action.run('/api/me/notices/read-all')}
          disabled={!data?.unread}
          data-testid="notices-read-all"
        >
          {t('全部标为已读')}
        </Button>
      </Space>
      {(error || action.error) && <Alert type="error" message={error ?? action.error} style={{ marginBottom: 12 }} />}
      {data && data.items.length === 0 && <Empty description={only === 'unread' ? t('没有未读消息') : t('暂无消息')} />}
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {data?.items.map((n) => (
          <Card
            key={n.id}
            size="small"
            hoverable={!!n.link}
            onClick={() => open(n)}
            data-testid="notice"
            data-kind={n.kind}
            styles={{ body: { padding: 12 } }}
            style={{ borderInlineStart: n.readAt ? undefined : '3px solid #1677ff' }}
          >
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              <Space size={8} style={{ justifyContent: 'space-between', width: '100%' }} align="start">
                <Typography.Text strong={!n.readAt} style={{ fontSize: 15 }}>
                  {!n.readAt && <Badge status="processing" style={{ marginInlineEnd: 6 }} />}
                  {text(n.title)}
                </Typography.Text>
              </Space>
              <Typography.Paragraph style={{ margin: 0, overflowWrap: 'anywhere' }}>
                {text(n.body)}
              </Typography.Paragraph>
              <Space size={12} wrap>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {dateTime(n.createdAt)}
                </Typography.Text>
                {n.link && <Typography.Link style={{ fontSize: 13 }}>{t('查看详情')}</Typography.Link>}
              </Space>
            </Space>
          </Card>
        ))}
      </Space>
      {data && data.total > data.items.length && (
        <Button block style={{ marginTop: 12 }} onClick={() => setLimit(limit + PAGE)} data-testid="notices-more">
          {t('加载更多')}
        </Button>
      )}
    </div>
  );
}
