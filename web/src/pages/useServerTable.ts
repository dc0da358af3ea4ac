import type { TablePaginationConfig } from 'antd';
import type { SorterResult, SortOrder } from 'antd/es/table/interface';
import { useSearchParams } from 'react-router-dom';
import { useT } from '../i18n.ts';
import { useData } from './useData.ts';

const PAGING = ['page', 'size', 'sort', 'order'];

/**
 * A table whose rows are filtered, sorted and paged by the server (lists that grow past 50 rows).
 * The address bar holds the state (`?decision=review&sort=amount_fen&order=desc&page=2`), so a link
 * from a to-do card opens the list already narrowed and the back button undoes a click. The export
 * link carries the same filters, so the XLSX is the filtered view.
 *
 * Two tables on one page keep apart with `prefix` (their address-bar keys are `prefix + key`);
 * `rename` sends an address-bar filter to the server under another name (`?requests=open` → `status=open`).
 */
export function useServerTable<Row>(
  path: string,
  filterKeys: readonly string[],
  defaultSize = 20,
  { prefix = '', rename = {} }: { prefix?: string; rename?: Record<string, string> } = {},
) {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(filterKeys.map((k) => [k, params.get(prefix + k) ?? undefined])) as Record<
    string,
    string | undefined
  >;
  const current = Number(params.get(`${prefix}page`)) || 1;
  const pageSize = Number(params.get(`${prefix}size`)) || defaultSize;
  const sort = params.get(`${prefix}sort`) ?? undefined;
  const orderParam = params.get(`${prefix}order`);
  const order = orderParam === 'desc' ? 'desc' : orderParam === 'asc' ? 'asc' : undefined;

  const filterQuery = new URLSearchParams();
  for (const k of filterKeys) if (filters[k]) filterQuery.set(rename[k] ?? k, filters[k] as string);
  const pageQuery = new URLSearchParams(filterQuery);
  pageQuery.set('offset', String((current - 1) * pageSize));
  pageQuery.set('limit', String(pageSize));
  if (sort && order) {
    pageQuery.set('sort', sort);
    pageQuery.set('order', order);
  }
  const { data, error, loading, reload } = useData<{ items: Row[]; total: number }>(
    path ? `${path}?${pageQuery}` : null,
  );

  const update = (changes: Record<string, string | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === undefined || v === '') next.delete(prefix + k);
          else next.set(prefix + k, v);
        }
        return next;
      },
      { replace: false },
    );

  return {
    filters,
    /** Narrows the list; back to the first page, because the old page number means nothing now. */
    setFilter: (key: string, value: string | undefined) => update({ [key]: value, page: undefined }),
    clearFilters: () => update(Object.fromEntries([...filterKeys, ...PAGING].map((k) => [k, undefined]))),
    error,
    reload,
    total: data?.total,
    exportHref: `${path}.xlsx${filterQuery.size ? `?${filterQuery}` : ''}`,
    /** A column the server sorts by `key`; its arrow shows the server's order. */
    sortable: (key: string) => ({
      key,
      sorter: true,
      sortOrder: (sort === key ? (order === 'desc' ? 'descend' : 'ascend') : null) as SortOrder,
    }),
    tableProps: {
      dataSource: data?.items ?? [],
      loading,
      pagination: {
        current,
        pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: [20, 50, 100],
        showTotal: (n: number) => `${t('共')} ${n.toLocaleString('zh-CN')} ${t('条')}`,
      } satisfies TablePaginationConfig,
      onChange: (p: TablePaginationConfig, _filters: unknown, sorter: SorterResult<Row> | SorterResult<Row>[]) => {
        const s = Array.isArray(sorter) ? sorter[0] : sorter;
        const key = s?.order ? String(s.columnKey ?? s.field) : undefined;
        update({
          page: p.current && p.current > 1 ? String(p.current) : undefined,
          size: p.pageSize && p.pageSize !== defaultSize ? String(p.pageSize) : undefined,
          sort: key,
          order: key ? (s.order === 'descend' ? 'desc' : 'asc') : undefined,
        });
      },
    },
  };
}
