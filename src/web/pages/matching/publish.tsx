/**
 * 发榜: an enterprise publishes a need (需求榜), a university or institute an offer (成果榜); the side
 * follows the organisation's kind (GET /api/matching/reference sides[].publisherKinds). The form is the
 * API's schema (form.ts); while typing, the platform's lint (POST /api/matching/lint) prompts for what
 * is missing (no indicator, no budget…). "Save draft" or "Submit for review" (POST /api/matching/
 * listings?submit=…); editing a listing (…/:id/edit) replaces it (PUT …?version) and may resubmit.
 */
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Flex,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useFieldArray, useWatch } from 'react-hook-form';
import { useNavigate, useParams } from 'react-router';
import type { OrganisationRecord } from '../../../storage/repositories/organisations.ts';
import { ApiError, api, useApi } from '../../api.ts';
import { applyIssues, FormField, useZodForm, ZodForm } from '../../components/form.tsx';
import { MoneyInput } from '../../components/money.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';
import { emptyListingForm, formFromListing, type ListingForm, listingFormSchema, type Side } from './form.ts';
import { type ListingView, type MatchingReference, useLabels, useMatchingReference } from './shared.tsx';

interface Finding {
  path: string;
  rule: string;
  severity: 'error' | 'warning';
  zh: string;
  en: string;
}

export default function PublishPage() {
  const { id } = useParams();
  const { t } = useI18n('matching');
  const { user } = useSession();
  const ref = useMatchingReference();
  const org = useApi<OrganisationRecord>(
    !id && user?.organisationId ? `/api/organisations/${user.organisationId}` : null,
  );
  const existing = useApi<ListingView>(id ? `/api/matching/listings/${encodeURIComponent(id)}` : null);
  const [chosen, setChosen] = useState<Side | null>(null);

  const title = id ? t('matching.editTitle') : t('matching.publishTitle');
  if (ref.error || existing.error) return <ErrorBox error={ref.error ?? existing.error} />;
  if (!ref.data || (id && !existing.data) || (!id && org.loading)) return <Loading />;
  const kind = org.data?.kind;
  const allowed = ref.data.sides
    .filter((s) => !kind || s.publisherKinds.includes(kind))
    .map((s) => s.code as Side);
  const side: Side = existing.data?.side ?? chosen ?? allowed[0] ?? 'need';
  return (
    <>
      <PageHeader
        title={title}
        subtitle={t('matching.publishIntro')}
        back={{ to: '/matching/mine', label: t('matching.mineTitle') }}
      />
      {!id && allowed.length > 1 ? (
        <Flex gap={8} className="section-card">
          {allowed.map((s) => (
            <Button key={s} type={s === side ? 'primary' : 'default'} onClick={() => setChosen(s)}>
              {t(s === 'need' ? 'matching.publishNeed' : 'matching.publishOffer')}
            </Button>
          ))}
        </Flex>
      ) : null}
      <ListingEditor
        key={`${side}-${existing.data?.id ?? 'new'}`}
        side={side}
        reference={ref.data}
        existing={existing.data}
      />
    </>
  );
}

