/**
 * 政策体检: the organisation and one matter → `POST /api/calc`. Amounts are typed in 万元 or 元 and
 * converted to integer fen from the decimal string. The form is kept in sessionStorage and never
 * cleared by a failed submission; every error is shown under the field the API's issue path names.
 */
import { type FormEvent, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { fenToInput, type MoneyUnit, parseMoney } from '../../core/money.ts';
import { ApiError, api, type FieldIssue } from '../api.ts';
import { type CatalogueView, makeLabeller, useCatalogue } from '../catalogue-data.tsx';
import { CheckGroup, DateInput, ErrorBox, Field, fieldId, issuesByPath, Loading } from '../components/ui.tsx';
import { isIsoDate, todayShanghai } from '../format.ts';
import { type Key, useI18n } from '../i18n/index.tsx';
import { type CalcInputLike, type Example, exampleInput } from './measure.tsx';
import { type CalcResponse, type GrantView, ResultView } from './result.tsx';

export interface QualificationRow {
  code: string;
  from: string;
  to: string;
}
export interface PartnerRow {
  kind: string;
  city: string;
  name: string;
}

export interface CheckForm {
  applicant: {
    name: string;
    uscc: string;
    kind: string;
    city: string;
    centreOriginCity: string;
    sectors: string[];
    qualifications: QualificationRow[];
    licences: string[];
  };
  matter: {
    /** The applicant's own project reference: becomes matter.id, so 不重复 can tell projects apart. */
    ref: string;
    /** The project's name: the application's title when applying. */
    name: string;
    type: string;
    date: string;
    sector: string;
    cities: string[];
    partners: PartnerRow[];
    challengeListed: boolean;
    inInnovationProductCatalogue: boolean;
    claims: string[];
    leaseYears: string;
    figures: Record<string, string>;
  };
  unit: MoneyUnit;
  asOf: string;
  simulate: boolean;
  simulateDate: string;
}

export function emptyForm(): CheckForm {
  const today = todayShanghai();
  return {
    applicant: {
      name: '',
      uscc: '',
      kind: 'enterprise',
      city: 'songjiang',
      centreOriginCity: '',
      sectors: [],
      qualifications: [],
      licences: [],
    },
    matter: {
      ref: '',
      name: '',
      type: '',
      date: today,
      sector: '',
      cities: [],
      partners: [],
      challengeListed: false,
      inInnovationProductCatalogue: false,
      claims: [],
      leaseYears: '',
      figures: {},
    },
    unit: 'wan',
    asOf: today,
    simulate: false,
    simulateDate: today,
  };
}

const STORAGE_KEY = 'ceyuan.selfcheck';

function loadStored(): CheckForm | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const f = JSON.parse(raw) as CheckForm;
    const base = emptyForm();
    return {
      ...base,
      ...f,
      applicant: { ...base.applicant, ...f.applicant },
      matter: { ...base.matter, ...f.matter },
    };
  } catch {
    return null;
  }
}

/** Client-side checks (amounts, numbers) as API-style issues, so both show the same way. */
function localIssues(form: CheckForm, draftCode: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const msg = (key: Key, en: string, zh: string) => ({ rule: key, zh, en });
  const date = (path: string, value: string, required: boolean) => {
    if (value.trim() === '' ? required : !isIsoDate(value.trim())) {
      issues.push({ path, rule: 'check.date.format', zh: '', en: '' });
    }
  };
  date('asOf', form.asOf, false);
  form.applicant.qualifications.forEach((q, i) => {
    date(`applicant.qualifications.${i}.from`, q.from, true);
    date(`applicant.qualifications.${i}.to`, q.to, false);
  });
  if (form.simulate) date(`simulate.adopt.${draftCode}`, form.simulateDate, true);
  if (form.matter.type) date('matters.0.date', form.matter.date, false);
  if (form.matter.type) {
    for (const [code, text] of Object.entries(form.matter.figures)) {
      if (text.trim() === '') continue;
      const r = parseMoney(text, form.unit);
      if (!r.ok) {
        issues.push({
          path: `matters.0.figures.${code}`,
          ...msg(`check.money.${r.error}`, '', ''),
        });
      }
    }
    const ly = form.matter.leaseYears.trim();
    if (ly !== '' && !/^\d{1,3}$/.test(ly)) {
      issues.push({ path: 'matters.0.leaseYears', rule: 'check.leaseYears.format', zh: '', en: '' });
    }
  }
  return issues;
}

