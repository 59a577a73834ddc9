/**
 * The simulation's form: a snapshot date, the years to look at, and the changes (a rate, a cap, a
 * validity window, adopting the draft, a new partner city), checked in the browser and turned into the
 * body of POST /api/simulations; the API's issue paths mapped back onto the rows.
 */
import { z } from 'zod';
import { isIsoDate } from '../../format.ts';
import { translate } from '../../i18n/index.ts';

export const KINDS = ['rate', 'cap', 'validity', 'adopt', 'partnerCity'] as const;
export type Kind = (typeof KINDS)[number];

export interface ChangeRow {
  kind: Kind;
  measureId: string;
  value: string;
  document: string;
  from: string;
  to: string;
  city: string;
  zh: string;
  en: string;
}

const DECIMAL = /^\d+(\.\d+)?$/;

export const simulationForm = z
  .object({
    date: z.string(),
    years: z.string(),
    changes: z.array(
      z.object({
        kind: z.enum(KINDS),
        measureId: z.string(),
        value: z.string().trim(),
        document: z.string(),
        from: z.string(),
        to: z.string(),
        city: z.string().trim(),
        zh: z.string().trim(),
        en: z.string().trim(),
      }),
    ),
  })
  .superRefine((f, ctx) => {
    const bad = (path: (string | number)[], key: 'form.date' | 'sim.number') =>
      ctx.addIssue({ code: 'custom', path, message: translate(key as never) });
    if (!isIsoDate(f.date)) bad(['date'], 'form.date');
    const years = f.years
      .split(/[,，\s]+/)
      .filter(Boolean)
      .map(Number);
    if (years.some((y) => !Number.isInteger(y) || y < 2000 || y > 2200)) bad(['years'], 'sim.number');
    f.changes.forEach((r, i) => {
      if (r.kind === 'rate' && (!DECIMAL.test(r.value) || Number(r.value) > 100))
        bad(['changes', i, 'value'], 'sim.number');
      if (r.kind === 'cap' && !DECIMAL.test(r.value)) bad(['changes', i, 'value'], 'sim.number');
      if ((r.kind === 'validity' || r.kind === 'adopt') && !isIsoDate(r.from))
        bad(['changes', i, 'from'], 'form.date');
      if (r.kind === 'validity' && r.to && !isIsoDate(r.to)) bad(['changes', i, 'to'], 'form.date');
    });
  })
  .transform((f) => {
    const years = f.years
      .split(/[,，\s]+/)
      .filter(Boolean)
      .map(Number);
    const changes = f.changes.map((r): Record<string, unknown> => {
      switch (r.kind) {
        case 'rate':
          return { kind: 'rate', measureId: r.measureId, ratePercent: Number(r.value) };
        case 'cap':
          return { kind: 'cap', measureId: r.measureId, capWan: Number(r.value) };
        case 'validity':
          return { kind: 'validity', document: r.document, from: r.from, to: r.to || null };
        case 'adopt':
          return { kind: 'adopt', document: r.document, date: r.from };
        case 'partnerCity':
          return {
            kind: 'partnerCity',
            city: r.city,
            ...(r.zh ? { zh: r.zh } : {}),
            ...(r.en ? { en: r.en } : {}),
          };
      }
      return { kind: r.kind };
    });
    return { date: f.date, ...(years.length ? { years } : {}), changes };
  });

/** Where the API's issue on a change (`changes.0.ratePercent`) is shown in the form. */
export function formPath(path: string): string {
  return path
    .replace(/^(changes\.\d+)\.(ratePercent|capWan)$/, '$1.value')
    .replace(/^(changes\.\d+)\.date$/, '$1.from');
}
