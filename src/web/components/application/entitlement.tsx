/** The engine's evaluation stored with the latest money decision (or the self-check a draft came from). */
import { Alert, Tag } from 'antd';
import type { Text } from '../../catalogue-data.tsx';
import { useI18n } from '../../i18n/index.ts';
import { Ceiling } from '../money.tsx';

interface StoredCondition {
  fact: string;
  label: unknown;
  actual: unknown;
  held: boolean;
  judgement?: boolean;
  gap?: unknown;
}
export interface StoredEvaluation {
  outcome?: string;
  eligible?: boolean;
  amount?: { min: number; max: number } | null;
  exact?: boolean;
  formula?: unknown;
  warnings?: unknown[];
  conditions?: StoredCondition[];
  clause?: { quote: string; citation: unknown };
}

export function textOf(v: unknown, lang: 'zh' | 'en'): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'zh' in (v as object)) return (v as Text)[lang] || (v as Text).zh;
  return String(v);
}

/** The stored evaluation, whether the API sends it bare or wrapped as { evaluation }. */
export function storedEvaluation(entitlement: unknown): StoredEvaluation | null {
  if (!entitlement || typeof entitlement !== 'object') return null;
  const inner = (entitlement as { evaluation?: unknown }).evaluation;
  return (inner && typeof inner === 'object' ? inner : entitlement) as StoredEvaluation;
}

export function EntitlementView({ entitlement }: { entitlement: unknown }) {
  const { t, lang } = useI18n('applications');
  const ev = storedEvaluation(entitlement);
  if (!ev) return <p className="muted">—</p>;
  return (
    <div data-testid="entitlement">
      <p>
        {ev.outcome ? (
          <Tag color={ev.eligible ? 'success' : 'error'}>{t(`outcome.${ev.outcome}` as never)}</Tag>
        ) : null}
        {t('apps.range')}:{' '}
        <strong>
          <Ceiling range={ev.amount ?? null} exact={ev.exact} testId="entitlement-range" />
        </strong>
      </p>
      {ev.formula ? <p className="mono small">{textOf(ev.formula, lang)}</p> : null}
      {ev.conditions && ev.conditions.length > 0 ? (
        <ul className="conds">
          {ev.conditions.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: stored conditions have no id
            <li key={i} className={c.held ? 'held' : c.judgement ? 'open' : 'failed'} data-held={c.held}>
              <span className="mark" aria-hidden="true">
                {c.held ? '✓' : c.judgement ? '?' : '✗'}
              </span>
              <div>
                {textOf(c.label, lang)}
                {!c.held && c.gap ? (
                  <div className="gap">{t('apps.missing', { gap: textOf(c.gap, lang) })}</div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {(ev.warnings ?? []).map((w) => (
        <Alert key={textOf(w, 'zh')} type="info" title={textOf(w, lang)} />
      ))}
      {ev.clause ? (
        <blockquote className="clause" lang="zh-CN">
          {ev.clause.quote}
          <footer>{textOf(ev.clause.citation, lang)}</footer>
        </blockquote>
      ) : null}
    </div>
  );
}