function ListingEditor({
  side,
  reference,
  existing,
}: {
  side: Side;
  reference: MatchingReference;
  existing: ListingView | null;
}) {
  const { t, lang, pick } = useI18n('matching');
  const labels = useLabels(reference);
  const navigate = useNavigate();
  const schema = useMemo(() => listingFormSchema(side, reference), [side, reference]);
  const form = useZodForm(
    schema,
    existing ? formFromListing(existing, reference) : emptyListingForm(side, reference),
  );
  const indicators = useFieldArray({ control: form.control, name: 'indicators' });
  const patents = useFieldArray({ control: form.control, name: 'patents' });
  const values = useWatch({ control: form.control }) as ListingForm;
  const [findings, setFindings] = useState<Finding[]>(existing?.lint ?? []);
  const [error, setError] = useState<unknown>(null);
  const submitMode = useRef<'draft' | 'submit'>('submit');

  // Live lint: when what is typed passes the schema, ask the platform what a reviewer would miss.
  useEffect(() => {
    const parsed = schema.safeParse(values);
    if (!parsed.success) return;
    const timer = setTimeout(() => {
      api<{ findings: Finding[] }>('POST', '/api/matching/lint', parsed.data).then(
        (r) => setFindings(r.findings),
        () => undefined,
      );
    }, 600);
    return () => clearTimeout(timer);
  }, [values, schema]);

  async function save(body: unknown) {
    setError(null);
    const submit = submitMode.current === 'submit';
    try {
      let saved: ListingView;
      if (existing) {
        saved = await api<ListingView>(
          'PUT',
          `/api/matching/listings/${existing.id}?version=${existing.version}`,
          body,
        );
        if (submit && saved.actions.includes('submit'))
          saved = await api<ListingView>('POST', `/api/matching/listings/${saved.id}/submit`, {
            version: saved.version,
          });
      } else {
        saved = await api<ListingView>('POST', `/api/matching/listings?submit=${submit}`, body);
      }
      navigate(`/matching/listings/${saved.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.issues.length > 0) {
        const stray = applyIssues(form, e.issues, lang);
        if (stray.length > 0) setError(e);
      } else setError(e);
    }
  }

  const option = (list: { code: string; label: { zh: string; en: string } }[]) =>
    list.map((x) => ({ value: x.code, label: pick(x.label) }));
  const lintErrors = findings.filter((f) => f.severity === 'error');
  const lintWarnings = findings.filter((f) => f.severity === 'warning');

  return (
    <ZodForm form={form} onValid={save} testId="listing-form" className="listing-form">
      <Card className="section-card" title={t(side === 'need' ? 'matching.needPart' : 'matching.offerPart')}>
        <FormField form={form} name="title" label={t('matching.listingTitle')} required>
          {(f) => <Input {...f} maxLength={60} />}
        </FormField>
        <FormField
          form={form}
          name="summary"
          label={t(side === 'need' ? 'matching.needSummary' : 'matching.offerSummary')}
          extra={t(side === 'need' ? 'matching.needSummaryHint' : 'matching.offerSummaryHint')}
          required
        >
          {(f) => <Input.TextArea {...f} rows={5} maxLength={3000} showCount />}
        </FormField>
        <FormField
          form={form}
          name="sectors"
          label={t('matching.sectors')}
          extra={t('matching.sectorsHint')}
          required
        >
          {(f) => (
            <Select
              {...f}
              mode="multiple"
              maxCount={3}
              showSearch={{ optionFilterProp: 'label' }}
              options={reference.sectors.map((s) => ({ value: s.code, label: labels.sector(s.code) }))}
            />
          )}
        </FormField>
        <FormField
          form={form}
          name="city"
          label={t(side === 'need' ? 'matching.needCity' : 'matching.offerCity')}
          required
        >
          {(f) => (
            <Select
              {...f}
              showSearch={{ optionFilterProp: 'label' }}
              options={reference.cities.map((c) => ({ value: c.code, label: labels.city(c.code) }))}
            />
          )}
        </FormField>
        <FormField
          form={form}
          name="keywords"
          label={t('matching.keywords')}
          extra={t('matching.keywordsHint')}
        >
          {(f) => (
            <Select {...f} mode="tags" maxCount={10} tokenSeparators={[',', '，', '、']} open={false} />
          )}
        </FormField>
      </Card>

      {side === 'need' ? (
        <Card className="section-card" title={t('matching.needDetails')}>
          <FormField form={form} name="scenario" label={t('matching.scenario')}>
            {(f) => <Input.TextArea {...f} rows={3} maxLength={1000} />}
          </FormField>
          <fieldset className="field-group">
            <legend>{t('matching.indicators')}</legend>
            {indicators.fields.map((row, i) => (
              <Flex key={row.id} gap={8} wrap align="flex-start" className="array-row">
                <FormField
                  form={form}
                  name={`indicators.${i}.name`}
                  label={t('matching.indicatorName')}
                  required
                >
                  {(f) => <Input {...f} placeholder={t('matching.indicatorNameHint')} />}
                </FormField>
                <FormField
                  form={form}
                  name={`indicators.${i}.target`}
                  label={t('matching.indicatorTarget')}
                  required
                >
                  {(f) => <Input {...f} placeholder={t('matching.indicatorTargetHint')} />}
                </FormField>
                <Button className="row-remove" onClick={() => indicators.remove(i)}>
                  {t('matching.remove')}
                </Button>
              </Flex>
            ))}
            <Button onClick={() => indicators.append({ name: '', target: '' })} data-testid="add-indicator">
              {t('matching.addIndicator')}
            </Button>
          </fieldset>
          <Flex gap={16} wrap>
            <FormField form={form} name="budget.min" label={t('matching.budgetMin')}>
              {(f) => <MoneyInput {...f} value={f.value} />}
            </FormField>
            <FormField form={form} name="budget.max" label={t('matching.budgetMax')}>
              {(f) => <MoneyInput {...f} value={f.value} />}
            </FormField>
          </Flex>
          <FormField
            form={form}
            name="timelineMonths"
            label={t('matching.timelineMonths')}
            extra={t('matching.timelineHint')}
          >
            {(f) => <InputNumber {...f} min={1} max={60} precision={0} />}
          </FormField>
          <FormField form={form} name="ipExpectation" label={t('matching.ipExpectation')}>
            {(f) => (
              <Select
                {...f}
                allowClear
                options={[{ value: '', label: '—' }, ...option(reference.ipExpectations)]}
              />
            )}
          </FormField>
        </Card>
      ) : (
        <Card className="section-card" title={t('matching.offerDetails')}>
          <FormField form={form} name="trl" label={t('matching.trl')} required>
            {(f) => (
              <Select
                {...f}
                options={reference.trl.map((x) => ({
                  value: x.level,
                  label: `TRL ${x.level} · ${pick(x.label)}`,
                }))}
              />
            )}
          </FormField>
          <FormField form={form} name="ipStatus" label={t('matching.ipStatus')} required>
            {(f) => <Select {...f} options={option(reference.ipStatuses)} />}
          </FormField>
          <fieldset className="field-group">
            <legend>{t('matching.patents')}</legend>
            {patents.fields.map((row, i) => (
              <Flex key={row.id} gap={8} wrap align="flex-start" className="array-row">
                <FormField
                  form={form}
                  name={`patents.${i}.number`}
                  label={t('matching.patentNumber')}
                  required
                >
                  {(f) => <Input {...f} placeholder="ZL202310123456.7" />}
                </FormField>
                <FormField form={form} name={`patents.${i}.title`} label={t('matching.patentTitle')}>
                  {(f) => <Input {...f} />}
                </FormField>
                <FormField form={form} name={`patents.${i}.kind`} label={t('matching.patentKind')}>
                  {(f) => <Select {...f} options={option(reference.patentKinds)} />}
                </FormField>
                <Button className="row-remove" onClick={() => patents.remove(i)}>
                  {t('matching.remove')}
                </Button>
              </Flex>
            ))}
            <Button onClick={() => patents.append({ number: '', title: '', kind: 'invention' })}>
              {t('matching.addPatent')}
            </Button>
          </fieldset>
          <FormField form={form} name="applications" label={t('matching.applications')}>
            {(f) => <Input.TextArea {...f} rows={3} maxLength={1000} />}
          </FormField>
          <FormField form={form} name="needs" label={t('matching.offerNeeds')} group>
            {(f) => <Checkbox.Group {...f} options={option(reference.offerNeeds)} />}
          </FormField>
          <FormField form={form} name="transferModes" label={t('matching.transferModes')} group>
            {(f) => <Checkbox.Group {...f} options={option(reference.transferModes)} />}
          </FormField>
          <Flex gap={16} wrap>
            <FormField form={form} name="price.min" label={t('matching.priceMin')}>
              {(f) => <MoneyInput {...f} value={f.value} />}
            </FormField>
            <FormField form={form} name="price.max" label={t('matching.priceMax')}>
              {(f) => <MoneyInput {...f} value={f.value} />}
            </FormField>
          </Flex>
          <FormField form={form} name="team" label={t('matching.team')}>
            {(f) => <Input.TextArea {...f} rows={3} maxLength={1000} />}
          </FormField>
        </Card>
      )}

      <Card className="section-card" title={t('matching.contactPart')}>
        <Typography.Paragraph className="hint">{t('matching.contactPrivate')}</Typography.Paragraph>
        <Flex gap={16} wrap>
          <FormField form={form} name="contact.name" label={t('matching.contactName')} required>
            {(f) => <Input {...f} autoComplete="name" />}
          </FormField>
          <FormField form={form} name="contact.phone" label={t('matching.contactPhone')}>
            {(f) => <Input {...f} autoComplete="tel" inputMode="tel" />}
          </FormField>
          <FormField form={form} name="contact.email" label={t('matching.contactEmail')}>
            {(f) => <Input {...f} autoComplete="email" inputMode="email" />}
          </FormField>
        </Flex>
        <FormField
          form={form}
          name="anonymous"
          label={t('matching.anonymous')}
          extra={t('matching.anonymousHint')}
        >
          {(f) => <Switch id={f.id} checked={Boolean(f.value)} onChange={f.onChange} />}
        </FormField>
        <FormField
          form={form}
          name="validDays"
          label={t('matching.validDays')}
          extra={t('matching.validDaysHint', {
            min: reference.validity.minDays,
            max: reference.validity.maxDays,
          })}
        >
          {(f) => (
            <InputNumber
              {...f}
              min={reference.validity.minDays}
              max={reference.validity.maxDays}
              precision={0}
            />
          )}
        </FormField>
      </Card>

      {findings.length > 0 ? (
        <Alert
          className="section-card"
          type={lintErrors.length > 0 ? 'error' : 'warning'}
          showIcon
          data-testid="lint"
          title={t(lintErrors.length > 0 ? 'matching.lintErrors' : 'matching.lintWarnings')}
          description={
            <ul className="plain-list">
              {[...lintErrors, ...lintWarnings].map((f) => (
                <li key={`${f.path}-${f.rule}`} data-rule={f.rule} data-severity={f.severity}>
                  {pick(f)}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      <Space wrap>
        <Button
          type="primary"
          htmlType="submit"
          loading={form.formState.isSubmitting}
          onClick={() => {
            submitMode.current = 'submit';
          }}
          data-testid="submit-listing"
        >
          {t('matching.submitForReview')}
        </Button>
        <Button
          htmlType="submit"
          onClick={() => {
            submitMode.current = 'draft';
          }}
          data-testid="save-draft"
        >
          {t('matching.saveDraft')}
        </Button>
      </Space>
    </ZodForm>
  );
}
