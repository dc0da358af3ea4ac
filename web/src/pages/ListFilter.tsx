import { Button, Space, Tag } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useT } from '../i18n.ts';

/**
 * A list opened from a to-do card (`/projects?status=dispatched`): the filters the address carries,
 * among `keys`, as they go to the API (`?status=dispatched`), and a way back to the whole list.
 */
export function useListFilter(keys: readonly string[]) {
  const [params, setParams] = useSearchParams();
  const active = keys.flatMap((k) => {
    const v = params.get(k);
    return v ? [[k, v] as [string, string]] : [];
  });
  const values = Object.fromEntries(active) as Record<string, string | undefined>;
  return {
    values,
    /** `status=dispatched&todo=close`, or '' when the list is not filtered. */
    query: new URLSearchParams(active).toString(),
    clear: () => {
      const next = new URLSearchParams(params);
      for (const k of keys) next.delete(k);
      setParams(next);
    },
  };
}

/** Says the list is filtered, in words, with a button that shows the whole list again. */
export function FilterNote({ text, onClear }: { text: string | null; onClear: () => void }) {
  const t = useT();
  if (!text) return null;
  return (
    <Space wrap style={{ marginBottom: 12 }} data-testid="list-filter">
      <Tag color="blue" style={{ fontSize: 13, padding: '2px 8px' }}>
        {t('已筛选')}：{text}
      </Tag>
      <Button size="small" onClick={onClear}>
        {t('显示全部')}
      </Button>
    </Space>
  );
}

/** `/api/x` + `?query` when there is one. */
export const withQuery = (path: string, query: string, more = '') => {
  const q = [query, more].filter(Boolean).join('&');
  return q ? `${path}?${q}` : path;
};
