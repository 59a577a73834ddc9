/**
 * The qualification ledger's rules, pure. A record is one certificate or listing (a holding): a kind,
 * its level and grade, certificate number, issuer, the day granted and the printed expiry. Events say
 * what happened to records: granted (the first time, or again after a gap), renewed (continuous with
 * the previous holding), upgraded or downgraded (a higher or lower grade, level or ladder step),
 * revoked, lapsed (expired with nothing continuing it), corrected, withdrawn (entered in error).
 *
 * Validity is a closed interval of calendar days [grantedOn, validTo]: validTo is the printed expiry,
 * or the day before a revocation, downgrade or supersession took effect. “Held on D” is
 * grantedOn ≤ D ≤ validTo; several holdings of one kind may overlap (a renewal certified before the
 * old certificate ran out) and count once. A renewal granted on the old expiry day or the day after
 * leaves no gap. A record whose interval is empty (revoked or withdrawn from its first day) is no
 * holding at all: it is removed from the holdings and kept as events only, so nothing reads it as
 * ever held — not even “first reached”, which is the earliest grantedOn of the kind (as 001·十 reads
 * it, src/core/facts.ts firstReachedWithin).
 */
import { addDays, addYears, type IsoDate } from '../dates.ts';
import type { Text } from '../text.ts';
import type { Kind, Level, QualificationPolicy, Step } from './types.ts';

export type RecordEnd = 'revoked' | 'downgraded' | 'superseded';

export interface LedgerRecord {
  id: string;
  organisationId: string;
  kind: string;
  level: Level | null;
  grade: string | null;
  certificateNo: string | null;
  issuer: string | null;
  grantedOn: IsoDate;
  /** The printed last valid day; null: none recorded (open-ended). */
  expiresOn: IsoDate | null;
  /** Ended early from this day (not valid on it), and why; null: runs to its expiry. */
  endedOn: IsoDate | null;
  endReason: RecordEnd | null;
}

