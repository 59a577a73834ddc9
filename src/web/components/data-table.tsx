/**
 * A list of records: an Ant Design Table on wide screens, a list of cards on phones (every column
 * becomes a labelled line, the `title` column the card's head), with the same sorting on both.
 *
 *   <DataTable rows={items} rowKey="id" testId="applications" columns={[
 *     { key: 'title', title: t('…'), render: (a) => <Link …/>, card: 'title' },
 *     { key: 'amount', title: t('…'), render: (a) => <Money fen={a.amount} />, sort: (a, b) => a.amount - b.amount, align: 'right' },
 *   ]} />
 */
import { Card, Empty, Grid, Select, Table } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import { type HTMLAttributes, type ReactNode, useMemo, useState } from 'react';
import { useI18n } from '../i18n/index.ts';

export interface Column<T> {
  key: string;
  title: ReactNode;
  /** Plain text of the title, for the phone's sort menu when `title` is not a string. */
  sortLabel?: string;
  render: (row: T) => ReactNode;
  /** Makes the column sortable (the table's header, the phone's sort menu). */
  sort?: (a: T, b: T) => number;
  defaultSort?: 'ascend' | 'descend';
  align?: 'left' | 'right' | 'center';
  width?: number | string;
  /** On a card: the head ('title'), a line (default) or left out ('hidden'). */
  card?: 'title' | 'line' | 'hidden';
  /** Keeps the column on one line in the table. */
  nowrap?: boolean;
}

export function DataTable<T>({
  rows,
  columns,
  rowKey,
  testId,
  rowProps,
  empty,
  pageSize,
  caption,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  testId?: string;
  /** data-* attributes of a row (and of its card), for styling and tests. */
  rowProps?: (row: T) => Record<string, string | undefined>;
  empty?: ReactNode;
  /** Paged at this size; all rows when absent. */
  pageSize?: number;
  /** What the table lists, for screen readers. */
  caption?: string;
}) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  // Until the breakpoints are known (first render), assume a wide screen.
  const phone = screens.md === false;
  const initial = columns.find((c) => c.defaultSort);
  const [sort, setSort] = useState<{ key: string; order: SortOrder } | null>(
    initial ? { key: initial.key, order: initial.defaultSort ?? 'ascend' } : null,
  );

  const sorted = useMemo(() => {
    const col = sort && columns.find((c) => c.key === sort.key);
    if (!col?.sort || !sort?.order) return rows;
    const dir = sort.order === 'descend' ? -1 : 1;
    return [...rows].sort((a, b) => dir * col.sort!(a, b));
  }, [rows, columns, sort]);

  if (phone) {
    const sortable = columns.filter((c) => c.sort);
    const titleCol = columns.find((c) => c.card === 'title');
    return (
      <div className="card-list-wrap">
        {sortable.length > 0 && rows.length > 1 ? (
          <Select
            className="card-sort"
            aria-label={t('table.sortBy')}
            value={sort ? `${sort.key}:${sort.order}` : ''}
            onChange={(v: string) => {
              const [key = '', order] = v.split(':');
              setSort(key ? { key, order: (order as SortOrder) ?? 'ascend' } : null);
            }}
            options={[
              { value: '', label: t('table.sortNone') },
              ...sortable.flatMap((c) => {
                const label = c.sortLabel ?? (typeof c.title === 'string' ? c.title : c.key);
                return [
                  { value: `${c.key}:ascend`, label: `${label} ↑` },
                  { value: `${c.key}:descend`, label: `${label} ↓` },
                ];
              }),
            ]}
          />
        ) : null}
        {sorted.length === 0 ? (
          (empty ?? <Empty description={t('common.noResults')} />)
        ) : (
          <ul className="card-list" data-testid={testId} aria-label={caption}>
            {sorted.map((row) => (
              <li key={rowKey(row)} {...rowProps?.(row)}>
                <Card size="small" title={titleCol ? titleCol.render(row) : undefined}>
                  <dl className="card-lines">
                    {columns
                      .filter((c) => c !== titleCol && c.card !== 'hidden')
                      .map((c) => (
                        <div key={c.key} className="card-line">
                          <dt>{c.title}</dt>
                          <dd>{c.render(row)}</dd>
                        </div>
                      ))}
                  </dl>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }

  return (
    <div data-testid={testId} className="data-table-wrap">
      <Table<T>
        className="data-table"
        size="middle"
        rowKey={rowKey}
        dataSource={sorted}
        pagination={pageSize ? { pageSize, showSizeChanger: false, hideOnSinglePage: true } : false}
        locale={{ emptyText: empty ?? <Empty description={t('common.noResults')} /> }}
        onRow={(row) => (rowProps?.(row) ?? {}) as HTMLAttributes<HTMLElement>}
        onChange={(_p, _f, s) => {
          const one = Array.isArray(s) ? s[0] : s;
          setSort(one?.order ? { key: String(one.columnKey), order: one.order } : null);
        }}
        columns={columns.map((c) => ({
          key: c.key,
          title: c.title,
          align: c.align,
          width: c.width,
          className: c.nowrap ? 'nowrap' : undefined,
          render: (_: unknown, row: T) => c.render(row),
          ...(c.sort
            ? {
                sorter: true,
                sortOrder: sort?.key === c.key ? sort.order : null,
                showSorterTooltip: false,
              }
            : {}),
        }))}
      />
    </div>
  );
}
