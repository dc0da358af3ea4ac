import { Timeline, Typography } from 'antd';

export interface HistoryEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** A record's change history from the audit log: who changed what, when, before → after. */
export function History({ entries }: { entries: HistoryEntry[] }) {
  if (!entries.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Timeline
      data-testid="history"
      items={entries.map((e) => {
        const keys = [...new Set([...Object.keys(e.before ?? {}), ...Object.keys(e.after ?? {})])].filter(
          (k) => JSON.stringify(e.before?.[k]) !== JSON.stringify(e.after?.[k]),
        );
        return {
          children: (
            <div>
              <Typography.Text strong>{new Date(e.at).toLocaleString('zh-CN', { hour12: false })}</Typography.Text> ·{' '}
              {e.actor} · <code>{e.action}</code>
              {keys.map((k) => (
                <div key={k} style={{ fontSize: 12 }}>
                  {k}:{' '}
                  <Typography.Text delete type="secondary">
                    {JSON.stringify(e.before?.[k] ?? '')}
                  </Typography.Text>{' '}
                  → {JSON.stringify(e.after?.[k] ?? '')}
                </div>
              ))}
            </div>
          ),
        };
      })}
    />
  );
}
