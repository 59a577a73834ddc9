/**
 * 政策体检: a short step-by-step flow — choose the matter first, then the organisation (filled in from
 * the registry for a signed-in enterprise), the matter's own fields, and when — then POST /api/calc.
 * What was typed is kept in sessionStorage and never lost to an error; every error is shown under the
 * field its path names. A granted measure can be applied for (the draft carries its amount).
 */
import { Alert, Button, Flex, Steps } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { useSearchParams } from 'react-router';
import type { OrganisationRecord } from '../../../storage/repositories/organisations.ts';
import { ApiError, api, type FieldIssue, useApi } from '../../api.ts';
import { useApiPaths } from '../../app/api-paths.tsx';
import { useCatalogue } from '../../catalogue-data.tsx';
import { applyIssues, SubmitButton, ZodForm } from '../../components/form.tsx';
import { PageHeader } from '../../components/page.tsx';
import { ErrorBox, Loading } from '../../components/status.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useSession } from '../../session.tsx';
import { useTodayForm } from '../../today.ts';
import { ApplyButton } from '../applications/apply-button.tsx';
import { type Example, exampleInput } from '../catalogue/measure.tsx';
import { TierPathSection } from '../qualifications/path-section.tsx';
import { fieldsFor } from './fields.ts';
import {
  type CalcRequest,
  type CheckForm,
  type CheckValues,
  checkFormSchema,
  emptyForm,
  formFromInput,
  formFromOrganisation,
  formPath,
  loadStored,
  NO_MATTER,
  store,
  toCalcInput,
} from './form.ts';
import { MatterSection } from './matter.tsx';
import { MatterChoice } from './matter-choice.tsx';
import { OrganisationSection } from './organisation.tsx';
import { PrintSummary } from './print.tsx';
import { type CalcResponse, ResultView } from './result.tsx';
import { WhenSection } from './when.tsx';

