/**
 * A firm's qualification file, as of a date: what it holds, every holding (with its state), the
 * event timeline (with the source of each record), its position on each ladder year end by year end,
 * its first-time reward notices and the pools serving it. Officers see it for any firm
 * (企业资质档案: record, revoke, downgrade, withdraw); an enterprise sees its own (我的资质).
 * GET /api/qualifications/organisations/:id or /mine (?date).
 */
import { Button, Card, Descriptions, Form, Modal, Space, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { isIsoDate } from '../../../core/dates.ts';
import { useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { DateInput } from '../../components/date-input.tsx';
import { MoneyRange } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { usePeople } from '../../people.ts';
import { useSession } from '../../session.tsx';
import { ActionForm, type RecordAction, RecordForm } from './forms.tsx';
import { type Ledger, type RecordView, StateTag, useCityLabel, useQualReference } from './shared.tsx';
import './qualifications.css';

const OFFICER_ROLES = ['reviewer', 'approver', 'admin'];

export function Profile({ organisationId }: { organisationId: string | null }) {
  const { t, pick } = useI18n('qualifications');
  const { user } = useSession();
  const officer = OFFICER_ROLES.includes(user?.role ?? '');
  const person = usePeople();
  const ref = useQualReference();
  const kindLabel = (code: string) => ref.data?.kinds.find((k) => k.code === code)?.label;
  const city = useCityLabel();
  // No date chosen: the server's today (its clock, not the browser's).
  const [date, setDate] = useState('');
  const dated = isIsoDate(date) ? `?date=${date}` : '';
  const path = organisationId
    ? `/api/qualifications/organisations/${organisationId}${dated}`
    : `/api/qualifications/mine${dated}`;
  const ledger = useApi<Ledger>(path);
  const [action, setAction] = useState<{ action: RecordAction; record: RecordView } | null>(null);
  const [recording, setRecording] = useState(false);
  const l = ledger.data;
  const title = organisationId ? t('qual.profileTitle') : t('qual.mineTitle');

  return (
    <>
      <PageHeader
        title={title}
        subtitle={l ? `${l.organisation.name} · ${l.organisation.uscc} · ${city(l.organisation.city)}` : null}
        back={organisationId ? { to: '/qualifications', label: t('qual.ledgerTitle') } : undefined}
        extra={
          officer && l ? (
            <Button type="primary" onClick={() => setRecording(true)} data-testid="record-open">
              {t('qual.recordOpen')}
            </Button>
          ) : null
        }
      />
      <Form layout="vertical" component={false}>
        <Form.Item label={t('qual.asOf')} htmlFor="q-date" className="qual-date">
          <DateInput id="q-date" value={date || (ledger.data?.date ?? '')} onChange={setDate} />
        </Form.Item>
      </Form>
      {ledger.error ? <ErrorBox error={ledger.error} onRetry={ledger.reload} /> : null}
      {!l ? (
        ledger.loading ? (
          <Loading />
        ) : null
      ) : (
        <>
          <Card
            className="section-card"
            title={<h2 className="card-h2">{t('qual.heldOn', { date: l.date })}</h2>}
          >
            {l.held.length === 0 ? (
              <p>{t('qual.holdsNothing')}</p>
            ) : (
              <Space wrap data-testid="held">
                {l.held.map((r) => (
                  <Tag key={r.id} color="blue" data-kind={r.kind}>
                    {pick(r.title)}
                    {/* A level's own name (国家级专精特新“小巨人”企业) says the level already. */}
                    {r.levelLabel && pick(r.title) === pick(kindLabel(r.kind) ?? r.title)
                      ? ` · ${pick(r.levelLabel)}`
                      : ''}
                  </Tag>
                ))}
              </Space>
            )}
          </Card>
          <Card className="section-card" title={<h2 className="card-h2">{t('qual.holdings')}</h2>}>
            <DataTable<RecordView>
              rows={l.records}
              rowKey={(r) => r.id}
              testId="records"
              caption={t('qual.holdings')}
              columns={[
                { key: 'title', title: t('qual.qualification'), card: 'title', render: (r) => pick(r.title) },
                { key: 'level', title: t('qual.level'), render: (r) => pick(r.levelLabel) || '—' },
                { key: 'cert', title: t('qual.certificateNo'), render: (r) => r.certificateNo ?? '—' },
                { key: 'issuer', title: t('qual.issuer'), render: (r) => r.issuer ?? '—' },
                { key: 'granted', title: t('qual.grantedOn'), nowrap: true, render: (r) => r.grantedOn },
                {
                  key: 'validTo',
                  title: t('qual.validTo'),
                  nowrap: true,
                  render: (r) => r.validTo ?? t('qual.open'),
                },
                {
                  key: 'state',
                  title: t('qual.state'),
                  render: (r) => (
                    <span>
                      <StateTag record={r} />
                      {r.endReason ? <span className="small"> {r.endReason}</span> : null}
                    </span>
                  ),
                },
                ...(officer
                  ? [
                      {
                        key: 'actions',
                        title: t('qual.actions'),
                        render: (r: RecordView) => (
                          <Space wrap size={4}>
                            {r.state === 'valid' || r.state === 'not_yet' ? (
                              <>
                                <Button
                                  size="small"
                                  onClick={() => setAction({ action: 'revoke', record: r })}
                                >
                                  {t('qual.revoke')}
                                </Button>
                                <Button
                                  size="small"
                                  onClick={() => setAction({ action: 'downgrade', record: r })}
                                >
                                  {t('qual.downgrade')}
                                </Button>
                              </>
                            ) : null}
                            <Button size="small" onClick={() => setAction({ action: 'withdraw', record: r })}>
                              {t('qual.withdraw')}
                            </Button>
                          </Space>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
          <Card className="section-card" title={<h2 className="card-h2">{t('qual.tierHistory')}</h2>}>
            {l.ladders.map((ladder) => (
              <div key={ladder.ladder} className="qual-ladder" data-testid={`ladder-${ladder.ladder}`}>
                <h3 className="qual-h3">
                  {pick(ladder.label)}：
                  {ladder.position >= 0 ? pick(ladder.steps[ladder.position]?.label) : t('qual.offLadder')}
                </h3>
                <ol className="qual-steps" aria-label={pick(ladder.label)}>
                  {ladder.steps.map((s, i) => (
                    <li
                      key={s.key}
                      className={i === ladder.position ? 'current' : i < ladder.position ? 'passed' : ''}
                    >
                      {pick(s.label)}
                    </li>
                  ))}
                </ol>
                <table className="qual-history">
                  <caption className="sr-only">
                    {t('qual.historyCaption', { ladder: pick(ladder.label) })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('qual.yearEnd')}</th>
                      <th scope="col">{t('qual.tier')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {ladder.history.map((h) => (
                      <tr key={h.date}>
                        <td>{h.date}</td>
                        <td>{h.position >= 0 ? pick(ladder.steps[h.position]?.label) : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ))}
          </Card>
          <Card className="section-card" title={<h2 className="card-h2">{t('qual.timeline')}</h2>}>
            {l.events.length === 0 ? (
              <p>{t('qual.noEvents')}</p>
            ) : (
              <Timeline
                data-testid="events"
                items={l.events.map((e) => ({
                  key: e.id,
                  color:
                    e.event === 'revoked' || e.event === 'lapsed' ? 'red' : e.firstTime ? 'green' : 'blue',
                  content: (
                    <div data-event={e.event}>
                      <strong>{e.on}</strong> {pick(e.eventLabel)} · {pick(e.kindLabel)}
                      {e.firstTime ? (
                        <Tag color="success" className="qual-first">
                          {t('qual.firstTime')}
                        </Tag>
                      ) : null}
                      <div className="small">
                        {t('qual.source')}：{pick(e.sourceLabel)}
                        {e.sourceRef ? `（${e.sourceRef}）` : ''} · {person(e.actor)}
                      </div>
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
          <Card className="section-card" title={<h2 className="card-h2">{t('qual.rewardsTitle')}</h2>}>
            {l.rewards.length === 0 ? (
              <p>{t('qual.noRewards')}</p>
            ) : (
              <DataTable<Ledger['rewards'][number]>
                rows={l.rewards}
                rowKey={(r) => r.id}
                testId="profile-rewards"
                caption={t('qual.rewardsTitle')}
                columns={[
                  {
                    key: 'title',
                    title: t('qual.measure'),
                    card: 'title',
                    render: (r) => `${r.measureId} ${pick(r.title)}`,
                  },
                  { key: 'reached', title: t('qual.reachedOn'), render: (r) => r.reachedOn },
                  {
                    key: 'amount',
                    title: t('qual.amount'),
                    align: 'right',
                    render: (r) => <MoneyRange range={r.amount} />,
                  },
                  { key: 'status', title: t('qual.state'), render: (r) => <Tag>{pick(r.statusLabel)}</Tag> },
                  ...(organisationId
                    ? []
                    : [
                        {
                          key: 'open',
                          title: t('qual.actions'),
                          render: () => <Link to="/qualifications/rewards">{t('qual.openRewards')}</Link>,
                        },
                      ]),
                ]}
              />
            )}
          </Card>
          <Card className="section-card" title={<h2 className="card-h2">{t('qual.poolsTitle')}</h2>}>
            {l.pools.length === 0 ? (
              <p>{t('qual.noPools')}</p>
            ) : (
              <Descriptions column={1} size="small" bordered>
                {l.pools.map((p) => (
                  <Descriptions.Item
                    key={p.poolId}
                    label={
                      officer ? (
                        <Link to={`/qualifications/pools/${p.poolId}`}>{p.poolName}</Link>
                      ) : (
                        p.poolName
                      )
                    }
                  >
                    {t(`qual.member.${p.status}` as never)} · {t('qual.enrolledOn')} {p.enrolledOn}
                    {p.officer
                      ? ` · ${t('qual.officer')}：${p.officer.name}${p.officer.department ? `（${p.officer.department}）` : ''}`
                      : ''}
                    {'outcome' in p && p.outcome ? ` · ${t('qual.outcome')}：${p.outcome}` : ''}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            )}
          </Card>
        </>
      )}
      {l && ref.data ? (
        <>
          <Modal
            open={recording}
            title={t('qual.recordOpen')}
            footer={null}
            onCancel={() => setRecording(false)}
            destroyOnHidden
          >
            <RecordForm organisationId={l.organisation.id} reference={ref.data} onSaved={ledger.reload} />
          </Modal>
          <Modal
            open={action !== null}
            title={action ? `${t(`qual.${action.action}` as never)} · ${pick(action.record.title)}` : ''}
            footer={null}
            onCancel={() => setAction(null)}
            destroyOnHidden
          >
            {action ? (
              <ActionForm
                action={action.action}
                record={action.record}
                reference={ref.data}
                today={l.date}
                onSaved={ledger.reload}
              />
            ) : null}
          </Modal>
        </>
      ) : null}
    </>
  );
}
