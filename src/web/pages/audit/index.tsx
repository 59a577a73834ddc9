/**
 * 审计: the audit trail (GET /api/audit), newest first, in words — what happened, who (by name), to
 * what (linked) — filtered by action, person and subject; each entry's detail and hash on demand;
 * verification of the SM3 hash chain; export as JSON lines or CSV.
 */
import { Alert, Button, Card, Flex, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { AuditRecord, VerifyResult } from '../../../service/audit/service.ts';
import { api } from '../../api.ts';
import { useCatalogue } from '../../catalogue-data.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { FilterBar, FilterSelect, useUrlFilters } from '../../components/filters.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.ts';
import { usePeople } from '../../people.ts';
import { AUDIT_ACTIONS, actionWords, subjectWords } from './labels.ts';

const PAGE = 100;

function Subject({ subject }: { subject: string | null }) {
  const { lang, pick } = useI18n('audit');
  const person = usePeople();
  const cat = useCatalogue();
  const s = subjectWords(subject);
  if (!s) return <>—</>;
  const name =
    s.kind.en === 'User'
      ? person(s.id)
      : s.kind.en === 'Measure'
        ? `${s.id} ${pick(cat.data?.measures.find((m) => m.id === s.id)?.title)}`
        : s.id.length > 12
          ? `${s.id.slice(0, 8)}…`
          : s.id;
  const text = `${s.kind[lang]} · ${name}`;
  return s.link ? (
    <Link to={s.link} title={subject ?? ''}>
      {text}
    </Link>
  ) : (
    <span title={subject ?? ''}>{text}</span>
  );
}

export default function AuditPage() {
  const { t, lang } = useI18n('audit');
  const person = usePeople();
  const filters = useUrlFilters();
  const { set } = filters;
  const action = filters.get('action');
  const actor = filters.get('actor');
  const subject = filters.get('subject');
  const [items, setItems] = useState<AuditRecord[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [verify, setVerify] = useState<VerifyResult | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [shown, setShown] = useState<AuditRecord | null>(null);
  const [subjectDraft, setSubjectDraft] = useState(subject);

  async function load(after?: number) {
    const qs = new URLSearchParams({ order: 'desc', limit: String(PAGE) });
    if (action) qs.set('action', action);
    if (actor) qs.set('actor', actor);
    if (subject) qs.set('subject', subject);
    if (after !== undefined) qs.set('after', String(after));
    try {
      const r = await api<{ items: AuditRecord[] }>('GET', `/api/audit?${qs}`);
      setItems((prev) => (after !== undefined && prev ? [...prev, ...r.items] : r.items));
      setMore(r.items.length === PAGE);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the filters in the URL change
  useEffect(() => {
    setItems(null);
    void load();
  }, [action, actor, subject]);

  async function runVerify() {
    setVerifying(true);
    try {
      setVerify(await api<VerifyResult>('GET', '/api/audit/verify'));
    } catch (e) {
      setError(e);
    } finally {
      setVerifying(false);
    }
  }

  const actors = [...new Set((items ?? []).map((e) => e.actor))];

  return (
    <>
      <PageHeader title={t('audit.title')} subtitle={t('audit.intro')} />
      <Card className="section-card">
        <Flex gap={8} wrap>
          <Button
            type="primary"
            onClick={() => void runVerify()}
            loading={verifying}
            data-testid="verify-chain"
          >
            {verifying ? t('audit.verifying') : t('audit.verify')}
          </Button>
          <Button href="/api/audit/export?format=jsonl" download>
            {t('audit.exportJsonl')}
          </Button>
          <Button href="/api/audit/export?format=csv" download>
            {t('audit.exportCsv')}
          </Button>
        </Flex>
        {verify ? (
          <Alert
            className="chain-status"
            type={verify.ok ? 'success' : 'error'}
            role={verify.ok ? 'status' : 'alert'}
            data-testid="chain-status"
            data-ok={String(verify.ok)}
            title={
              verify.ok
                ? t('audit.chainOk', {
                    count: verify.count,
                    seq: verify.headSeq,
                    hash: `${verify.headHash.slice(0, 16)}…`,
                  })
                : t('audit.chainBroken', {
                    seq: verify.brokenAt,
                    reason: t(`audit.reason.${verify.reason}` as never),
                    expected: verify.expected.slice(0, 16),
                    found: verify.found.slice(0, 16),
                  })
            }
          />
        ) : null}
      </Card>
      <FilterBar>
        <FilterSelect
          id="q-action"
          label={t('audit.filterAction')}
          value={action}
          search
          onChange={(v) => set('action', v)}
          options={[
            ...Object.keys(AUDIT_ACTIONS),
            'application.submit',
            'application.approve',
            'application.pay_stage',
          ].map((a) => ({ value: a, label: actionWords(a, lang) }))}
        />
        <FilterSelect
          id="q-actor"
          label={t('audit.filterActor')}
          value={actor}
          search
          onChange={(v) => set('actor', v)}
          options={[...new Set([actor, ...actors].filter(Boolean))].map((a) => ({
            value: a,
            label: `${person(a)}（${a}）`,
          }))}
        />
        <Form.Item label={t('audit.filterSubject')} htmlFor="q-subject">
          <Input.Search
            id="q-subject"
            value={subjectDraft}
            onChange={(e) => setSubjectDraft(e.target.value)}
            onSearch={(v) => set('subject', v.trim())}
            enterButton={t('common.search')}
          />
        </Form.Item>
      </FilterBar>
      {error ? <ErrorBox error={error} onRetry={() => void load()} /> : null}
      {items === null && !error ? <Loading /> : null}
      {items ? (
        <Card className="section-card">
          <DataTable<AuditRecord>
            rows={items}
            rowKey={(e) => String(e.seq)}
            testId="audit-table"
            empty={t('audit.empty')}
            rowProps={(e) => ({ 'data-action': e.action })}
            columns={[
              {
                key: 'at',
                title: t('audit.at'),
                nowrap: true,
                render: (e) => formatDateTime(e.at),
                card: 'title',
              },
              {
                key: 'what',
                title: t('audit.action'),
                render: (e) => <span title={e.action}>{actionWords(e.action, lang)}</span>,
              },
              {
                key: 'who',
                title: t('audit.actor'),
                render: (e) => (
                  <span title={e.actor}>
                    {e.actor === 'anonymous' ? t('audit.anonymous') : person(e.actor)}
                  </span>
                ),
              },
              { key: 'subject', title: t('audit.subject'), render: (e) => <Subject subject={e.subject} /> },
              { key: 'seq', title: t('audit.seq'), align: 'right', render: (e) => e.seq },
              {
                key: 'detail',
                title: t('audit.detail'),
                render: (e) => (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => setShown(e)}
                    aria-label={t('audit.showDetail', { seq: e.seq })}
                  >
                    {t('audit.show')}
                  </Button>
                ),
              },
            ]}
          />
          {more ? (
            <Flex className="actions">
              <Button onClick={() => void load(items[items.length - 1]?.seq)}>{t('audit.more')}</Button>
            </Flex>
          ) : null}
        </Card>
      ) : null}
      <Modal
        open={shown !== null}
        onCancel={() => setShown(null)}
        footer={null}
        title={shown ? `#${shown.seq} ${actionWords(shown.action, lang)}` : ''}
        width={720}
      >
        {shown ? (
          <>
            <p className="small">
              {formatDateTime(shown.at)} · {person(shown.actor)} ·{' '}
              <span className="mono">{shown.action}</span> · <span className="mono">{shown.subject}</span>
            </p>
            <pre className="mono detail-json">{JSON.stringify(shown.detail, null, 2)}</pre>
            <p className="mono small wrap-any">SM3 {shown.hash}</p>
            <p className="mono small wrap-any">prev {shown.prevHash}</p>
          </>
        ) : null}
      </Modal>
    </>
  );
}
