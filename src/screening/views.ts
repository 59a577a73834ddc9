/**
 * How runs, result rows and notices read to their users: the money they carry (range, the text's cap,
 * the clause and the data behind the amount) and the shapes the API and the exports return.
 */
import { ceilingHeadline, fixedHeadline } from '../core/engine/amount.ts';
import type { Engine } from '../core/engine/calculate.ts';
import { citation } from '../core/engine/calculate.ts';
import { type Fen, formatYuan } from '../core/money.ts';
import type { Text } from '../core/text.ts';
import type { ApplicationView } from '../service/applications/views.ts';
import type { NoticeBasis, PairMode } from './assess.ts';
import type { NoticeStatus } from './tables.ts';

export type Row = Record<string, unknown>;

/** What a notice (or a run's result row) says about money: the range, or the text's cap, and why. */
export interface MoneyView {
  /**
   * The amount range the engine worked out (fen): [the text's minimum, the ceiling] — a ceiling the
   * officer decides within, unless the text fixes the sum (`exact`); null when it needs an application.
   */
  amount: { min: Fen; max: Fen } | null;
  /** The text fixes the sum (min = max): nothing for a reviewer to decide. */
  exact: boolean;
  /** What the organisation reads first: "最高可获 ¥…", "可获 ¥…（定额）", or the text's cap. */
  headline: Text | null;
  /** The text's cap (fen) shown when there is no amount (最高 N 万元). */
  cap: Fen | null;
  /** The clause the notice rests on, e.g. 沪松科创规〔2026〕1号第九条. */
  citation: Text;
  /** The data the amount was worked out from, and what is missing or left to a reviewer. */
  basis: NoticeBasis | null;
}

export interface NoticeView extends MoneyView {
  organisationId: string;
  measureId: string;
  title: Text;
  mode: 'automatic' | 'invitation';
  status: NoticeStatus;
  runId: string;
  applicationId: string | null;
  createdAt: string;
  updatedAt: string;
}

export type ConfirmResult =
  | { kind: 'application'; application: ApplicationView }
  | {
      kind: 'invitation';
      measureId: string;
      matterType: string | null;
      /** The matter the registry filed (figures and year), to prefill the short application. */
      matter: NonNullable<NoticeBasis['matter']> | null;
    };

export interface ResultRow extends MoneyView {
  organisationId: string;
  uscc: string;
  name: string;
  kind: string;
  city: string;
  measureId: string;
  /** The measure's title in Chinese (the export's column). */
  measureTitle: string;
  title: Text;
  /** This organisation's mode for the measure: 免申即享 or 快申快享. */
  mode: Exclude<PairMode, 'exhausted'>;
  /** The notice for this (organisation, measure) was created by this run. */
  newInThisRun: boolean;
  noticeStatus: string;
}

export function iso(v: unknown): string {
  return v instanceof Date ? v.toISOString() : String(v);
}

export function basisOf(v: unknown): NoticeBasis | null {
  if (v === null || v === undefined) return null;
  return (typeof v === 'string' ? JSON.parse(v) : v) as NoticeBasis;
}

function headlineOf(amount: { min: Fen; max: Fen } | null, exact: boolean, cap: Fen | null): Text | null {
  if (amount) return exact ? fixedHeadline(amount.max) : ceilingHeadline(amount.max);
  if (cap === null) return null;
  return {
    zh: `条文上限${formatYuan(cap)}，金额在申请后核定`,
    en: `the text's cap ${formatYuan(cap)}; the amount is set after an application`,
  };
}

export function moneyOf(engine: Engine, r: Row, measureId: string): MoneyView {
  const m = engine.catalogue.byId.get(measureId);
  const min = r.amount_min === null || r.amount_min === undefined ? null : Number(r.amount_min);
  const max = r.amount_max === null || r.amount_max === undefined ? null : Number(r.amount_max);
  const amount = min !== null && max !== null ? { min, max } : null;
  const cap = r.cap === null || r.cap === undefined ? null : Number(r.cap);
  // The engine's reading (src/core/engine/amount.ts): only a sum the text fixes is exact.
  const exact = amount !== null && m?.benefit.kind === 'fixed';
  return {
    amount,
    exact,
    headline: headlineOf(amount, exact, cap),
    cap,
    citation: m ? citation(m) : { zh: measureId, en: measureId },
    basis: basisOf(r.basis),
  };
}

export function resultRow(engine: Engine, r: Row, runId: string): ResultRow {
  const measureId = String(r.measure_id);
  const m = engine.catalogue.byId.get(measureId);
  return {
    organisationId: String(r.organisation_id),
    uscc: String(r.uscc),
    name: String(r.name),
    kind: String(r.kind),
    city: String(r.city),
    measureId,
    measureTitle: m?.title.zh ?? measureId,
    title: m?.title ?? { zh: measureId, en: measureId },
    // Pages and exports leave out pairs whose benefit is used up.
    mode: String(r.mode) as Exclude<PairMode, 'exhausted'>,
    newInThisRun: r.notice_run_id === runId,
    noticeStatus: (r.notice_status as string | null) ?? '',
    ...moneyOf(engine, r, measureId),
  };
}

export function noticeView(engine: Engine, r: Row): NoticeView {
  const measureId = String(r.measure_id);
  return {
    organisationId: String(r.organisation_id),
    measureId,
    title: engine.catalogue.byId.get(measureId)?.title ?? { zh: measureId, en: measureId },
    mode: r.mode as NoticeView['mode'],
    status: r.status as NoticeStatus,
    runId: String(r.run_id),
    applicationId: (r.application_id as string | null) ?? null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    ...moneyOf(engine, r, measureId),
  };
}
