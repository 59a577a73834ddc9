/**
 * 政策体检: the organisation and one matter → `POST /api/calc`. Amounts are typed in 万元 or 元 and
 * converted to integer fen from the decimal string. The form is kept in sessionStorage and never
 * cleared by a failed submission; every error is shown under the field the API's issue path names.
 *
 * The parts live beside this file in self-check/: the form state (form.ts), the request and the
 * browser's own checks (request.ts), and the sections of the form.
 */
import { type FormEvent, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, type FieldIssue } from '../api.ts';
import { useCatalogue } from '../catalogue-data.tsx';
import { ErrorBox, fieldId, issuesByPath, Loading } from '../components/ui.tsx';
import { type Key, useI18n } from '../i18n/index.tsx';
import { type Example, exampleInput } from './measure.tsx';
import { type CalcResponse, type GrantView, ResultView } from './result.tsx';
import { type CheckForm, emptyForm, formFromInput, loadStored, store } from './self-check/form.ts';
import { MatterSection } from './self-check/matter.tsx';
import { OrganisationSection } from './self-check/organisation.tsx';
import { type CalcRequest, localIssues, toCalcInput } from './self-check/request.ts';
import { WhenSection } from './self-check/when.tsx';

export function SelfCheckPage({
  query,
  prefill,
  renderApply,
}: {
  query: URLSearchParams;
  /** A form to start from (e.g. the signed-in enterprise's record), used when nothing is stored. */
  prefill?: CheckForm | null;
  renderApply?: (g: GrantView, input: CalcRequest, title: string) => ReactNode;
}) {
  const { t, lang } = useI18n();
  const cat = useCatalogue();
  const [form, setForm] = useState<CheckForm>(() => loadStored() ?? prefill ?? emptyForm());
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CalcResponse | null>(null);
  const [submitted, setSubmitted] = useState<CalcRequest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const errorSummary = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const exampleId = query.get('example');

  // Keep what was typed across navigation and reloads (this tab only).
  useEffect(() => store(form), [form]);

  // A prefill that arrives after the first render (the organisation loads) applies if nothing was typed.
  const prefillApplied = useRef(false);
  useEffect(() => {
    if (prefill && !prefillApplied.current && loadStored()?.applicant.uscc !== prefill.applicant.uscc) {
      prefillApplied.current = true;
      setForm((f) => ({
        ...prefill,
        matter: f.matter,
        asOf: f.asOf,
        simulate: f.simulate,
        simulateDate: f.simulateDate,
      }));
      setNotice(t('check.prefilled'));
    }
  }, [prefill, t]);

  // From a 快申快享 invitation: the matter type the measure needs, chosen for the applicant.
  const invitedType = query.get('matterType');
  useEffect(() => {
    if (invitedType) setForm((f) => ({ ...f, matter: { ...f.matter, type: invitedType } }));
  }, [invitedType]);

  // "Run this example in the self-check": fill the form from a measure's worked example.
  useEffect(() => {
    if (!exampleId) return;
    let live = true;
    api<Record<string, unknown>>('GET', `/api/catalogue/${encodeURIComponent(exampleId)}`).then(
      (d) => {
        const raw = ((d.measure ?? d) as Record<string, unknown>).example as Example | undefined;
        if (live && raw) {
          setForm(formFromInput(exampleInput(raw)));
          setResult(null);
          setIssues([]);
        }
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [exampleId]);

  // Reasons are worded by the API in one language: re-run after a language switch.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the language triggers this
  useEffect(() => {
    if (submitted) void run(submitted, false);
  }, [lang]);

  const errors = useMemo(() => {
    const out = issuesByPath(issues, lang);
    for (const i of issues) if (i.rule.startsWith('check.')) out[i.path] = t(i.rule as Key);
    return out;
  }, [issues, lang, t]);

  if (cat.loading && !cat.data) return <Loading />;
  if (!cat.data) return <ErrorBox error={cat.error} onRetry={cat.reload} />;
  const catalogue = cat.data;
  const draft = catalogue.documents.find((d) => d.status === 'draft');

  async function run(input: CalcRequest, scroll: boolean) {
    setBusy(true);
    setError(null);
    try {
      const r = await api<CalcResponse>('POST', '/api/calc', input);
      setResult(r);
      setIssues([]);
      setSubmitted(input);
      if (scroll) requestAnimationFrame(() => resultRef.current?.focus());
    } catch (e) {
      if (e instanceof ApiError && e.issues.length > 0) {
        setIssues(e.issues);
        focusFirstError(e.issues);
      } else {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  }

  function focusFirstError(list: FieldIssue[]) {
    requestAnimationFrame(() => {
      const first = list.map((i) => document.getElementById(fieldId(i.path))).find(Boolean);
      if (first) {
        first.focus();
      } else {
        errorSummary.current?.focus();
      }
    });
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const local = localIssues(form, draft?.code ?? '001');
    if (local.length > 0) {
      setIssues(local);
      setResult(null);
      focusFirstError(local);
      return;
    }
    void run(toCalcInput(form, draft?.code), true);
  }

  // Issues the API reported on a path no field shows: listed in the summary instead.
  const unmatched = issues.filter(
    (i) => !document.getElementById(fieldId(i.path)) && !i.rule.startsWith('check.'),
  );
  const section = { form, setForm, errors, catalogue };

  return (
    <>
      <div className="page-head no-print">
        <h1>{t('check.title')}</h1>
        <p>{t('check.intro')}</p>
      </div>
      <div className="print-only">
        <h1>{t('result.printTitle')}</h1>
        <p>
          {form.applicant.name} {form.applicant.uscc}
        </p>
      </div>
      {notice ? <p className="notice notice-info no-print">{notice}</p> : null}
      <form className="check-form" onSubmit={submit} noValidate aria-describedby="check-errors">
        <div id="check-errors" ref={errorSummary} tabIndex={-1}>
          {issues.length > 0 ? (
            <div className="notice notice-error" role="alert" data-testid="form-errors">
              <p>{t('common.fixErrors')}</p>
              {unmatched.length > 0 ? (
                <ul className="plain">
                  {unmatched.map((i) => (
                    <li key={i.path + i.rule}>
                      {t('error.field', { field: i.path, message: i[lang] || i.zh })}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
        </div>

        <OrganisationSection {...section} />
        <MatterSection {...section} />
        <WhenSection {...section} />

        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="check-submit">
            {busy ? t('check.submitting') : t('check.submit')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setForm(prefill ?? emptyForm());
              setIssues([]);
              setResult(null);
              setSubmitted(null);
            }}
          >
            {t('check.reset')}
          </button>
        </div>
      </form>

      <div ref={resultRef} tabIndex={-1} style={{ marginTop: '1rem', outline: 'none' }}>
        {error ? <ErrorBox error={error} /> : null}
        {result ? (
          <ResultView
            result={result}
            renderApply={
              renderApply && submitted ? (g) => renderApply(g, submitted, form.matter.name.trim()) : undefined
            }
          />
        ) : null}
      </div>
    </>
  );
}
