/**
 * Response schemas of the plan-monitoring routes (routes/plan.ts). They document the API (OpenAPI)
 * and shape every answer: a field not listed here never leaves the server, which is how the public
 * view is kept free of internal comments and names whatever the service returns.
 */
import { z } from 'zod';
import { COMPARISONS, QUALIFIERS, TARGET_KINDS } from '../../core/plan/schema.ts';
import { ASSESSMENTS, STATUSES } from '../../core/plan/status.ts';
import { fen } from './applications.ts';

const text = z.object({ zh: z.string(), en: z.string() });
const status = z.enum(STATUSES);
const signal = z
  .enum(['green', 'amber', 'red', 'grey'])
  .describe('green on track · amber needs attention · red at risk · grey no data');
const unit = z.object({ zh: z.string(), en: z.string(), decimals: z.number().int() });
const date = z.string().describe('YYYY-MM-DD');

export const chartPoint = z.object({
  period: z.string().describe('2027, 2027-Q2, 2027-05, or a day for derived values'),
  t: z.number().describe('time in years: the end of year Y is Y'),
  value: z.number(),
  months: z.number().int().optional().describe('flows: months of the year the value covers'),
});
export const pathPoint = z.object({
  year: z.number().int(),
  t: z.number(),
  value: z.number().describe('what the required path asks for at the end of the year'),
  lower: z.number().optional().describe('左右: lower edge of the band'),
  upper: z.number().optional().describe('左右: upper edge of the band'),
});
const forecast = z.object({
  year: z.number().int(),
  t: z.number(),
  value: z.number(),
  meetsTarget: z.boolean().nullable(),
  method: z.enum(['least_squares', 'least_squares_from_zero']),
  points: z.number().int().describe('points the trend was fitted on'),
});
const baseline = z.object({
  status: z.enum(['given', 'missing', 'not_applicable']).describe('missing: 待补录 (never guessed)'),
  value: z.number().optional(),
  period: z.string().optional(),
  quote: z.string().optional(),
  label: text,
});
const derived = z
  .object({
    source: z.string(),
    label: text.describe('what exactly is counted, and what it does not cover'),
    available: z.boolean(),
    reason: text.nullable().describe('why not available (a capability not yet landed)'),
  })
  .nullable()
  .describe('null: observed values; else computed live from platform data');
const statusFields = {
  status,
  statusLabel: text,
  signal,
  signalLabel: text,
  ratio: z.number().nullable().describe("Open SDG's R: progress made ÷ progress required by the path"),
  reason: text.describe('the status in a sentence, with the numbers'),
};
const targetDefinition = {
  id: z.string(),
  section: z.string(),
  title: text,
  quote: z.string().describe('the sentence of 003, verbatim'),
  kind: z.enum(TARGET_KINDS),
  kindLabel: text,
  direction: z.enum(['increase', 'decrease', 'maintain']).nullable(),
  unit: unit.nullable(),
  target: z.object({ value: z.number(), comparison: z.enum(COMPARISONS) }).nullable(),
  targetYear: z.number().int(),
  baseline,
};
const spark = z.object({ observed: z.array(chartPoint), required: z.array(pathPoint) });
const money = z.object({ committed: fen, paid: fen, outstanding: fen });
const measureFunding = z.object({
  id: z.string(),
  title: text,
  committed: fen,
  paid: fen,
  outstanding: fen,
  grants: z.number().int(),
  payments: z.number().int(),
});

const latestSchema = z.object({
  period: z.string(),
  t: z.number(),
  value: z.number(),
  months: z.number().int().nullable(),
  isDemo: z.boolean().describe('the value is demo data (来源：演示数据)'),
  source: z.string().nullable(),
  derived: z.boolean(),
});

export const cardSchema = z.object({
  ...targetDefinition,
  department: z.string(),
  departmentSource: z.enum(['file', 'setting']),
  band: z
    .object({ tolerance: z.number().nullable(), source: z.enum(['file', 'setting']).nullable() })
    .nullable(),
  derived,
  ...statusFields,
  latest: latestSchema.nullable(),
  required: z.number().nullable().describe('what the path asks for at the latest point'),
  deviation: z.number().nullable().describe('左右: latest minus the centre'),
  forecast: forecast.nullable(),
  spark,
  overdue: z.array(z.object({ period: z.string(), due: date })),
  demo: z.boolean().describe('some value behind the status is demo data (来源：演示数据)'),
  funding: money.describe('under the linked measures, from the ledger'),
});