/** The calculator input for the form. Only called once localIssues() is empty. */
export function toCalcInput(form: CheckForm, draftCode = '001') {
  const a = form.applicant;
  const m = form.matter;
  const figures: Record<string, number> = {};
  for (const [code, text] of Object.entries(m.figures)) {
    if (text.trim() === '') continue;
    const r = parseMoney(text, form.unit);
    if (r.ok) figures[code] = r.fen;
  }
  const matter = m.type
    ? {
        ...(m.ref.trim() ? { id: m.ref.trim() } : {}),
        type: m.type,
        ...(m.date ? { date: m.date } : {}),
        ...(m.sector ? { sector: m.sector } : {}),
        cities: m.cities,
        partners: m.partners.map((p) => ({
          kind: p.kind,
          city: p.city,
          ...(p.name.trim() ? { name: p.name.trim() } : {}),
        })),
        challengeListed: m.challengeListed,
        inInnovationProductCatalogue: m.inInnovationProductCatalogue,
        claims: m.claims,
        ...(m.leaseYears.trim() ? { leaseYears: Number(m.leaseYears.trim()) } : {}),
        figures,
      }
    : null;
  return {
    applicant: {
      ...(a.name.trim() ? { name: a.name.trim() } : {}),
      ...(a.uscc.trim() ? { uscc: a.uscc.trim() } : {}),
      kind: a.kind,
      city: a.city,
      centreOriginCity: a.centreOriginCity || null,
      sectors: a.sectors,
      qualifications: a.qualifications.map((q) => ({ code: q.code, from: q.from, to: q.to || null })),
      licences: a.licences,
    },
    matters: matter ? [matter] : [],
    ...(form.asOf ? { asOf: form.asOf } : {}),
    simulate: { adopt: form.simulate && form.simulateDate ? { [draftCode]: form.simulateDate } : {} },
  };
}

/** A worked example (or any calculator input) back into the form. */
export function formFromInput(input: CalcInputLike, unit: MoneyUnit = 'wan'): CheckForm {
  const f = emptyForm();
  const a = input.applicant as Record<string, unknown>;
  const m = (input.matters[0] ?? null) as Record<string, unknown> | null;
  f.unit = unit;
  f.applicant = {
    ...f.applicant,
    name: String(a.name ?? ''),
    uscc: String(a.uscc ?? ''),
    kind: String(a.kind ?? 'enterprise'),
    city: String(a.city ?? 'songjiang'),
    centreOriginCity: String(a.centreOriginCity ?? ''),
    sectors: (a.sectors as string[]) ?? [],
    qualifications: ((a.qualifications as { code: string; from: string; to?: string | null }[]) ?? []).map(
      (q) => ({
        code: q.code,
        from: q.from,
        to: q.to ?? '',
      }),
    ),
    licences: (a.licences as string[]) ?? [],
  };
  if (m) {
    const figures: Record<string, string> = {};
    for (const [k, v] of Object.entries((m.figures as Record<string, number>) ?? {}))
      figures[k] = fenToInput(v, unit);
    f.matter = {
      ...f.matter,
      ref: m.id && m.id !== 'example' ? String(m.id) : '',
      name: '',
      type: String(m.type ?? ''),
      date: String(m.date ?? f.matter.date),
      sector: String(m.sector ?? ''),
      cities: (m.cities as string[]) ?? [],
      partners: ((m.partners as PartnerRow[]) ?? []).map((p) => ({
        kind: p.kind,
        city: p.city,
        name: p.name ?? '',
      })),
      challengeListed: Boolean(m.challengeListed),
      inInnovationProductCatalogue: Boolean(m.inInnovationProductCatalogue),
      claims: (m.claims as string[]) ?? [],
      leaseYears: m.leaseYears !== undefined ? String(m.leaseYears) : '',
      figures,
    };
  }
  if (input.asOf) f.asOf = input.asOf;
  const adopt = input.simulate?.adopt ?? {};
  if (adopt['001']) {
    f.simulate = true;
    f.simulateDate = adopt['001'];
  }
  return f;
}

export type { OrganisationRecord } from '../../storage/repositories/organisations.ts';

