/**
 * List filters, one way on every page: they live in the URL (a filtered list can be bookmarked,
 * shared, and "back" keeps it), laid out as a bar of labelled fields above the list.
 *
 *   const f = useUrlFilters();
 *   <FilterBar footer={…}>
 *     <FilterSelect id="q-state" label={t('…')} value={f.get('state')} onChange={(v) => f.set('state', v)} options={…} />
 *   </FilterBar>
 *   …list of `limit=PAGE&offset=(f.page - 1) * PAGE`…  <UrlPager total={data.total} pageSize={PAGE} />
 *
 * A long list's page is a filter too (`page`, 1-based): changing any other filter goes back to page 1,
 * so a narrowed list never opens on an empty later page.
 */
import { Card, Form, Pagination, Select } from 'antd';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useI18n } from '../i18n/index.ts';

const PAGE = 'page';

export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  return {
    params,
    get: (name: string) => params.get(name) ?? '',
    /** The list's page, 1-based (`page` in the URL). */
    page: Math.max(1, Number(params.get(PAGE)) || 1),
    set(name: string, value: string) {
      const next = new URLSearchParams(params);
      if (value) next.set(name, value);
      else next.delete(name);
      if (name !== PAGE) next.delete(PAGE);
      setParams(next, { replace: true });
    },
    clear: () => setParams(new URLSearchParams(), { replace: true }),
  };
}

export function FilterBar({
  children,
  footer,
  className,
}: {
  children: ReactNode;
  footer?: ReactNode;
  className?: string;
}) {
  const { t } = useI18n();
  return (
    <search aria-label={t('common.search')} className={className}>
      <Card className="filters-card">
        <Form layout="vertical" component={false}>
          <div className="filters">{children}</div>
        </Form>
        {footer}
      </Card>
    </search>
  );
}

/** A labelled select of a filter; its first choice is "all" (the empty value) unless `noAll`. */
export function FilterSelect({
  id,
  label,
  value,
  onChange,
  options,
  testId,
  search,
  noAll,
}: {
  /** The control's id (`q-…`, so it never meets a form field's `f-…`). */
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  testId?: string;
  search?: boolean;
  noAll?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Form.Item label={label} htmlFor={id}>
      <Select
        id={id}
        value={value}
        onChange={onChange}
        data-testid={testId}
        {...(search ? { showSearch: { optionFilterProp: 'label' } } : {})}
        options={noAll ? options : [{ value: '', label: t('common.all') }, ...options]}
      />
    </Form.Item>
  );
}

/** Pages of a long list, the page in the URL (`useUrlFilters().page`); nothing when it fits on one. */
export function UrlPager({ total, pageSize }: { total: number; pageSize: number }) {
  const f = useUrlFilters();
  if (total <= pageSize) return null;
  return (
    <Pagination
      className="pager"
      current={f.page}
      pageSize={pageSize}
      total={total}
      showSizeChanger={false}
      onChange={(n) => f.set(PAGE, n > 1 ? String(n) : '')}
    />
  );
}