export const observationSchema = z.object({
  targetId: z.string(),
  period: z.string(),
  value: z.number().nullable(),
  assessment: z.enum(ASSESSMENTS).nullable(),
  source: z.string(),
  comment: z.string().describe('internal'),
  channel: z.enum(['manual', 'import', 'api', 'demo']),
  isDemo: z.boolean(),
  revision: z.number().int(),
  withdrawn: z.boolean(),
  reason: z.string().nullable(),
  importFile: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

const figure = z.object({
  id: z.string(),
  title: text,
  quote: z.string(),
  value: z.number().nullable(),
  qualifier: z.enum(QUALIFIERS),
  unit,
  print: z.string().nullable(),
  relatedTargets: z.array(z.string()),
});
const related = z.object({
  indicators: z.array(figure.extend({ section: z.string() })),
  context: z.array(figure.extend({ source: z.string() })),
});
const seriesSchema = z.object({
  baseline: chartPoint.extend({ from: z.string() }).nullable(),
  observed: z.array(chartPoint),
  required: z.array(pathPoint),
  forecast: forecast.extend({ line: z.array(z.object({ t: z.number(), value: z.number() })) }).nullable(),
});
const yearSchema = z.object({
  year: z.number().int(),
  total: z.number().nullable(),
  months: z.number().int(),
  required: z.number(),
  ratio: z.number().nullable(),
  met: z.boolean().nullable(),
  status,
  ended: z.boolean(),
});

export const documentSchema = z.object({
  code: z.string(),
  number: z.string(),
  title: text,
  source: z.string(),
  issued: date,
  targetYear: z.number().int(),
  planPeriod: z.object({ from: z.number().int(), to: z.number().int() }),
  baselinePeriod: z.object({ from: z.number().int(), to: z.number().int() }),
  monitoringQuote: z.string(),
  notes: z.object({ department: text, reporting: text }),
  version: z.string(),
});
const legend = z.array(z.object({ status, label: text, signal, signalLabel: text }));
const summary = z.object({
  targets: z.number().int(),
  quantified: z.number().int(),
  derived: z.number().int(),
  overdue: z.number().int(),
  demo: z.boolean(),
  bySignal: z.object({
    green: z.number().int(),
    amber: z.number().int(),
    red: z.number().int(),
    grey: z.number().int(),
  }),
  byStatus: z.record(z.string(), z.number().int()),
});

export const dashboardSchema = z.object({
  document: documentSchema,
  asOf: date,
  method: text,
  legend,
  summary,
  cards: z.array(cardSchema),
});

export const detailSchema = cardSchema.extend({
  asOf: date,
  method: text,
  assessments: z.array(z.object({ code: z.enum(ASSESSMENTS), label: text })),
  reporting: z.object({ frequency: z.enum(['year', 'quarter', 'month']), dueDays: z.number().int() }),
  measures: z.array(measureFunding),
  funding: money.extend({ measures: z.array(measureFunding) }),
  start: chartPoint.extend({ from: z.string() }).nullable(),
  series: seriesSchema,
  years: z.array(yearSchema),
  missingYears: z.array(z.number().int()),
  observations: z.array(observationSchema),
  related,
  cohortForecast: z
    .discriminatedUnion('available', [
      z.object({
        kind: z.string(),
        toYear: z.number().int(),
        available: z.literal(true),
        validNow: z.number().int(),
        value: z.number().describe('the stock forecast at the end of toYear'),
        target: z.number().nullable(),
        meetsTarget: z.boolean().nullable(),
        years: z.array(
          z.object({
            year: z.number().int(),
            start: z.number(),
            new: z.number(),
            expiring: z.number(),
            renewals: z.number(),
            end: z.number(),
          }),
        ),
        assumptions: z.object({
          newPerYear: z.number(),
          newPerYearBasis: text,
          renewalRate: z.number(),
          renewalRateBasis: text,
          validityYears: z.number(),
          validityBasis: text,
        }),
        method: text,
      }),
      z.object({ kind: z.string(), toYear: z.number().int(), available: z.literal(false), reason: text }),
    ])
    .nullable()
    .describe(
      'a target counted from the qualification ledger: the cohort forecast (valid now + expected new − expiring + expected renewals) to the target year; null otherwise',
    ),
});

const statusView = z.object(statusFields);
const alert = z.object({
  kind: z.enum(['plan.status_worsened', 'plan.overdue']),
  targetId: z.string(),
  department: z.string(),
  from: status.optional(),
  to: status.optional(),
  period: z.string().optional(),
  due: z.string().optional(),
  sent: z.boolean(),
});

export const writeResultSchema = z.object({
  outcome: z.enum(['created', 'revised', 'unchanged']).optional(),
  observation: observationSchema,
  progress: statusView,
  alerts: z.array(alert),
});

const batchFields = {
  created: z.number().int(),
  revised: z.number().int(),
  unchanged: z.number().int(),
  results: z.array(
    z.object({
      at: z.number().int().describe('row number (import) or item index (push)'),
      targetId: z.string(),
      period: z.string(),
      outcome: z.enum(['created', 'revised', 'unchanged']),
      revision: z.number().int(),
    }),
  ),
  progress: z.array(statusView.extend({ targetId: z.string() })),
  alerts: z.array(alert),
};
export const pushResultSchema = z.object(batchFields);
export const importReportSchema = z.object({
  ...batchFields,
  format: z.enum(['csv', 'xlsx']),
  rows: z.number().int(),
  valid: z.number().int(),
  skipped: z.number().int(),
  committed: z.boolean(),
  ignoredColumns: z.array(z.string()),
  issues: z.array(
    z.object({
      row: z.number().int(),
      column: z.string(),
      path: z.string(),
      rule: z.string(),
      zh: z.string(),
      en: z.string(),
    }),
  ),
});

export const historySchema = z.object({
  targetId: z.string(),
  period: z.string(),
  revisions: z.array(observationSchema),
});

export const settingsResultSchema = z.object({
  targetId: z.string(),
  settings: z.object({
    department: z.string(),
    departmentSource: z.enum(['file', 'setting']),
    tolerance: z.number().nullable(),
    toleranceSource: z.enum(['file', 'setting']).nullable(),
  }),
  progress: statusView,
  alerts: z.array(alert),
});

export const fundingSchema = z.object({
  note: text,
  targets: z.array(money.extend({ targetId: z.string(), title: text, measures: z.array(measureFunding) })),
  measures: z.array(
    z.object({
      measureId: z.string(),
      title: text,
      targets: z.array(z.string()),
      committed: fen,
      paid: fen,
      grants: z.number().int(),
      payments: z.number().int(),
    }),
  ),
});

export const figuresSchema = z.object({
  document: documentSchema,
  asOf: date,
  indicators: z.array(
    figure.extend({
      section: z.string(),
      period: z.object({ from: z.number().int(), to: z.number().int() }),
      derived: z
        .object({
          source: z.string(),
          label: text,
          available: z.boolean(),
          points: z.array(z.object({ period: z.string(), value: z.number().nullable() })),
          total: z.number().nullable(),
          reason: text.nullable(),
        })
        .nullable(),
    }),
  ),
  context: z.array(figure.extend({ value: z.number(), source: z.string() })),
});

export const scanResultSchema = z.object({
  date,
  evaluated: z.number().int(),
  statuses: z.record(z.string(), z.number().int()),
  alerts: z.array(alert),
  sent: z.number().int(),
});

/** Public: the definition, status and series — no comments, names, departments' settings or money. */
export const publicCardSchema = z.object({
  ...targetDefinition,
  band: z.object({ tolerance: z.number().nullable() }).nullable(),
  derived,
  ...statusFields,
  latest: latestSchema.omit({ t: true }).nullable(),
  required: z.number().nullable(),
  forecast: forecast.nullable(),
  spark,
  demo: z.boolean(),
});

export const publicViewSchema = z.object({
  document: documentSchema,
  asOf: date,
  method: text,
  legend,
  summary,
  targets: z.array(publicCardSchema),
});

export const publicDetailSchema = publicCardSchema.extend({
  asOf: date,
  method: text,
  series: seriesSchema,
  years: z.array(yearSchema),
  observations: z.array(
    z.object({
      period: z.string(),
      value: z.number().nullable(),
      assessment: z.enum(ASSESSMENTS).nullable(),
      source: z.string(),
      isDemo: z.boolean(),
    }),
  ),
  related,
});

/** The whole monitoring report (the printable page): every target's detail, the figures and the money. */
export const reportSchema = z.object({
  document: documentSchema,
  asOf: date,
  method: text,
  legend,
  summary,
  targets: z.array(detailSchema),
  indicators: figuresSchema.shape.indicators,
  context: figuresSchema.shape.context,
  funding: fundingSchema,
});
