/**
 * 培育库详情 (officers, auditors): the pool's target and rule; its candidates — firms the rule finds,
 * closest first, each with the distance to the target per criterion ("R&D 占比 3.1%，需 ≥ 5%") — which
 * officers enrol with a service officer; its members, whose officer, status and outcome officers change
 * and to whom they record services (visits, trainings, referrals, consultations); the services given.
 * GET /api/qualifications/pools/:id, …/candidates (+/export), …/members, /services, /officers;
 * POST …/members, PATCH …/members/:organisationId, POST /services.
 */
import { Alert, Button, Descriptions, Form, Input, Modal, Select, Space, Tabs, Tag } from 'antd';
import { useState } from 'react';
import type { FieldValues } from 'react-hook-form';
import { Link, useNavigate, useParams } from 'react-router';
import { memberInputSchema, serviceInputSchema } from '../../../service/qualifications/schemas.ts';
import { ApiError, api, useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { DateInput } from '../../components/date-input.tsx';
import { FilterBar, FilterSelect, useUrlFilters } from '../../components/filters.tsx';
import {
  applyIssues,
  type FormApi,
  FormField,
  SubmitButton,
  useZodForm,
  ZodForm,
} from '../../components/form.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, errorMessage, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { usePeople } from '../../people.ts';
import { useSession } from '../../session.tsx';
import {
  type Candidates,
  DistanceList,
  ExportButtons,
  FirmLink,
  type Members,
  type Officers,
  type Pool,
  type Services,
  useCityLabel,
  useQualReference,
} from './shared.tsx';
import './qualifications.css';
import { useTodayForm } from '../../today.ts';

type Candidate = Candidates['items'][number];
type Member = Members['items'][number];

export default function PoolPage() {
  const { id = '' } = useParams();
  const { t, pick } = useI18n('qualifications');
  const { user } = useSession();
  const officer = user?.role !== 'auditor';
  const navigate = useNavigate();
  const f = useUrlFilters();
  const tab = ['members', 'services'].includes(f.get('tab')) ? f.get('tab') : 'candidates';
  const pool = useApi<Pool>(`/api/qualifications/pools/${id}`);
  const officers = useApi<Officers>(officer ? '/api/qualifications/officers' : null);
  const p = pool.data;
  return (
    <>
      <PageHeader
        title={p ? p.name : t('qual.poolsPageTitle')}
        tabTitle={p?.name ?? t('qual.poolsPageTitle')}
        subtitle={p ? `${t('qual.target')}：${pick(p.target.label)}` : null}
        back={{ to: '/qualifications/pools', label: t('qual.poolsPageTitle') }}
        extra={
          officer && p ? (
            <Button onClick={() => navigate(`/qualifications/pools/${id}/edit`)}>{t('qual.poolEdit')}</Button>
          ) : null
        }
      />
      {pool.error ? <ErrorBox error={pool.error} onRetry={pool.reload} /> : null}
      {p ? (
        <Descriptions size="small" column={1} className="qual-pool-head">
          <Descriptions.Item label={t('qual.rule')}>{pick(p.ruleText)}</Descriptions.Item>
          {p.description ? (
            <Descriptions.Item label={t('qual.description')}>{p.description}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('qual.membersCount')}>
            {t('qual.membersLine', {
              active: p.members.active,
              graduated: p.members.graduated,
              left: p.members.left,
            })}
          </Descriptions.Item>
        </Descriptions>
      ) : pool.loading ? (
        <Loading />
      ) : null}
      <Tabs
        activeKey={tab}
        onChange={(k) => f.set('tab', k === 'candidates' ? '' : k)}
        items={[
          { key: 'candidates', label: t('qual.candidates') },
          { key: 'members', label: t('qual.members') },
          { key: 'services', label: t('qual.services') },
        ]}
      />
      {tab === 'candidates' ? (
        <CandidatesTab poolId={id} officer={officer} officers={officers.data} onChange={pool.reload} />
      ) : tab === 'members' ? (
        <MembersTab poolId={id} officer={officer} officers={officers.data} />
      ) : (
        <ServicesTab poolId={id} />
      )}
    </>
  );
}

function CandidatesTab({
  poolId,
  officer,
  officers,
  onChange,
}: {
  poolId: string;
  officer: boolean;
  officers: Officers | null;
  onChange: () => void;
}) {
  const { t, lang } = useI18n('qualifications');
  const f = useUrlFilters();
  const city = useCityLabel();
  const unmet = f.get('unmet');
  const query = new URLSearchParams(unmet ? { unmet } : {});
  const list = useApi<Candidates>(`/api/qualifications/pools/${poolId}/candidates?${query}&limit=100`);
  const [officerId, setOfficerId] = useState<string | undefined>(undefined);
  const [result, setResult] = useState<{ ok?: string; error?: string } | null>(null);
  const enrol = async (ids: string[]) => {
    setResult(null);
    try {
      await api('POST', `/api/qualifications/pools/${poolId}/members`, {
        organisationIds: ids,
        ...(officerId ? { officerId } : {}),
      });
      setResult({ ok: t('qual.enrolled', { n: ids.length }) });
      list.reload();
      onChange();
    } catch (err) {
      setResult({ error: errorMessage(err, t, lang) });
    }
  };
  const d = list.data;
  const notMember = (d?.items ?? []).filter((c) => c.member?.status !== 'active');
  return (
    <>
      <FilterBar
        footer={
          d ? (
            <Space wrap className="qual-bar-footer">
              <ExportButtons
                path={`/api/qualifications/pools/${poolId}/candidates/export`}
                query={new URLSearchParams()}
              />
            </Space>
          ) : null
        }
      >
        <FilterSelect
          id="q-unmet"
          label={t('qual.unmetFilter')}
          value={unmet}
          onChange={(v) => f.set('unmet', v)}
          options={Object.keys(d?.byUnmet ?? {}).map((k) => ({
            value: k,
            label: t('qual.unmetN', { n: k }),
          }))}
        />
        {officer ? (
          <Form.Item label={t('qual.serviceOfficer')} htmlFor="q-enrol-officer">
            <Select
              id="q-enrol-officer"
              className="qual-select"
              allowClear
              value={officerId}
              onChange={setOfficerId}
              options={(officers?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
            />
          </Form.Item>
        ) : null}
      </FilterBar>
      {result?.ok ? <Alert type="success" role="status" title={result.ok} data-testid="enrol-done" /> : null}
      {result?.error ? <Alert type="error" role="alert" title={result.error} /> : null}
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {d ? (
        <>
          <p role="status">
            {t('qual.candidatesTotal', { n: d.total, year: d.referenceYear, date: d.date })}
            {officer && notMember.length > 0 ? (
              <Button
                size="small"
                className="qual-inline-button"
                onClick={() => enrol(notMember.map((c) => c.organisationId))}
              >
                {t('qual.enrolAll', { n: notMember.length })}
              </Button>
            ) : null}
          </p>
          <DataTable<Candidate>
            rows={d.items}
            rowKey={(c) => c.organisationId}
            testId="candidates"
            caption={t('qual.candidates')}
            columns={[
              {
                key: 'firm',
                title: t('qual.firm'),
                card: 'title',
                render: (c) => <FirmLink id={c.organisationId} name={c.name} uscc={c.uscc} />,
              },
              { key: 'city', title: t('qual.city'), render: (c) => city(c.city) },
              {
                key: 'unmet',
                title: t('qual.unmet'),
                align: 'right',
                render: (c) => c.unmet,
                sort: (a, b) => a.unmet - b.unmet,
              },
              {
                key: 'distance',
                title: t('qual.distance'),
                render: (c) => <DistanceList distance={c.distance} />,
              },
              {
                key: 'member',
                title: t('qual.membership'),
                render: (c) =>
                  c.member?.status === 'active' ? (
                    <span>
                      <Tag color="blue">{t('qual.member.active')}</Tag>
                      {c.member.officerName ? <span className="small">{c.member.officerName}</span> : null}
                    </span>
                  ) : officer ? (
                    <Button size="small" onClick={() => enrol([c.organisationId])}>
                      {t('qual.enrol')}
                    </Button>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </>
      ) : list.loading ? (
        <Loading />
      ) : null}
    </>
  );
}

function MembersTab({
  poolId,
  officer,
  officers,
}: {
  poolId: string;
  officer: boolean;
  officers: Officers | null;
}) {
  const { t } = useI18n('qualifications');
  const f = useUrlFilters();
  const status = f.get('status');
  const officerId = f.get('officerId');
  const query = new URLSearchParams({ ...(status ? { status } : {}), ...(officerId ? { officerId } : {}) });
  const list = useApi<Members>(`/api/qualifications/pools/${poolId}/members?${query}&limit=200`);
  const [editing, setEditing] = useState<{ member: Member; what: 'update' | 'service' } | null>(null);
  return (
    <>
      <FilterBar>
        <FilterSelect
          id="q-status"
          label={t('qual.state')}
          value={status}
          onChange={(v) => f.set('status', v)}
          options={(['active', 'graduated', 'left'] as const).map((s) => ({
            value: s,
            label: t(`qual.member.${s}`),
          }))}
        />
        {officers ? (
          <FilterSelect
            id="q-member-officer"
            label={t('qual.serviceOfficer')}
            value={officerId}
            onChange={(v) => f.set('officerId', v)}
            options={officers.items.map((o) => ({ value: o.id, label: o.name }))}
          />
        ) : null}
      </FilterBar>
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.data ? (
        <DataTable<Member>
          rows={list.data.items}
          rowKey={(m) => m.organisationId}
          testId="members"
          caption={t('qual.members')}
          columns={[
            {
              key: 'firm',
              title: t('qual.firm'),
              card: 'title',
              render: (m) => <FirmLink id={m.organisationId} name={m.name} uscc={m.uscc} />,
            },
            {
              key: 'status',
              title: t('qual.state'),
              render: (m) => (
                <span>
                  <Tag>{t(`qual.member.${m.status}` as never)}</Tag>
                  {m.targetHeld ? <Tag color="success">{t('qual.targetHeld')}</Tag> : null}
                </span>
              ),
            },
            { key: 'officer', title: t('qual.serviceOfficer'), render: (m) => m.officer?.name ?? '—' },
            {
              key: 'services',
              title: t('qual.services'),
              align: 'right',
              render: (m) => `${m.services}${m.lastServiceOn ? `（${m.lastServiceOn}）` : ''}`,
            },
            {
              key: 'distance',
              title: t('qual.distance'),
              render: (m) => <DistanceList distance={m.distance} />,
            },
            { key: 'outcome', title: t('qual.outcome'), render: (m) => m.outcome ?? '—' },
            ...(officer
              ? [
                  {
                    key: 'actions',
                    title: t('qual.actions'),
                    render: (m: Member) => (
                      <Space wrap size={4}>
                        <Button size="small" onClick={() => setEditing({ member: m, what: 'update' })}>
                          {t('qual.memberUpdate')}
                        </Button>
                        <Button size="small" onClick={() => setEditing({ member: m, what: 'service' })}>
                          {t('qual.serviceRecord')}
                        </Button>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      ) : list.loading ? (
        <Loading />
      ) : null}
      <Modal
        open={editing !== null}
        footer={null}
        destroyOnHidden
        onCancel={() => setEditing(null)}
        title={
          editing
            ? `${editing.what === 'update' ? t('qual.memberUpdate') : t('qual.serviceRecord')} · ${editing.member.name}`
            : ''
        }
      >
        {editing?.what === 'update' ? (
          <MemberForm poolId={poolId} member={editing.member} officers={officers} onSaved={list.reload} />
        ) : editing ? (
          <ServiceForm poolId={poolId} member={editing.member} onSaved={list.reload} />
        ) : null}
      </Modal>
    </>
  );
}

function useSave(onSaved: () => void) {
  const { t, lang } = useI18n('qualifications');
  const [state, setState] = useState<{ ok?: boolean; error?: unknown }>({});
  return {
    state,
    async send<T extends FieldValues>(
      form: FormApi<T>,
      method: 'POST' | 'PATCH',
      path: string,
      body: unknown,
    ) {
      setState({});
      try {
        await api(method, path, body);
        setState({ ok: true });
        onSaved();
      } catch (err) {
        const stray = err instanceof ApiError ? applyIssues(form, err.issues, lang) : [];
        if (!(err instanceof ApiError) || err.issues.length === 0 || stray.length > 0)
          setState({ error: err });
      }
    },
    done: state.ok ? (
      <Alert type="success" role="status" title={t('qual.saved')} data-testid="saved" />
    ) : null,
    failed: state.error ? <ErrorBox error={state.error} /> : null,
  };
}

function MemberForm({
  poolId,
  member,
  officers,
  onSaved,
}: {
  poolId: string;
  member: Member;
  officers: Officers | null;
  onSaved: () => void;
}) {
  const { t } = useI18n('qualifications');
  const form = useZodForm(memberInputSchema, {
    officerId: member.officer?.id ?? null,
    status: member.status as 'active',
    outcome: member.outcome ?? '',
    note: member.note ?? '',
  });
  const save = useSave(onSaved);
  return (
    <ZodForm
      form={form}
      testId="member-form"
      onValid={(v) =>
        save.send(form, 'PATCH', `/api/qualifications/pools/${poolId}/members/${member.organisationId}`, {
          ...v,
          outcome: v.outcome || null,
          note: v.note || null,
        })
      }
    >
      <FormField form={form} name="officerId" label={t('qual.serviceOfficer')}>
        {(f) => (
          <Select
            {...f}
            allowClear
            value={f.value ?? undefined}
            onChange={(v) => f.onChange(v ?? null)}
            options={(officers?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
          />
        )}
      </FormField>
      <FormField form={form} name="status" label={t('qual.state')}>
        {(f) => (
          <Select
            {...f}
            options={(['active', 'graduated', 'left'] as const).map((s) => ({
              value: s,
              label: t(`qual.member.${s}`),
            }))}
          />
        )}
      </FormField>
      <FormField form={form} name="outcome" label={t('qual.outcome')} extra={t('qual.outcomeHelp')}>
        {(f) => <Input {...f} value={f.value ?? ''} />}
      </FormField>
      <FormField form={form} name="note" label={t('qual.note')}>
        {(f) => <Input.TextArea {...f} value={f.value ?? ''} rows={2} />}
      </FormField>
      <SubmitButton form={form} testId="member-save">
        {t('common.save')}
      </SubmitButton>
      {save.done}
      {save.failed}
    </ZodForm>
  );
}

function ServiceForm({ poolId, member, onSaved }: { poolId: string; member: Member; onSaved: () => void }) {
  const { t, pick } = useI18n('qualifications');
  const ref = useQualReference();
  const { form } = useTodayForm(
    serviceInputSchema,
    (today) => ({
      organisationId: member.organisationId,
      poolId,
      service: 'visit' as const,
      on: today,
      note: '',
      outcome: '',
    }),
    ['on'],
  );
  const save = useSave(onSaved);
  return (
    <ZodForm
      form={form}
      testId="service-form"
      onValid={(v) =>
        save.send(form, 'POST', '/api/qualifications/services', { ...v, outcome: v.outcome || null })
      }
    >
      <FormField form={form} name="service" label={t('qual.serviceKind')} required>
        {(f) => (
          <Select
            {...f}
            options={Object.entries(ref.data?.services ?? {}).map(([code, label]) => ({
              value: code,
              label: pick(label),
            }))}
          />
        )}
      </FormField>
      <FormField form={form} name="on" label={t('qual.serviceOn')} required>
        {(f) => <DateInput {...f} value={f.value ?? ''} />}
      </FormField>
      <FormField form={form} name="note" label={t('qual.serviceNote')} required>
        {(f) => <Input.TextArea {...f} rows={3} />}
      </FormField>
      <FormField form={form} name="outcome" label={t('qual.outcome')}>
        {(f) => <Input {...f} value={f.value ?? ''} />}
      </FormField>
      <SubmitButton form={form} testId="service-save">
        {t('qual.serviceRecord')}
      </SubmitButton>
      {save.done}
      {save.failed}
    </ZodForm>
  );
}

function ServicesTab({ poolId }: { poolId: string }) {
  const { t, pick } = useI18n('qualifications');
  const person = usePeople();
  const list = useApi<Services>(`/api/qualifications/services?poolId=${poolId}&limit=200`);
  // Services name the firm by id; the pool's members give the names.
  const members = useApi<Members>(`/api/qualifications/pools/${poolId}/members?limit=500`);
  const names = new Map((members.data?.items ?? []).map((m) => [m.organisationId, m.name]));
  return (
    <>
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.data ? (
        <DataTable<Services['items'][number]>
          rows={list.data.items}
          rowKey={(s) => s.id}
          testId="services"
          caption={t('qual.services')}
          columns={[
            { key: 'on', title: t('qual.serviceOn'), card: 'title', nowrap: true, render: (s) => s.on },
            { key: 'kind', title: t('qual.serviceKind'), render: (s) => pick(s.serviceLabel) },
            {
              key: 'firm',
              title: t('qual.firm'),
              render: (s) => (
                <Link to={`/qualifications/organisations/${s.organisationId}`}>
                  {names.get(s.organisationId) ?? t('qual.firmFile')}
                </Link>
              ),
            },
            { key: 'officer', title: t('qual.officer'), render: (s) => person(s.officer) },
            { key: 'note', title: t('qual.serviceNote'), render: (s) => s.note },
            { key: 'outcome', title: t('qual.outcome'), render: (s) => s.outcome ?? '—' },
          ]}
        />
      ) : list.loading ? (
        <Loading />
      ) : null}
    </>
  );
}
