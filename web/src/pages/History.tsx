import { Timeline, Typography } from 'antd';
import type { Schemas } from '../api/client.ts';

/** One audit entry of a record, as the person and institution details send it. */
export type HistoryEntry = Schemas['RecordHistoryEntry'];

/** A snapshot's fields (the audit log keeps each side as a JSON object, or nothing). */
const fieldsOf = (x: unknown): Record<string, unknown> =>
  x && typeof x === 'object' ? (x as Record<string, unknown>) : {};

/** A record's change history from the audit log: who changed what, when, before → after. */
export function History({ entries }: { entries: HistoryEntry[] }) {
  if (!entries.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Timeline
      data-testid="history"
      items={entries.map((e) => {
        const before = fieldsOf(e.before);
        const after = fieldsOf(e.after);
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
          (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
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
                    {JSON.stringify(before[k] ?? '')}
                  </Typography.Text>{' '}
                  → {JSON.stringify(after[k] ?? '')}
                </div>
              ))}
            </div>
          ),
        };
      })}
    />
  );
}