export default function SelfCheckPage() {
  const { t, lang } = useI18n('check');
  const cat = useCatalogue();
  const { user, ready } = useSession();
  const { paths } = useApiPaths();
  const [params] = useSearchParams();
  const { form, today } = useTodayForm(checkFormSchema, (today) => loadStored() ?? emptyForm(today), [
    'matter.date',
    'asOf',
    'simulateDate',
  ]);
  const [unmatched, setUnmatched] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<CalcResponse | null>(null);
  const [submitted, setSubmitted] = useState<CalcRequest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const values = useWatch({ control: form.control }) as CheckForm;
  const matterType = values.matter?.type ?? '';

  // Keep what was typed across navigation and reloads (this tab only).
  useEffect(() => store(values), [values]);

  // A signed-in enterprise: its registry record is the organisation (what the application will use).
  const enterprise = user?.role === 'enterprise' && user.organisationId ? user.organisationId : null;
  const org = useApi<OrganisationRecord>(
    enterprise && paths.has('/api/organisations/{id}') ? `/api/organisations/${enterprise}` : null,
  );
  const prefilled = useRef(false);
  useEffect(() => {
    if (!org.data || prefilled.current) return;
    prefilled.current = true;
    if (form.getValues('applicant.uscc') === org.data.uscc) return;
    form.setValue('applicant', formFromOrganisation(org.data));
    setNotice(t('check.prefilled'));
  }, [org.data, form, t]);

  // From a 快申快享 invitation: the matter type the measure needs, chosen for the applicant.
  const invitedType = params.get('matterType');
  useEffect(() => {
    if (invitedType) form.setValue('matter.type', invitedType);
  }, [invitedType, form]);

  // "Run this example in the self-check": fill the form from a measure's worked example.
  const exampleId = params.get('example');
  useEffect(() => {
    if (!exampleId) return;
    let live = true;
    api<Record<string, unknown>>('GET', `/api/catalogue/${encodeURIComponent(exampleId)}`).then(
      (d) => {
        const raw = ((d.measure ?? d) as Record<string, unknown>).example as Example | undefined;
        if (live && raw) {
          form.reset(formFromInput(exampleInput(raw)));
          setResult(null);
        }
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [exampleId, form]);

  const draft = cat.data?.documents.find((d) => d.status === 'draft');

  async function run(input: CalcRequest, scroll: boolean) {
    setError(null);
    try {
      const r = await api<CalcResponse>('POST', '/api/calc', input);
      setResult(r);
      setUnmatched([]);
      setSubmitted(input);
      if (scroll) requestAnimationFrame(() => resultRef.current?.focus());
    } catch (e) {
      if (e instanceof ApiError && e.issues.length > 0) {
        const mapped = e.issues.map((i) => ({ ...i, path: formPath(i.path) }));
        setUnmatched(applyIssues(form, mapped, lang));
        setResult(null);
      } else {
        setError(e);
      }
    }
  }

  // Reasons are worded by the API in one language: re-run after a language switch.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the language triggers this
  useEffect(() => {
    if (submitted) void run(submitted, false);
  }, [lang]);

  const fields = useMemo(
    () => (cat.data && matterType && matterType !== NO_MATTER ? fieldsFor(cat.data, matterType) : null),
    [cat.data, matterType],
  );

  if (cat.loading && !cat.data) return <Loading />;
  if (!cat.data) return <ErrorBox error={cat.error} onRetry={cat.reload} />;
  const catalogue = cat.data;
  if (!ready) return <Loading />;
  const canApply = enterprise !== null && paths.has('/api/applications/from-self-check');
  const chosen = matterType !== '';
  const errors = form.formState.errors;
  const step = !chosen ? 0 : result ? 3 : 1;

  return (
    <>
      <PageHeader title={t('check.title')} subtitle={t('check.intro')} />
      {notice ? <Alert className="no-print" type="info" title={notice} showIcon /> : null}
      <Steps
        className="no-print check-steps"
        size="small"
        current={step}
        items={[
          { title: t('check.step.matter') },
          { title: t('check.step.organisation') },
          { title: t('check.step.details') },
          { title: t('check.step.result') },
        ]}
      />
      <ZodForm
        form={form}
        onValid={(v: CheckValues) => run(toCalcInput(v, draft?.code), true)}
        className="check-form no-print"
      >
        {Object.keys(errors).length > 0 || unmatched.length > 0 ? (
          <Alert
            type="error"
            role="alert"
            data-testid="form-errors"
            title={t('common.fixErrors')}
            description={
              unmatched.length > 0 ? (
                <ul className="plain">
                  {unmatched.map((i) => (
                    <li key={i.path + i.rule}>
                      {t('error.field', { field: i.path, message: i[lang] || i.zh })}
                    </li>
                  ))}
                </ul>
              ) : undefined
            }
          />
        ) : null}
        <div className="section-card">
          <MatterChoice form={form} catalogue={catalogue} />
        </div>
        {chosen ? (
          <>
            <OrganisationSection form={form} catalogue={catalogue} />
            {fields ? <MatterSection form={form} catalogue={catalogue} fields={fields} /> : null}
            <WhenSection form={form} catalogue={catalogue} />
            <Flex gap={8} wrap className="actions">
              <SubmitButton form={form} testId="check-submit" busyLabel={t('check.submitting')}>
                {t('check.submit')}
              </SubmitButton>
              <Button
                onClick={() => {
                  const fresh = emptyForm(today);
                  form.reset(org.data ? { ...fresh, applicant: formFromOrganisation(org.data) } : fresh);
                  setUnmatched([]);
                  setResult(null);
                  setSubmitted(null);
                }}
              >
                {t('check.reset')}
              </Button>
            </Flex>
          </>
        ) : null}
      </ZodForm>

      <div ref={resultRef} tabIndex={-1} className="result-anchor">
        {error ? <ErrorBox error={error} /> : null}
        {result && submitted ? (
          <>
            <ResultView
              result={result}
              renderApply={
                canApply
                  ? (g) => (
                      <ApplyButton
                        grant={g}
                        input={submitted}
                        title={values.matter.name.trim() || undefined}
                      />
                    )
                  : undefined
              }
            />
            <PrintSummary input={submitted} result={result} catalogue={catalogue} />
          </>
        ) : null}
      </div>
      {/* 晋级路径 (issue 13): a signed-in enterprise's position on each ladder and the distance to the next tier. */}
      {enterprise && paths.has('/api/qualifications/path') ? <TierPathSection /> : null}
    </>
  );
}
