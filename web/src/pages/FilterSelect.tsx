import { Input, Select } from 'antd';

/** What a filter select needs of a server table (useServerTable): the URL's filters and how to set one. */
interface FilterState {
  filters: Record<string, string | undefined>;
  setFilter: (key: string, value: string | undefined) => void;
}

/**
 * One filter of a server-side list: a clearable select bound to the `name` parameter in the address
 * bar, its placeholder and accessible name the same words, options named (never codes).
 */
export function FilterSelect({
  table,
  name,
  label,
  options,
  width = 130,
}: {
  table: FilterState;
  name: string;
  label: string;
  options: { value: string | number; label: string }[];
  width?: number;
}) {
  return (
    <Select
      allowClear
      placeholder={label}
      style={{ width }}
      value={table.filters[name]}
      onChange={(v) => table.setFilter(name, v === undefined ? undefined : String(v))}
      options={options}
      aria-label={label}
    />
  );
}

/** A search box bound to a server table's `q` filter. */
export function TableSearch({
  table,
  placeholder,
  width = 260,
}: {
  table: FilterState;
  placeholder: string;
  width?: number;
}) {
  return (
    <Input.Search
      allowClear
      key={table.filters.q ?? ''}
      defaultValue={table.filters.q}
      placeholder={placeholder}
      aria-label={placeholder}
      onSearch={(v) => table.setFilter('q', v || undefined)}
      style={{ width }}
    />
  );
}
