/**
 * Objections to the public notice: those officers recorded, and (for officers and auditors) those
 * the public filed on the notice page, with the objector's contact for the reply. Open ones are
 * decided with 异议成立 / 异议不成立.
 */
import { Card, Tag } from 'antd';
import type { ApplicationDetail } from '../../../service/applications/views.ts';
import type { PublicObjectionView } from '../../../service/public/service.ts';
import { useApi } from '../../api.ts';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';

export function Objections({ app }: { app: ApplicationDetail }) {
  const { t } = useI18n('applications');
  const { user } = useSession();
  const officer = user !== null && user.role !== 'enterprise';
  const filed = useApi<{ items: PublicObjectionView[] }>(
    officer ? `/api/review/public-objections?applicationId=${app.id}` : null,
  );
  const pub = filed.data?.items ?? [];
  if (app.objections.length === 0 && pub.length === 0) return null;
  const status = (s: string) => (
    <Tag color={s === 'open' ? 'warning' : s === 'upheld' ? 'error' : 'default'}>
      {t(`objection.${s}` as never)}
    </Tag>
  );
  return (
    <Card
      title={<h2 className="card-h2">{t('apps.objections')}</h2>}
      className="section-card"
      data-testid="objections"
    >
      <ul className="plain objection-list">
        {pub.map((o) => (
          <li key={o.id} data-testid="public-objection" data-status={o.status}>
            <div>
              {o.receivedOn} · {t('objection.public')} · {o.name ?? t('objection.anonymous')}{' '}
              {status(o.status)}
            </div>
            <div className="muted small">
              {t('objection.contact')}：<span data-testid="objection-contact">{o.contact}</span>（
              {t('objection.private')}）
            </div>
            <div>“{o.text}”</div>
            {o.resolution ? <div className="muted small">— {o.resolution}</div> : null}
          </li>
        ))}
        {app.objections.map((o) => (
          <li key={o.id}>
            <div>
              {o.raisedOn} · {o.raisedBy} {status(o.status)}
            </div>
            <div>“{o.text}”</div>
            {o.resolution ? <div className="muted small">— {o.resolution}</div> : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}