export const EVENT_KINDS = [
  'granted',
  'renewed',
  'upgraded',
  'downgraded',
  'revoked',
  'lapsed',
  'corrected',
  'withdrawn',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_LABELS: Readonly<Record<EventKind, Text>> = {
  granted: { zh: '认定', en: 'granted' },
  renewed: { zh: '续期（重新认定）', en: 'renewed' },
  upgraded: { zh: '升级', en: 'upgraded' },
  downgraded: { zh: '降级', en: 'downgraded' },
  revoked: { zh: '撤销（取消资格）', en: 'revoked' },
  lapsed: { zh: '到期失效', en: 'lapsed' },
  corrected: { zh: '更正', en: 'corrected' },
  withdrawn: { zh: '撤回（录入有误）', en: 'withdrawn (entered in error)' },
};

export const SOURCES = ['import', 'officer', 'api', 'registry', 'demo', 'migration', 'scan'] as const;
export type LedgerSource = (typeof SOURCES)[number];

export const SOURCE_LABELS: Readonly<Record<LedgerSource, Text>> = {
  import: { zh: '文件导入', en: 'file import' },
  officer: { zh: '经办人录入', en: 'officer entry' },
  api: { zh: '数据接口', en: 'data feed' },
  registry: { zh: '单位名录', en: 'registry' },
  demo: { zh: '演示数据', en: 'demo data' },
  migration: { zh: '历史数据迁移', en: 'migrated' },
  scan: { zh: '每日巡检', en: 'daily scan' },
};

/** An event as the ledger plans it; the service adds id, source, actor and time. */
export interface PlannedEvent {
  recordId: string;
  kind: string;
  event: EventKind;
  on: IsoDate;
  /** The first holding of this kind this organisation ever had. */
  firstTime: boolean;
  level: Level | null;
  grade: string | null;
  detail: Record<string, unknown>;
}

/** The last valid day, or null when open-ended. Empty intervals give a day before grantedOn. */
export function validTo(r: Pick<LedgerRecord, 'expiresOn' | 'endedOn'>): IsoDate | null {
  const ended = r.endedOn ? addDays(r.endedOn, -1) : null;
  if (ended === null) return r.expiresOn;
  if (r.expiresOn === null) return ended;
  return ended < r.expiresOn ? ended : r.expiresOn;
}

export function isEmpty(r: Pick<LedgerRecord, 'grantedOn' | 'expiresOn' | 'endedOn'>): boolean {
  const to = validTo(r);
  return to !== null && to < r.grantedOn;
}

export function validOn(r: LedgerRecord, date: IsoDate): boolean {
  const to = validTo(r);
  return r.grantedOn <= date && (to === null || date <= to);
}

export type RecordState = 'valid' | 'not_yet' | 'expired' | RecordEnd;

export const STATE_LABELS: Readonly<Record<RecordState, Text>> = {
  valid: { zh: '有效', en: 'valid' },
  not_yet: { zh: '尚未生效', en: 'not yet in force' },
  expired: { zh: '已到期', en: 'expired' },
  revoked: { zh: '已撤销', en: 'revoked' },
  downgraded: { zh: '已降级', en: 'downgraded' },
  superseded: { zh: '已升级替代', en: 'superseded' },
};

/** What a record is on a date: valid, not yet, expired, or how it ended early. */
export function stateOn(r: LedgerRecord, date: IsoDate): RecordState {
  if (date < r.grantedOn) return 'not_yet';
  if (validOn(r, date)) return 'valid';
  if (r.endedOn && r.endReason && date >= r.endedOn && (r.expiresOn === null || r.endedOn <= r.expiresOn))
    return r.endReason;
  return 'expired';
}

/** Records valid on the date, optionally of one kind. */
export function heldOn(records: readonly LedgerRecord[], date: IsoDate, kind?: string): LedgerRecord[] {
  return records.filter((r) => (kind === undefined || r.kind === kind) && validOn(r, date));
}

/** The day the kind was first reached: its earliest holding's start (null: never held). */
export function firstReached(records: readonly LedgerRecord[], kind: string): IsoDate | null {
  let first: IsoDate | null = null;
  for (const r of records)
    if (r.kind === kind && !isEmpty(r) && (first === null || r.grantedOn < first)) first = r.grantedOn;
  return first;
}

/** Continuous periods of holding a kind (overlapping or adjacent holdings merged): gaps are lapses. */
export function spans(
  records: readonly LedgerRecord[],
  kind: string,
): { from: IsoDate; to: IsoDate | null }[] {
  const list = records
    .filter((r) => r.kind === kind && !isEmpty(r))
    .map((r) => ({ from: r.grantedOn, to: validTo(r) }))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: { from: IsoDate; to: IsoDate | null }[] = [];
  for (const s of list) {
    const last = out.at(-1);
    if (last && (last.to === null || s.from <= addDays(last.to, 1))) {
      if (last.to !== null && (s.to === null || s.to > last.to)) last.to = s.to;
    } else out.push({ ...s });
  }
  return out;
}

/** The record a later holding continues (renews), if any: same kind, not ended early, no gap. */
export function continues(
  records: readonly LedgerRecord[],
  next: Pick<LedgerRecord, 'id' | 'kind' | 'grantedOn'>,
): LedgerRecord | null {
  let best: LedgerRecord | null = null;
  for (const r of records) {
    if (r.id === next.id || r.kind !== next.kind || r.grantedOn >= next.grantedOn || isEmpty(r)) continue;
    const to = validTo(r);
    if (to !== null && next.grantedOn > addDays(to, 1)) continue;
    if (r.endReason === 'revoked') continue;
    if (!best || r.grantedOn > best.grantedOn) best = r;
  }
  return best;
}

/** Whether something continues the record after its last day (a renewal starting by the day after). */
export function continuedAfter(records: readonly LedgerRecord[], r: LedgerRecord): boolean {
  const to = validTo(r);
  if (to === null) return true;
  const next = addDays(to, 1);
  return records.some(
    (o) =>
      o.id !== r.id && o.kind === r.kind && !isEmpty(o) && o.grantedOn > r.grantedOn && o.grantedOn <= next,
  );
}

/** The printed expiry a kind's rule gives when a record names none (high_tech: three years, 第九条). */
export function defaultExpiry(kind: Kind, grantedOn: IsoDate): IsoDate | null {
  return kind.validity.kind === 'years' ? addDays(addYears(grantedOn, kind.validity.years), -1) : null;
}

// ── Ranks: grades, levels and ladder steps ──────────────────────────────────────────────────────

const LEVEL_RANK: Record<Level, number> = { district: 1, municipal: 2, national: 3 };

/** −1/0/1: how `b` stands against `a` within one kind (grade first, then level). */
export function compareWithinKind(kind: Kind, a: Pick<LedgerRecord, 'grade' | 'level'>, b: typeof a): number {
  const g = (x: string | null) => (x === null ? -1 : kind.grades.findIndex((gr) => gr.code === x));
  if (g(a.grade) !== g(b.grade)) return Math.sign(g(b.grade) - g(a.grade));
  const l = (x: Level | null) => (x === null ? 0 : LEVEL_RANK[x]);
  return Math.sign(l(b.level) - l(a.level));
}

export function stepMatches(step: Step, r: Pick<LedgerRecord, 'kind' | 'grade' | 'level'>): boolean {
  return (
    r.kind === step.kind &&
    (step.grade === null || step.grade === r.grade) &&
    (step.level === null || step.level === r.level)
  );
}

/** The index of the highest step of the ladder the records hold on the date (−1: none). */
export function positionOn(records: readonly LedgerRecord[], steps: readonly Step[], date: IsoDate): number {
  let best = -1;
  for (const r of records) {
    if (!validOn(r, date)) continue;
    for (let i = steps.length - 1; i > best; i--) if (stepMatches(steps[i]!, r)) best = i;
  }
  return best;
}

/** Ladders whose steps are exclusive and hold the record's kind (a firm stands on one step). */
export function exclusiveLaddersOf(policy: QualificationPolicy, kind: string) {
  return policy.ladders.filter((l) => l.exclusive && l.steps.some((s) => s.kind === kind));
}
