import { Alert, Button, Card, Col, List, Progress, Row, Segmented, Space, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Me } from '../api.ts';
import type { ApiGet, Item } from '../api/client.ts';
import { num } from '../format.ts';
import { useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { percent } from './pace-scale.ts';
import { Forecast, Gap } from './PaceViews.tsx';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

type Board = ApiGet<'/api/holders/{id}/board'>;
type TargetRow = Item<Board['rows']>;
type Reminder = Item<ApiGet<'/api/inbox'>>;

const YEARS = [2025, 2026, 2027];
/** The plan's three indicators in the plan's order (the server sorts them by code). */
const ORDER = ['subsidized_trainings', 'new_certificates', 'new_high_skill'];

/**
 * 本单位目标进度: an "N" holder's liaison (holder_officer) reads its own holder's yearly targets,
 * their pace by the board's rule, and the 督促提醒 the holder received — nothing of any other holder
 * (docs/programmes.md § A holder's own account).
 */
export function MyTargetsPage({ me }: { me: Me }) {
  const t = useT();
  const { label } = useLabels();
  const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
  const [year, setYear] = useState(YEARS.includes(thisYear) ? thisYear : YEARS[YEARS.length - 1]!);
  const board = useData<Board>(me.holderId ? `/api/holders/${me.holderId}/board?year=${year}` : null);
  const inbox = useData<ApiGet<'/api/inbox'>>('/api/inbox?kind=holder');
  const action = useAction(inbox.reload);
  const h = board.data?.holder;
  const basis = board.data?.rows[0]?.basis;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="my-targets">
      {(board.error || inbox.error || action.error) && (
        <Alert type="error" message={board.error ?? inbox.error ?? action.error} />
      )}
      {h && (
        <div>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="holder-name">
            {h.name}
          </Typography.Title>
          <Typography.Text type="secondary">
            {[
              label('holderKind', h.kind),
              h.sectorName,
              basis === 'carrier' || (!basis && h.carrierName)
                ? `${t('统计口径')}：${t('载体项目')}（${h.carrierName}）`
                : `${t('统计口径')}：${t('所属领域')}`,
            ].join(' · ')}
          </Typography.Text>
        </div>
      )}
      <Segmented
        value={year}
        onChange={(v) => setYear(Number(v))}
        options={YEARS.map((y) => ({ value: y, label: `${y}年` }))}
      />
      {board.data && board.data.rows.length === 0 && (
        <Alert type="info" message={t('省人社厅尚未为本单位设定该年度目标')} />
      )}
      <Row gutter={[12, 12]}>
        {[...(board.data?.rows ?? [])]
          .sort((a, b) => ORDER.indexOf(a.indicator) - ORDER.indexOf(b.indicator))
          .map((r) => (
            <Col xs={24} md={8} key={r.indicator}>
              <TargetCard r={r} asOf={board.data!.asOf} />
            </Col>
          ))}
      </Row>
      <Card size="small" title={t('督促提醒')} data-testid="my-reminders">
        <List
          dataSource={inbox.data ?? []}
          loading={inbox.loading}
          locale={{ emptyText: t('暂无督促提醒：各项指标均在按期进度以内') }}
          renderItem={(r: Reminder) => (
            <List.Item
              actions={[
                r.read_at ? (
                  <Tag key="read">{t('已读')}</Tag>
                ) : (
                  <Button key="read" size="small" onClick={() => action.run(`/api/inbox/${r.id}/read`)}>
                    {t('标记已读')}
                  </Button>
                ),
              ]}
            >
              <List.Item.Meta
                title={`${t('周')} ${r.week_of} · ${label('indicator', r.indicator)}`}
                description={
                  <>
                    {`${t('累计')} ${num(r.actual)} / ${t('按期应完成')} ${num(r.pro_rata_target)} / ${t('年度目标')} ${num(r.target)} · `}
                    <Forecast p={{ reachable: r.reachable, forecastDate: r.forecast_date, periodEnd: r.period_end }} />
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}

/** One indicator's year: what is done, what the pace asks by today, and whether the year's target is in reach. */
function TargetCard({ r, asOf }: { r: TargetRow; asOf: string }) {
  const t = useT();
  const { label } = useLabels();
  return (
    <Card
      size="small"
      data-testid={`target-${r.indicator}`}
      title={label('indicator', r.indicator)}
      extra={r.behind ? <Tag color="red">{t('落后')}</Tag> : <Tag color="green">{t('按期')}</Tag>}
    >
      <Statistic
        title={`${t('截至')} ${asOf} ${t('累计')}`}
        value={num(r.actual)}
        suffix={<span style={{ fontSize: 14 }}>{`/ ${num(r.target)}`}</span>}
      />
      <Progress
        percent={Math.min(100, Math.round(r.completion * 1000) / 10)}
        status={r.behind ? 'exception' : 'normal'}
        format={(p) => `${p}%`}
      />
      <div style={{ lineHeight: 1.9 }}>
        <div>
          {t('按期应完成')}：{num(r.proRataTarget)}（{t('按期进度')} {percent(r.progress)}）
        </div>
        <div>
          {t('距按期差距（人）')}：<Gap gap={r.gap} />
        </div>
        <div>
          {t('预计完成')}：<Forecast p={r} />
        </div>
      </div>
    </Card>
  );
}
