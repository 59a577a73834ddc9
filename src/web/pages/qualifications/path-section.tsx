/**
 * 晋级路径, a section of the enterprise's self-check (pages/self-check): on each ladder, where the firm
 * stands, the next tier and the distance to it per criterion ("研发费用占比 3.1%，需 ≥ 5%"; a threshold the
 * district has not set yet says so), from its ledger and last year's figures; and the pools serving it.
 * GET /api/qualifications/path (the firm's own).
 */
import { Card, Tag } from 'antd';
import { Link } from 'react-router';
import { useApi } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { DistanceList, type PathView } from './shared.tsx';
import './qualifications.css';

export function TierPathSection() {
  const { t, pick } = useI18n('qualifications');
  const path = useApi<PathView>('/api/qualifications/path');
  const p = path.data;
  return (
    <Card
      className="section-card no-print"
      data-testid="tier-path"
      title={<h2 className="card-h2">{t('qual.pathTitle')}</h2>}
      extra={<Link to="/qualifications/mine">{t('qual.mineTitle')}</Link>}
    >
      {path.error ? <ErrorBox error={path.error} onRetry={path.reload} /> : null}
      {!p ? (
        path.loading ? (
          <Loading />
        ) : null
      ) : (
        <>
          <p className="small">
            {t('qual.pathIntro', { year: p.referenceYear, date: p.date })}{' '}
            {p.metrics.map((m) => `${pick(m.label)} ${pick(m.valueText)}`).join('；')}
          </p>
          {p.ladders.map((l) => (
            <section key={l.ladder} className="qual-path" data-testid={`path-${l.ladder}`}>
              <h3 className="qual-h3">
                {pick(l.label)}：{l.current ? pick(l.current.label) : t('qual.offLadder')}
                {l.next ? (
                  <>
                    {' '}
                    → <Tag color="blue">{pick(l.next.label)}</Tag>
                  </>
                ) : l.top ? (
                  <Tag color="success">{t('qual.top')}</Tag>
                ) : null}
              </h3>
              {l.next ? (
                <>
                  <p className="small">
                    {l.unmet > 0 ? t('qual.unmetN', { n: l.unmet }) : t('qual.noneUnmet')}
                  </p>
                  <DistanceList distance={l.distance} />
                </>
              ) : null}
            </section>
          ))}
        </>
      )}
    </Card>
  );
}
