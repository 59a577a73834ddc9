/**
 * One listing and its matches (public for published listings; the owner also previews its drafts):
 * GET /api/matching/listings/:id/matches → the listing and the other side's listings ranked, each with
 * its score 0–100 explained factor by factor (points of the maximum and the reason), the words both
 * texts used and what is missing. An organisation user may express interest from here.
 */
import { Alert, Button, Card, Flex, Space, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../../api.ts';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';
import {
  ListingFacts,
  ListingTags,
  type ListingView,
  type MatchView,
  publisherOf,
  ScoreBadge,
  ScoreExplanation,
  SideTag,
  useLabels,
  useMatchingReference,
} from './shared.tsx';

export default function ListingPage() {
  const { id = '' } = useParams();
  const { t, lang, pick } = useI18n('matching');
  const { user } = useSession();
  const navigate = useNavigate();
  const ref = useMatchingReference();
  const labels = useLabels(ref.data);
  const data = useApi<{ listing: ListingView; items: MatchView[] }>(
    `/api/matching/listings/${encodeURIComponent(id)}/matches?limit=10`,
  );
  if (data.error) return <ErrorBox error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  const { listing: l, items } = data.data;
  // The owner and staff see the contact: the publisher previews its own listing's matches.
  const own = user?.role === 'enterprise' && l.contact !== null;
  const mayExpress = user?.role === 'enterprise' && !own && l.state === 'published';
  const interestLink = (target: string) =>
    `/matching/interest?listing=${encodeURIComponent(target)}${own ? `&own=${encodeURIComponent(l.id)}` : ''}`;
  return (
    <>
      <PageHeader
        title={l.title}
        subtitle={
          <Space wrap>
            <SideTag side={l.side} labels={labels} />
            <span>{publisherOf(l, lang)}</span>
            <span data-testid="listing-state">{pick(l.stateLabel)}</span>
          </Space>
        }
        back={{ to: '/matching', label: t('matching.browseTitle') }}
        extra={
          <Space wrap>
            {mayExpress ? (
              <Button type="primary" onClick={() => navigate(interestLink(l.id))} data-testid="express-this">
                {t('matching.expressInterest')}
              </Button>
            ) : null}
            {own ? <Link to="/matching/mine">{t('matching.manageMine')}</Link> : null}
            {!user ? (
              <Link to={`/login?next=${encodeURIComponent(`/matching/listings/${l.id}`)}`}>
                {t('matching.signInToExpress')}
              </Link>
            ) : null}
          </Space>
        }
      />
      {l.state !== 'published' ? (
        <Alert type="info" showIcon className="section-card" title={t('matching.previewNote')} />
      ) : null}
      <Card
        className="section-card"
        title={t(l.side === 'need' ? 'matching.needSummary' : 'matching.offerSummary')}
      >
        <Typography.Paragraph className="pre-line" data-testid="listing-summary">
          {l.summary}
        </Typography.Paragraph>
        <ListingFacts l={l} labels={labels} />
      </Card>
      <Typography.Title level={2} className="section-title">
        {t(l.side === 'need' ? 'matching.matchesForNeed' : 'matching.matchesForOffer', { n: items.length })}
      </Typography.Title>
      <p className="hint">
        {ref.data
          ? t('matching.scoreHint', { match: ref.data.thresholds.match, strong: ref.data.thresholds.strong })
          : null}
      </p>
      {items.length === 0 ? <Alert type="info" title={t('matching.noMatches')} /> : null}
      <ol className="match-list" data-testid="matches">
        {items.map((m) => {
          const c = m.counterpart;
          return (
            <li key={c.id} data-counterpart={c.id} data-score={m.score}>
              <Card
                className="match-card"
                title={
                  <Flex gap={12} align="center" wrap>
                    <ScoreBadge score={m.score} reference={ref.data} />
                    <div className="match-head">
                      <Link
                        to={`/matching/listings/${c.id}`}
                        className="match-link"
                        data-testid="counterpart-link"
                      >
                        {c.title}
                      </Link>
                      <div className="match-sub">
                        {publisherOf(c, lang)} · <ListingTags l={c} labels={labels} />
                      </div>
                    </div>
                  </Flex>
                }
                extra={
                  user?.role === 'enterprise' && own && l.state !== 'withdrawn' ? (
                    <Button onClick={() => navigate(interestLink(c.id))} data-testid="express-interest">
                      {t('matching.expressInterest')}
                    </Button>
                  ) : null
                }
              >
                <Typography.Paragraph ellipsis={{ rows: 2 }} className="match-summary">
                  {c.summary}
                </Typography.Paragraph>
                <ScoreExplanation m={m} />
              </Card>
            </li>
          );
        })}
      </ol>
    </>
  );
}
