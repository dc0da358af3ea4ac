import { Card, Empty, Grid, Pagination, Table, type TableProps } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { useState, type CSSProperties, type ReactNode } from 'react';

/** Below antd's md breakpoint (768 px): a phone. */
export function usePhone(): boolean {
  const screens = Grid.useBreakpoint();
  return screens.md === false;
}

const LABEL: CSSProperties = { color: 'rgba(0,0,0,0.55)', flex: '0 0 6.5em' };
const VALUE: CSSProperties = { flex: '1 1 auto', minWidth: 0, overflowWrap: 'anywhere' };

/** A column's cell as the table would draw it. */
function cell<T>(col: ColumnType<T>, row: T, index: number): ReactNode {
  const key = col.dataIndex as keyof T | undefined;
  const value = key !== undefined ? row[key] : undefined;
  if (col.render) return col.render(value, row, index) as ReactNode;
  return value === null || value === undefined ? '' : (value as ReactNode);
}

/**
 * A list that is a table on a wide screen and cards on a phone (issue 18: nothing scrolls sideways
 * at 360–430 px). The same columns: on a card each titled column is a "label value" line, the first
 * column the card's title, and untitled columns (actions) at the bottom. `data-testid` is kept.
 */
export function CardTable<T extends object>(
  props: TableProps<T> & { columns: ColumnType<T>[]; 'data-testid'?: string },
) {
  const phone = usePhone();
  const [page, setPage] = useState(1);
  if (!phone) return <Table<T> {...props} />;
  const all = (props.dataSource ?? []) as T[];
  // As the table pages (10 a page unless told otherwise), so a long list stays short on a phone.
  const size = props.pagination === false ? all.length || 1 : (props.pagination?.pageSize ?? 10);
  const rows = all.slice((page - 1) * size, page * size);
  const keyOf = (row: T, i: number): string =>
    typeof props.rowKey === 'function'
      ? String(props.rowKey(row))
      : props.rowKey
        ? String(row[props.rowKey as keyof T])
        : String(i);
  const [head, ...rest] = props.columns;
  const titled = rest.filter((c) => c.title);
  const actions = rest.filter((c) => !c.title);
  return (
    <div data-testid={props['data-testid']} data-cards="true" style={{ display: 'grid', gap: 8, ...props.style }}>
      {rows.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      {rows.map((row, i) => (
        <Card
          key={keyOf(row, i)}
          onClick={props.onRow?.(row, i)?.onClick as (() => void) | undefined}
          size="small"
          className="ant-table-row"
          title={head ? <span style={{ whiteSpace: 'normal' }}>{cell(head, row, i)}</span> : undefined}
          styles={{ body: { padding: '8px 12px' } }}
        >
          {titled.map((c, j) => {
            const value = cell(c, row, i);
            if (
              value === '' ||
              value === null ||
              value === undefined ||
              value === false ||
              (Array.isArray(value) && !value.length)
            )
              return null;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed
              <div key={j} style={{ display: 'flex', gap: 8, padding: '2px 0' }}>
                <span style={LABEL}>{c.title as ReactNode}</span>
                <span style={VALUE}>{value}</span>
              </div>
            );
          })}
          {actions.map((c, j) => {
            const value = cell(c, row, i);
            return value ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed
              <div key={`a${j}`} style={{ marginTop: 8 }}>
                {value}
              </div>
            ) : null;
          })}
        </Card>
      ))}
      {all.length > size && (
        <Pagination
          simple
          size="small"
          current={page}
          pageSize={size}
          total={all.length}
          onChange={setPage}
          style={{ textAlign: 'center', marginTop: 4 }}
        />
      )}
    </div>
  );
}
