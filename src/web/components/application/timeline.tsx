/** 办理进度: every step of the application in order, with who (by role), when, the amount and why. */
import { Timeline } from 'antd';
import type { ApplicationDetail } from '../../../service/applications/views.ts';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { Money, MoneyRange } from '../money.tsx';
import { textOf } from './entitlement.tsx';
import { StateTag } from './labels.tsx';

export function StepsTimeline({ app }: { app: ApplicationDetail }) {
  const { t, lang } = useI18n('applications');
  return (
    <div data-testid="timeline">
      <Timeline
        items={app.timeline.map((e) => ({
          key: e.step,
          content: (
            <div className="timeline-entry">
              <div>
                <strong>{textOf(e.actionLabel, lang)}</strong> → <StateTag state={e.to} lang={lang} />
                {e.amount !== null ? (
                  <span>
                    {' '}
                    <Money fen={e.amount} />
                  </span>
                ) : null}
              </div>
              <div className="muted small">
                {formatDateTime(e.at)} · {t(`role.${e.actorRole}` as never)}
                {e.range ? (
                  <>
                    {' '}
                    · {t('apps.range')} <MoneyRange range={e.range} />
                  </>
                ) : null}
              </div>
              {e.reason ? <div className="reason">“{e.reason}”</div> : null}
            </div>
          ),
        }))}
      />
    </div>
  );
}