import type { OrganisationRecord } from '../../storage/repositories/organisations.ts';

/** The organisation part of the form from the registry record (GET /api/organisations/:id). */
export function formFromOrganisation(o: OrganisationRecord): CheckForm {
  const f = emptyForm();
  f.applicant = {
    name: o.name,
    uscc: o.uscc,
    kind: o.kind,
    city: o.city,
    centreOriginCity: o.centreOriginCity ?? '',
    sectors: o.sectors ?? [],
    qualifications: (o.qualifications ?? []).map((q) => ({ code: q.code, from: q.from, to: q.to ?? '' })),
    licences: o.licences ?? [],
  };
  return f;
}

/** Figures a matter type uses as the base of some measure's formula: shown first. */
function relevantFigures(cat: CatalogueView, matterType: string): string[] {
  const codes = new Set<string>();
  for (const m of cat.measures) if (m.matterType === matterType && m.benefit.base) codes.add(m.benefit.base);
  return [...codes];
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="card">
      <legend className="section-legend">{title}</legend>
      {children}
    </fieldset>
  );
}

export function SelfCheckPage({
  query,
  prefill,
  renderApply,
}: {
  query: URLSearchParams;
  /** A form to start from (e.g. the signed-in enterprise's record), used when nothing is stored. */
  prefill?: CheckForm | null;
  renderApply?: (g: GrantView, input: ReturnType<typeof toCalcInput>, title: string) => ReactNode;
}) {
  const { t, lang, pick } = useI18n();
  const cat = useCatalogue();
  const [form, setForm] = useState<CheckForm>(() => loadStored() ?? prefill ?? emptyForm());
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CalcResponse | null>(null);
  const [submitted, setSubmitted] = useState<ReturnType<typeof toCalcInput> | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const errorSummary = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const exampleId = query.get('example');

  // Keep what was typed across navigation and reloads (this tab only).
  useEffect(() => {
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(form));
    } catch {
      // Storage unavailable: the form still works, it is just not remembered.
    }
  }, [form]);

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
  const ref = cat.data.reference;
  const label = makeLabeller(ref, lang);
  const opts = (
    list: 'cities' | 'orgKinds' | 'sectors' | 'qualifications' | 'licences' | 'claims' | 'matterTypes',
  ) => ref[list].map((x) => ({ code: x.code, label: label(list, x.code) }));
  const draft = cat.data.documents.find((d) => d.status === 'draft');

  const setApplicant = (patch: Partial<CheckForm['applicant']>) =>
    setForm((f) => ({ ...f, applicant: { ...f.applicant, ...patch } }));
  const setMatter = (patch: Partial<CheckForm['matter']>) =>
    setForm((f) => ({ ...f, matter: { ...f.matter, ...patch } }));

  async function run(input: ReturnType<typeof toCalcInput>, scroll: boolean) {
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

  const figureCodes = ref.figures.map((f) => f.code);
  const relevant = form.matter.type ? relevantFigures(cat.data, form.matter.type) : [];
  const primary = relevant.length > 0 ? relevant : figureCodes;
  const secondary = figureCodes.filter((c) => !primary.includes(c));
  // An error on a field inside "other amounts" must be visible.
  const openOther = secondary.some((c) => form.matter.figures[c]?.trim() || errors[`matters.0.figures.${c}`]);
  const unitLabel = form.unit === 'wan' ? t('common.unitWan') : t('common.unitYuan');
  const unmatched = issues.filter(
    (i) => !document.getElementById(fieldId(i.path)) && !i.rule.startsWith('check.'),
  );

  const figureField = (code: string) => (
    <Field key={code} label={label('figures', code)} path={`matters.0.figures.${code}`} errors={errors}>
      {(p) => (
        <div className="money-input">
          <input
            {...p}
            type="text"
            className="amount"
            inputMode="decimal"
            autoComplete="off"
            name={`figure-${code}`}
            value={form.matter.figures[code] ?? ''}
            onChange={(e) => setMatter({ figures: { ...form.matter.figures, [code]: e.target.value } })}
          />
          <span className="unit" aria-hidden="true">
            {unitLabel}
          </span>
        </div>
      )}
    </Field>
  );

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

        <Section title={t('check.org')}>
          <div className="grid-3">
            <Field label={t('check.orgName')} path="applicant.name" errors={errors}>
              {(p) => (
                <input
                  {...p}
                  type="text"
                  autoComplete="organization"
                  value={form.applicant.name}
                  onChange={(e) => setApplicant({ name: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('check.uscc')} path="applicant.uscc" errors={errors}>
              {(p) => (
                <input
                  {...p}
                  type="text"
                  maxLength={18}
                  className="mono"
                  value={form.applicant.uscc}
                  onChange={(e) => setApplicant({ uscc: e.target.value.toUpperCase() })}
                />
              )}
            </Field>
            <Field label={t('check.kind')} path="applicant.kind" errors={errors} required>
              {(p) => (
                <select
                  {...p}
                  value={form.applicant.kind}
                  onChange={(e) => setApplicant({ kind: e.target.value })}
                >
                  {opts('orgKinds').map((o) => (
                    <option key={o.code} value={o.code}>
                      {o.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('check.city')} path="applicant.city" errors={errors} required>
              {(p) => (
                <select
                  {...p}
                  value={form.applicant.city}
                  onChange={(e) => setApplicant({ city: e.target.value })}
                >
                  {opts('cities').map((o) => (
                    <option key={o.code} value={o.code}>
                      {o.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              label={t('check.centreOrigin')}
              path="applicant.centreOriginCity"
              errors={errors}
              hint={t('check.centreOriginHint')}
              className="span-2"
            >
              {(p) => (
                <select
                  {...p}
                  value={form.applicant.centreOriginCity}
                  onChange={(e) => setApplicant({ centreOriginCity: e.target.value })}
                >
                  <option value="">{t('common.none')}</option>
                  {ref.cities
                    .filter((c) => c.role === 'member' || c.role === 'partner')
                    .map((c) => (
                      <option key={c.code} value={c.code}>
                        {label('cities', c.code)}
                      </option>
                    ))}
                </select>
              )}
            </Field>
          </div>
          <CheckGroup
            legend={t('check.sectors')}
            path="applicant.sectors"
            errors={errors}
            options={opts('sectors')}
            value={form.applicant.sectors}
            onChange={(sectors) => setApplicant({ sectors })}
          />
          <fieldset className="row-list">
            <legend>{t('check.qualifications')}</legend>
            {form.applicant.qualifications.map((q, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; index is their identity
              <div className="row" key={i} data-testid="qualification-row">
                <Field
                  label={t('check.qualification')}
                  path={`applicant.qualifications.${i}.code`}
                  errors={errors}
                >
                  {(p) => (
                    <select
                      {...p}
                      value={q.code}
                      onChange={(e) =>
                        setApplicant({
                          qualifications: form.applicant.qualifications.map((x, j) =>
                            j === i ? { ...x, code: e.target.value } : x,
                          ),
                        })
                      }
                    >
                      {opts('qualifications').map((o) => (
                        <option key={o.code} value={o.code}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field
                  label={t('check.validFrom')}
                  path={`applicant.qualifications.${i}.from`}
                  errors={errors}
                >
                  {(p) => (
                    <DateInput
                      {...p}
                      value={q.from}
                      onChange={(v) =>
                        setApplicant({
                          qualifications: form.applicant.qualifications.map((x, j) =>
                            j === i ? { ...x, from: v } : x,
                          ),
                        })
                      }
                    />
                  )}
                </Field>
                <Field label={t('check.validTo')} path={`applicant.qualifications.${i}.to`} errors={errors}>
                  {(p) => (
                    <DateInput
                      {...p}
                      value={q.to}
                      onChange={(v) =>
                        setApplicant({
                          qualifications: form.applicant.qualifications.map((x, j) =>
                            j === i ? { ...x, to: v } : x,
                          ),
                        })
                      }
                    />
                  )}
                </Field>
                <button
                  type="button"
                  className="btn btn-small btn-danger"
                  aria-label={`${t('check.removeQualification')} ${i + 1}`}
                  onClick={() =>
                    setApplicant({ qualifications: form.applicant.qualifications.filter((_, j) => j !== i) })
                  }
                >
                  {t('common.remove')}
                </button>
              </div>
            ))}
            <button
              type="button"
              className="btn btn-small"
              onClick={() =>
                setApplicant({
                  qualifications: [
                    ...form.applicant.qualifications,
                    { code: ref.qualifications[0]?.code ?? '', from: form.asOf, to: '' },
                  ],
                })
              }
            >
              + {t('check.addQualification')}
            </button>
          </fieldset>
          <CheckGroup
            legend={t('check.licences')}
            path="applicant.licences"
            errors={errors}
            options={opts('licences')}
            value={form.applicant.licences}
            onChange={(licences) => setApplicant({ licences })}
          />
        </Section>

        <Section title={t('check.matter')}>
          <div className="grid-3">
            <Field label={t('check.matterType')} path="matters.0.type" errors={errors} className="span-2">
              {(p) => (
                <select
                  {...p}
                  name="matterType"
                  value={form.matter.type}
                  onChange={(e) => setMatter({ type: e.target.value })}
                >
                  <option value="">{t('check.matterTypeNone')}</option>
                  {opts('matterTypes').map((o) => (
                    <option key={o.code} value={o.code}>
                      {o.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {form.matter.type ? (
              <>
                <Field label={t('check.matterDate')} path="matters.0.date" errors={errors}>
                  {(p) => (
                    <DateInput {...p} value={form.matter.date} onChange={(v) => setMatter({ date: v })} />
                  )}
                </Field>
                <Field label={t('check.projectName')} path="title" errors={errors} className="span-2">
                  {(p) => (
                    <input
                      {...p}
                      type="text"
                      maxLength={200}
                      value={form.matter.name}
                      onChange={(e) => setMatter({ name: e.target.value })}
                    />
                  )}
                </Field>
                <Field
                  label={t('check.projectRef')}
                  path="matters.0.id"
                  errors={errors}
                  hint={t('check.projectRefHint')}
                >
                  {(p) => (
                    <input
                      {...p}
                      type="text"
                      maxLength={100}
                      className="mono"
                      value={form.matter.ref}
                      onChange={(e) => setMatter({ ref: e.target.value })}
                    />
                  )}
                </Field>
              </>
            ) : null}
          </div>
          {form.matter.type ? (
            <>
              <fieldset>
                <legend>{t('check.figures')}</legend>
                <div
                  className="checks"
                  style={{ marginBottom: '0.5rem' }}
                  role="radiogroup"
                  aria-label={t('check.unit')}
                >
                  <span className="muted">{t('check.unit')}：</span>
                  {(['wan', 'yuan'] as const).map((u) => (
                    <label key={u} className="check">
                      <input
                        type="radio"
                        name="unit"
                        value={u}
                        checked={form.unit === u}
                        onChange={() => setForm((f) => ({ ...f, unit: u }))}
                      />
                      <span>{u === 'wan' ? t('common.unitWan') : t('common.unitYuan')}</span>
                    </label>
                  ))}
                </div>
                <div className="grid-3">{primary.map(figureField)}</div>
                {secondary.length > 0 ? (
                  <details open={openOther || undefined}>
                    <summary>{t('check.otherFigures')}</summary>
                    <div className="grid-3" style={{ marginTop: '0.5rem' }}>
                      {secondary.map(figureField)}
                    </div>
                  </details>
                ) : null}
              </fieldset>
              <div className="checks" style={{ marginBottom: '0.8rem' }}>
                <label className="check">
                  <input
                    type="checkbox"
                    name="challengeListed"
                    checked={form.matter.challengeListed}
                    onChange={(e) => setMatter({ challengeListed: e.target.checked })}
                  />
                  <span>{t('check.challengeListed')}</span>
                </label>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={form.matter.inInnovationProductCatalogue}
                    onChange={(e) => setMatter({ inInnovationProductCatalogue: e.target.checked })}
                  />
                  <span>{t('check.inCatalogue')}</span>
                </label>
              </div>
              <div className="grid-3">
                <Field label={t('check.matterSector')} path="matters.0.sector" errors={errors}>
                  {(p) => (
                    <select
                      {...p}
                      value={form.matter.sector}
                      onChange={(e) => setMatter({ sector: e.target.value })}
                    >
                      <option value="">{t('common.none')}</option>
                      {opts('sectors').map((o) => (
                        <option key={o.code} value={o.code}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={t('check.leaseYears')} path="matters.0.leaseYears" errors={errors}>
                  {(p) => (
                    <input
                      {...p}
                      type="text"
                      inputMode="numeric"
                      value={form.matter.leaseYears}
                      onChange={(e) => setMatter({ leaseYears: e.target.value })}
                    />
                  )}
                </Field>
              </div>
              <CheckGroup
                legend={t('check.matterCities')}
                path="matters.0.cities"
                errors={errors}
                options={opts('cities')}
                value={form.matter.cities}
                onChange={(cities) => setMatter({ cities })}
              />
              <fieldset className="row-list">
                <legend>{t('check.partners')}</legend>
                {form.matter.partners.map((p0, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; index is their identity
                  <div className="row" key={i}>
                    <Field
                      label={t('check.partnerName')}
                      path={`matters.0.partners.${i}.name`}
                      errors={errors}
                    >
                      {(p) => (
                        <input
                          {...p}
                          type="text"
                          value={p0.name}
                          onChange={(e) =>
                            setMatter({
                              partners: form.matter.partners.map((x, j) =>
                                j === i ? { ...x, name: e.target.value } : x,
                              ),
                            })
                          }
                        />
                      )}
                    </Field>
                    <Field
                      label={t('check.partnerKind')}
                      path={`matters.0.partners.${i}.kind`}
                      errors={errors}
                    >
                      {(p) => (
                        <select
                          {...p}
                          value={p0.kind}
                          onChange={(e) =>
                            setMatter({
                              partners: form.matter.partners.map((x, j) =>
                                j === i ? { ...x, kind: e.target.value } : x,
                              ),
                            })
                          }
                        >
                          {opts('orgKinds').map((o) => (
                            <option key={o.code} value={o.code}>
                              {o.label}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                    <Field
                      label={t('check.partnerCity')}
                      path={`matters.0.partners.${i}.city`}
                      errors={errors}
                    >
                      {(p) => (
                        <select
                          {...p}
                          value={p0.city}
                          onChange={(e) =>
                            setMatter({
                              partners: form.matter.partners.map((x, j) =>
                                j === i ? { ...x, city: e.target.value } : x,
                              ),
                            })
                          }
                        >
                          {opts('cities').map((o) => (
                            <option key={o.code} value={o.code}>
                              {o.label}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                    <button
                      type="button"
                      className="btn btn-small btn-danger"
                      aria-label={`${t('check.removePartner')} ${i + 1}`}
                      onClick={() => setMatter({ partners: form.matter.partners.filter((_, j) => j !== i) })}
                    >
                      {t('common.remove')}
                    </button>
                  </div>
                ))}
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() =>
                    setMatter({
                      partners: [
                        ...form.matter.partners,
                        { kind: 'university', city: 'songjiang', name: '' },
                      ],
                    })
                  }
                >
                  + {t('check.addPartner')}
                </button>
              </fieldset>
              <CheckGroup
                legend={t('check.claims')}
                path="matters.0.claims"
                errors={errors}
                options={opts('claims')}
                value={form.matter.claims}
                onChange={(claims) => setMatter({ claims })}
              />
            </>
          ) : null}
        </Section>

        <Section title={t('check.when')}>
          <div className="grid-3">
            <Field label={t('check.asOf')} path="asOf" errors={errors}>
              {(p) => (
                <DateInput {...p} value={form.asOf} onChange={(v) => setForm((f) => ({ ...f, asOf: v }))} />
              )}
            </Field>
          </div>
          {draft ? (
            <div className="simulate">
              <label className="check">
                <input
                  type="checkbox"
                  name="simulate"
                  checked={form.simulate}
                  onChange={(e) => setForm((f) => ({ ...f, simulate: e.target.checked }))}
                />
                <span>{t('check.simulateDoc', { doc: pick(draft.title) })}</span>
              </label>
              {form.simulate ? (
                <div className="grid-3" style={{ marginTop: '0.4rem' }}>
                  <Field
                    label={t('check.simulateDate')}
                    path={`simulate.adopt.${draft.code}`}
                    errors={errors}
                  >
                    {(p) => (
                      <DateInput
                        {...p}
                        value={form.simulateDate}
                        onChange={(v) => setForm((f) => ({ ...f, simulateDate: v }))}
                      />
                    )}
                  </Field>
                </div>
              ) : null}
            </div>
          ) : null}
        </Section>

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
