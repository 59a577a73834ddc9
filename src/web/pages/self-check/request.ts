/**
 * The form → `POST /api/calc`. Amounts typed in 万元 or 元 become integer fen through the core's
 * parseMoney; what the browser can check itself (dates, amounts, numbers) is reported as API-style
 * issues first, so both kinds show the same way under their fields.
 */
import { parseMoney } from '../../../core/money.ts';
import type { FieldIssue } from '../../api.ts';
import { isIsoDate } from '../../format.ts';
import type { CheckForm } from './form.ts';

/** Client-side checks as issues; `rule` is the UI dictionary key of the message. */
export function localIssues(form: CheckForm, draftCode: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const issue = (path: string, rule: string) => issues.push({ path, rule, zh: '', en: '' });
  const date = (path: string, value: string, required: boolean) => {
    if (value.trim() === '' ? required : !isIsoDate(value.trim())) issue(path, 'check.date.format');
  };
  date('asOf', form.asOf, false);
  form.applicant.qualifications.forEach((q, i) => {
    date(`applicant.qualifications.${i}.from`, q.from, true);
    date(`applicant.qualifications.${i}.to`, q.to, false);
  });
  if (form.simulate) date(`simulate.adopt.${draftCode}`, form.simulateDate, true);
  if (form.matter.type) {
    date('matters.0.date', form.matter.date, false);
    for (const [code, text] of Object.entries(form.matter.figures)) {
      if (text.trim() === '') continue;
      const r = parseMoney(text, form.unit);
      if (!r.ok) issue(`matters.0.figures.${code}`, `check.money.${r.error}`);
    }
    const ly = form.matter.leaseYears.trim();
    if (ly !== '' && !/^\d{1,3}$/.test(ly)) issue('matters.0.leaseYears', 'check.leaseYears.format');
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
        challengeLists: m.challengeLists,
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

export type CalcRequest = ReturnType<typeof toCalcInput>;
