/**
 * Saved filters of a list page: a name for the filters in the URL, kept in this browser for this user,
 * applied with one click. Any page with its filters in the URL can use it.
 */
import { Button, Flex, Input, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';

interface Saved {
  name: string;
  query: string;
}

function storageKey(page: string, user: string) {
  return `ceyuan.filters.${page}.${user}`;
}

function read(key: string): Saved[] {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Saved[]) : [];
  } catch {
    return [];
  }
}

export function SavedFilters({ page }: { page: string }) {
  const { t } = useI18n('applications');
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const key = storageKey(page, user?.username ?? 'anonymous');
  const [saved, setSaved] = useState<Saved[]>(() => read(key));
  const [name, setName] = useState('');
  const write = (next: Saved[]) => {
    setSaved(next);
    try {
      localStorage.setItem(key, JSON.stringify(next));
    } catch {
      // Not kept: the filters still apply now.
    }
  };
  const current = params.toString();
  return (
    <Flex gap={8} wrap align="center" className="saved-filters" data-testid="saved-filters">
      <span className="muted small">{t('filters.saved')}</span>
      {saved.length === 0 ? <span className="muted small">{t('filters.none')}</span> : null}
      {saved.map((s) => (
        <Tag key={s.name} color={s.query === current ? 'blue' : undefined}>
          <button
            type="button"
            className="link-button"
            onClick={() => setParams(new URLSearchParams(s.query), { replace: true })}
          >
            {s.name}
          </button>{' '}
          <button
            type="button"
            className="link-button"
            aria-label={t('filters.remove', { name: s.name })}
            onClick={() => write(saved.filter((x) => x.name !== s.name))}
          >
            ×
          </button>
        </Tag>
      ))}
      <Input
        size="small"
        className="filter-name"
        aria-label={t('filters.name')}
        placeholder={t('filters.name')}
        value={name}
        maxLength={30}
        onChange={(e) => setName(e.target.value)}
      />
      <Button
        size="small"
        disabled={!name.trim()}
        onClick={() => {
          write([...saved.filter((x) => x.name !== name.trim()), { name: name.trim(), query: current }]);
          setName('');
        }}
      >
        {t('filters.save')}
      </Button>
    </Flex>
  );
}
