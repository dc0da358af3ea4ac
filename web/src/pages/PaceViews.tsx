import { Typography } from 'antd';
import { useT } from '../i18n.ts';
import { COOL, NEUTRAL, percent, WARM } from './pace-scale.ts';

/** The fields of the server's pace (reporting.schema.ts) a forecast is told from. */
export interface ForecastOf {
  reachable: boolean;
  forecastDate: string | null;
  periodEnd: string;
  actual?: number;
  target?: number;
}

/** The forecast: a date by the plan's end, 已完成, or in words that the end is out of reach at this rate. */
export function Forecast({ p }: { p: ForecastOf }) {
  const t = useT();
  if (p.target && p.actual !== undefined && p.actual >= p.target)
    return <Typography.Text type="success">{t('已完成')}</Typography.Text>;
  if (p.reachable) return <Typography.Text type="success">{p.forecastDate ?? '—'}</Typography.Text>;
  return (
    <Typography.Text type="danger" data-testid="unreachable">
      {t('按当前速度无法在{year}年底完成').replace('{year}', p.periodEnd.slice(0, 4))}
    </Typography.Text>
  );
}

/** Persons short of the pro-rata target, or ahead of it. */
export function Gap({ gap }: { gap: number }) {
  const t = useT();
  if (gap > 0) return <>{gap.toLocaleString('zh-CN')}</>;
  if (gap < 0)
    return <Typography.Text type="success">{`${t('超前')} ${(-gap).toLocaleString('zh-CN')}`}</Typography.Text>;
  return <>{t('按期')}</>;
}

/** The map's legend: what the colours mean, with the range of paces the warm and cool sides span. */
export function PaceLegend({ rows }: { rows: readonly { progress: number; behind: boolean; cityName: string }[] }) {
  const t = useT();
  const behind = rows.filter((r) => r.behind).sort((a, b) => a.progress - b.progress);
  const ahead = rows.filter((r) => !r.behind && r.progress > 1).sort((a, b) => a.progress - b.progress);
  const end = (r: { cityName: string; progress: number } | undefined) =>
    r ? `${r.cityName} ${percent(r.progress)}` : '';
  return (
    <div data-testid="pace-legend" style={{ fontSize: 12, color: '#555' }}>
      <div
        style={{
          height: 10,
          borderRadius: 2,
          background: `linear-gradient(to right, ${WARM[1]}, ${WARM[0]} 45%, ${NEUTRAL} 50%, ${COOL[0]} 55%, ${COOL[1]})`,
        }}
      />
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <span>
          {t('落后')}
          {behind.length > 0 && ` · ${t('最落后')} ${end(behind[0])}`}
        </span>
        <span>{t('按期')} 100%</span>
        <span style={{ textAlign: 'right' }}>
          {t('超前')}
          {ahead.length > 0 && ` · ${t('最超前')} ${end(ahead.at(-1))}`}
        </span>
      </div>
      <div style={{ marginTop: 4 }}>
        {t(
          '按期进度 = 累计 ÷ 按期应完成（目标 × 已过时间占比）。暖色落后、中性按期、冷色超前；颜色深浅表示各市之间的相对位置，各市都远低于目标时也能比较。',
        )}
      </div>
    </div>
  );
}
