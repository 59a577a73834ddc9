/** The matter as stored (the calculator's input): type, date, figures, partners, cities, claims. */
import { Descriptions } from 'antd';
import { makeLabeller, useCatalogue } from '../../catalogue-data.tsx';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { Money } from '../money.tsx';

export function MatterView({ matter }: { matter: Record<string, unknown> | null }) {
  const { t, lang } = useI18n('applications');
  const cat = useCatalogue();
  const label = makeLabeller(cat.data?.reference, lang);
  if (!matter) return <p className="muted">—</p>;
  const sep = lang === 'zh' ? '、' : ', ';
  const figures = (matter.figures ?? {}) as Record<string, number>;
  const partners = (matter.partners ?? []) as { kind: string; city: string; name?: string }[];
  const cities = (matter.cities ?? []) as string[];
  const claims = (matter.claims ?? []) as string[];
  const lists = (matter.challengeLists ?? []) as string[];
  return (
    <Descriptions column={1} size="small" data-testid="matter">
      <Descriptions.Item label={t('apps.matterType')}>
        {label('matterTypes', matter.type as string)}
      </Descriptions.Item>
      {matter.date ? (
        <Descriptions.Item label={t('apps.matterDate')}>
          {formatDate(matter.date as string)}
        </Descriptions.Item>
      ) : null}
      {Object.entries(figures).map(([code, fen]) => (
        <Descriptions.Item key={code} label={label('figures', code)}>
          <Money fen={fen} exact />
        </Descriptions.Item>
      ))}
      {lists.length > 0 ? (
        <Descriptions.Item label={t('apps.challengeLists')}>
          {lists.map((c) => label('challengeLists', c)).join(sep)}
        </Descriptions.Item>
      ) : null}
      {partners.length > 0 ? (
        <Descriptions.Item label={t('apps.partners')}>
          {partners
            .map(
              (p) =>
                `${p.name ? `${p.name} · ` : ''}${label('orgKinds', p.kind)} · ${label('cities', p.city)}`,
            )
            .join(sep)}
        </Descriptions.Item>
      ) : null}
      {cities.length > 0 ? (
        <Descriptions.Item label={t('apps.cities')}>
          {cities.map((c) => label('cities', c)).join(sep)}
        </Descriptions.Item>
      ) : null}
      {claims.length > 0 ? (
        <Descriptions.Item label={t('apps.claims')}>
          {claims.map((c) => label('claims', c)).join(sep)}
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}
