/**
 * 从优、就高、不重复 left to a person: the organisation's grants and open applications the reviewer
 * must weigh against this one (GET /api/applications/:id → overlapChecks), each with why it is flagged.
 */
import { Alert, Tag } from 'antd';
import { Link } from 'react-router';
import type { ApplicationDetail } from '../../../service/applications/views.ts';
import { useCatalogue } from '../../catalogue-data.tsx';
import { useI18n } from '../../i18n/index.ts';
import { Money } from '../money.tsx';

export function OverlapChecks({ app, officer }: { app: ApplicationDetail; officer: boolean }) {
  const { t, lang, pick } = useI18n('applications');
  const cat = useCatalogue();
  if (app.overlapChecks.length === 0) return null;
  const title = (id: string) => {
    const m = cat.data?.measures.find((x) => x.id === id);
    return m ? pick(m.title) : '';
  };
  return (
    <Alert
      type="warning"
      showIcon
      className="section-card overlap-checks"
      data-testid="overlap-checks"
      title={<h2 className="card-h3">{t('overlap.title')}</h2>}
      description={
        <>
          <p className="small">{t('overlap.intro')}</p>
          <ul className="plain">
            {app.overlapChecks.map((c) => (
              <li key={`${c.measureId}|${c.matterId}|${c.applicationId ?? ''}`} data-testid="overlap-check">
                <Link to={`/catalogue/${encodeURIComponent(c.measureId)}`} className="mono">
                  {c.measureId}
                </Link>{' '}
                {title(c.measureId)}{' '}
                <Tag color={c.status === 'granted' ? 'warning' : 'blue'}>
                  {c.status === 'granted' ? t('overlap.granted') : t('overlap.pending')}
                </Tag>
                <Tag>
                  {c.kind === 'same_matter' ? t('overlap.sameMatter') : t('overlap.differentMatters')}
                </Tag>
                {c.amount !== null ? <Money fen={c.amount} /> : null}
                <div className="small">{c.reason[lang] || c.reason.zh}</div>
                {officer && c.applicationId ? (
                  <Link to={`/review/${c.applicationId}`} className="small">
                    {t('overlap.open')}
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      }
    />
  );
}
