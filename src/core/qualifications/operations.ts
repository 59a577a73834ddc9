/**
 * What can be done to one organisation's ledger, planned without touching storage: a certificate or
 * listing recorded (its event worked out from the ledger: granted, renewed, upgraded, downgraded,
 * or corrected when the same holding is recorded again with other details), a revocation, a
 * downgrade, a withdrawal of an entry made in error, and a lapse noticed by the daily scan. Each plan
 * says which records to insert, update or remove and which events to append; a refusal names the
 * field and the rule, so an import can report it on its row.
 */
import { addDays, type IsoDate } from '../dates.ts';
import type { FieldIssue } from '../errors.ts';
import {
  compareWithinKind,
  continuedAfter,
  continues,
  defaultExpiry,
  exclusiveLaddersOf,
  firstReached,
  isEmpty,
  type LedgerRecord,
  type PlannedEvent,
  stepMatches,
  validOn,
  validTo,
} from './ledger.ts';
import type { Level, QualificationPolicy } from './types.ts';

export interface CertifyOp {
  op: 'certify';
  kind: string;
  level?: Level | null;
  grade?: string | null;
  certificateNo?: string | null;
  issuer?: string | null;
  grantedOn: IsoDate;
  expiresOn?: IsoDate | null;
}

export interface RevokeOp {
  op: 'revoke';
  kind: string;
  /** Effective from this day (not valid on it). */
  on: IsoDate;
  reason: string;
  /** Which holding, when several could be meant (else: the one valid on the day before `on`). */
  grantedOn?: IsoDate | null;
}

export interface DowngradeOp {
  op: 'downgrade';
  kind: string;
  on: IsoDate;
  reason: string;
  to: { kind: string; grade?: string | null; level?: Level | null; expiresOn?: IsoDate | null };
}

export interface WithdrawOp {
  op: 'withdraw';
  recordId: string;
  reason: string;
}

export type LedgerOp = CertifyOp | RevokeOp | DowngradeOp | WithdrawOp;

export type RecordChange =
  | { type: 'insert'; record: LedgerRecord }
  | { type: 'update'; record: LedgerRecord }
  | { type: 'delete'; record: LedgerRecord };

export interface Plan {
  outcome: 'created' | 'corrected' | 'unchanged' | 'revoked' | 'downgraded' | 'withdrawn';
  changes: RecordChange[];
  events: PlannedEvent[];
  /** The records after the operation (for the next operation of a batch). */
  records: LedgerRecord[];
}

/** A refused operation: the issues name the field (`kind`, `grantedOn`, `on`, …) and the rule. */
export class LedgerOpError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => i.en).join('; '));
  }
}

function refuse(path: string, rule: string, zh: string, en: string): never {
  throw new LedgerOpError([{ path, rule, zh, en }]);
}

function snapshot(r: LedgerRecord): Record<string, unknown> {
  return {
    kind: r.kind,
    level: r.level,
    grade: r.grade,
    certificateNo: r.certificateNo,
    issuer: r.issuer,
    grantedOn: r.grantedOn,
    expiresOn: r.expiresOn,
    endedOn: r.endedOn,
    endReason: r.endReason,
  };
}

function replace(records: readonly LedgerRecord[], changes: RecordChange[]): LedgerRecord[] {
  let out = [...records];
  for (const c of changes) {
    if (c.type === 'insert') out.push(c.record);
    else if (c.type === 'update') out = out.map((r) => (r.id === c.record.id ? c.record : r));
    else out = out.filter((r) => r.id !== c.record.id);
  }
  return out;
}

/** Ends a record early from `on`; an interval left empty removes the holding (events keep it). */
function end(r: LedgerRecord, on: IsoDate, reason: LedgerRecord['endReason']): RecordChange {
  const ended = { ...r, endedOn: on, endReason: reason };
  return isEmpty(ended) ? { type: 'delete', record: ended } : { type: 'update', record: ended };
}

function checkAttributes(
  policy: QualificationPolicy,
  op: { kind: string; grade?: string | null; level?: Level | null },
  prefix = '',
) {
  const kind = policy.byCode.get(op.kind);
  if (!kind)
    refuse(
      `${prefix}kind`,
      'unknown_kind',
      `未知资质类型“${op.kind}”`,
      `unknown qualification kind "${op.kind}"`,
    );
  if (op.grade && !kind.grades.some((g) => g.code === op.grade))
    refuse(
      `${prefix}grade`,
      'unknown_grade',
      `${kind.label.zh}没有“${op.grade}”等级（可选：${kind.grades.map((g) => g.label.zh).join('、') || '无'}）`,
      `${kind.label.en} has no grade "${op.grade}"`,
    );
  if (op.level && !kind.levels.includes(op.level))
    refuse(
      `${prefix}level`,
      'level_not_allowed',
      `${kind.label.zh}没有该级别（可选：${kind.levels.join('、')}）`,
      `${kind.label.en} has no level "${op.level}" (allowed: ${kind.levels.join(', ')})`,
    );
  return kind;
}

/**
 * Plans one operation against the organisation's records. `newId` names a new record. Throws
 * LedgerOpError when the operation cannot apply (nothing to revoke, an unknown kind, dates in the
 * wrong order, a downgrade that is not lower).
 */
export function planOperation(
  policy: QualificationPolicy,
  records: readonly LedgerRecord[],
  organisationId: string,
  op: LedgerOp,
  newId: () => string,
): Plan {
  switch (op.op) {
    case 'certify':
      return planCertify(policy, records, organisationId, op, newId);
    case 'revoke':
      return planRevoke(policy, records, op);
    case 'downgrade':
      return planDowngrade(policy, records, organisationId, op, newId);
    case 'withdraw':
      return planWithdraw(records, op);
  }
}

function planCertify(
  policy: QualificationPolicy,
  records: readonly LedgerRecord[],
  organisationId: string,
  op: CertifyOp,
  newId: () => string,
): Plan {
  const kind = checkAttributes(policy, op);
  const level = op.level ?? (kind.levels.length === 1 ? kind.levels[0]! : null);
  const grade = op.grade ?? null;
  const printed = op.expiresOn ?? null;
  const expiresOn = printed ?? defaultExpiry(kind, op.grantedOn);
  if (expiresOn !== null && expiresOn < op.grantedOn)
    refuse('expiresOn', 'date_order', '有效期截止日不能早于认定日期', 'the expiry is before the grant date');
  const attrs = {
    level,
    grade,
    certificateNo: op.certificateNo ?? null,
    issuer: op.issuer ?? null,
    expiresOn,
  };

  // The same holding again (same kind, same grant day): unchanged, or corrected in its details.
  const same = records.find((r) => r.kind === op.kind && r.grantedOn === op.grantedOn);
  if (same) {
    const changed = (Object.keys(attrs) as (keyof typeof attrs)[]).filter(
      (k) => attrs[k] !== null && attrs[k] !== same[k],
    );
    if (changed.length === 0) return { outcome: 'unchanged', changes: [], events: [], records: [...records] };
    const updated = { ...same, ...Object.fromEntries(changed.map((k) => [k, attrs[k]])) } as LedgerRecord;
    const change: RecordChange = isEmpty(updated)
      ? { type: 'delete', record: updated }
      : { type: 'update', record: updated };
    return {
      outcome: 'corrected',
      changes: [change],
      events: [
        {
          recordId: same.id,
          kind: same.kind,
          event: 'corrected',
          on: same.grantedOn,
          firstTime: false,
          level: updated.level,
          grade: updated.grade,
          detail: { before: snapshot(same), after: snapshot(updated), fields: changed },
        },
      ],
      records: replace(records, [change]),
    };
  }

  const record: LedgerRecord = {
    id: newId(),
    organisationId,
    kind: op.kind,
    ...attrs,
    grantedOn: op.grantedOn,
    endedOn: null,
    endReason: null,
  };
  const changes: RecordChange[] = [{ type: 'insert', record }];
  const earliest = firstReached(records, op.kind);
  const firstTime = earliest === null || op.grantedOn < earliest;
  const detail: Record<string, unknown> = { record: snapshot(record) };
  if (printed === null && expiresOn !== null) detail.expiryFromRule = true;

  let event: PlannedEvent['event'] = 'granted';
  const prev = continues(records, record);
  if (prev) {
    const cmp = compareWithinKind(kind, prev, record);
    event = cmp > 0 ? 'upgraded' : cmp < 0 ? 'downgraded' : 'renewed';
    detail.continues = prev.id;
    // A new grade supersedes the old one from the new grant day (a firm is one grade of a kind).
    if (cmp !== 0 && kind.grades.length > 0 && validOn(prev, op.grantedOn) && prev.grade !== record.grade)
      changes.push(end(prev, op.grantedOn, 'superseded'));
  }

  // Exclusive ladders: the step the firm stood on until now ends the day it reaches another.
  for (const ladder of exclusiveLaddersOf(policy, op.kind)) {
    const at = ladder.steps.findIndex((s) => stepMatches(s, record));
    if (at < 0) continue;
    for (const r of records) {
      if (r.kind === op.kind || !validOn(r, op.grantedOn)) continue;
      const was = ladder.steps.findIndex((s) => stepMatches(s, r));
      if (was < 0) continue;
      changes.push(end(r, op.grantedOn, 'superseded'));
      event = at > was ? 'upgraded' : 'downgraded';
      detail.from = { kind: r.kind, recordId: r.id, ladder: ladder.id };
    }
  }
  return {
    outcome: 'created',
    changes,
    events: [
      { recordId: record.id, kind: op.kind, event, on: op.grantedOn, firstTime, level, grade, detail },
    ],
    records: replace(records, changes),
  };
}

function holdingToEnd(
  policy: QualificationPolicy,
  records: readonly LedgerRecord[],
  op: RevokeOp | DowngradeOp,
): LedgerRecord {
  const kind = checkAttributes(policy, op);
  const candidates = records.filter(
    (r) =>
      r.kind === op.kind &&
      r.endedOn === null &&
      ('grantedOn' in op && op.grantedOn ? r.grantedOn === op.grantedOn : r.grantedOn <= op.on) &&
      (validTo(r) === null || validTo(r)! >= op.on || r.grantedOn === op.on),
  );
  // The holding running up to the day (the latest one started before it); one granted that very day
  // only when nothing older runs — revoked “from the start”.
  const rank = (r: LedgerRecord) => (r.grantedOn < op.on ? 1 : 0);
  const target = candidates.sort((a, b) => rank(b) - rank(a) || (a.grantedOn < b.grantedOn ? 1 : -1))[0];
  if (!target)
    refuse(
      'on',
      'no_holding',
      `该单位在 ${op.on} 没有可撤销或降级的有效${kind.label.zh}`,
      `the organisation holds no ${kind.label.en} running on ${op.on}`,
    );
  return target;
}

function planRevoke(policy: QualificationPolicy, records: readonly LedgerRecord[], op: RevokeOp): Plan {
  const target = holdingToEnd(policy, records, op);
  const change = end(target, op.on < target.grantedOn ? target.grantedOn : op.on, 'revoked');
  return {
    outcome: 'revoked',
    changes: [change],
    events: [
      {
        recordId: target.id,
        kind: target.kind,
        event: 'revoked',
        on: op.on,
        firstTime: false,
        level: target.level,
        grade: target.grade,
        detail: { reason: op.reason, record: snapshot(change.record), removed: change.type === 'delete' },
      },
    ],
    records: replace(records, [change]),
  };
}

function planDowngrade(
  policy: QualificationPolicy,
  records: readonly LedgerRecord[],
  organisationId: string,
  op: DowngradeOp,
  newId: () => string,
): Plan {
  const target = holdingToEnd(policy, records, op);
  const toKind = checkAttributes(policy, op.to, 'to.');
  const lower = {
    kind: op.to.kind,
    grade: op.to.grade ?? null,
    level: op.to.level ?? (toKind.levels.length === 1 ? toKind.levels[0]! : null),
  };
  let isLower = false;
  if (lower.kind === target.kind) isLower = compareWithinKind(toKind, target, lower) < 0;
  for (const l of policy.ladders) {
    const a = l.steps.findIndex((s) => stepMatches(s, target));
    const b = l.steps.findIndex((s) => stepMatches(s, lower));
    if (a >= 0 && b >= 0 && b < a) isLower = true;
  }
  if (!isLower)
    refuse(
      'to.kind',
      'not_lower',
      '降级后的资质须低于原资质（同一梯度的较低层级或较低等级）',
      'a downgrade goes to a lower step, grade or level',
    );
  const ended = end(target, op.on, 'downgraded');
  const expiresOn = op.to.expiresOn ?? target.expiresOn;
  if (expiresOn !== null && expiresOn < op.on)
    refuse(
      'to.expiresOn',
      'date_order',
      '有效期截止日不能早于降级日期',
      'the expiry is before the downgrade',
    );
  const record: LedgerRecord = {
    id: newId(),
    organisationId,
    kind: lower.kind,
    level: lower.level,
    grade: lower.grade,
    certificateNo: null,
    issuer: target.issuer,
    grantedOn: op.on,
    expiresOn,
    endedOn: null,
    endReason: null,
  };
  const changes: RecordChange[] = [ended, { type: 'insert', record }];
  const earliest = firstReached(records, lower.kind);
  return {
    outcome: 'downgraded',
    changes,
    events: [
      {
        recordId: record.id,
        kind: record.kind,
        event: 'downgraded',
        on: op.on,
        firstTime: earliest === null || op.on < earliest,
        level: record.level,
        grade: record.grade,
        detail: {
          reason: op.reason,
          from: { kind: target.kind, recordId: target.id, grade: target.grade, level: target.level },
          record: snapshot(record),
        },
      },
    ],
    records: replace(records, changes),
  };
}

function planWithdraw(records: readonly LedgerRecord[], op: WithdrawOp): Plan {
  const target = records.find((r) => r.id === op.recordId);
  if (!target) refuse('recordId', 'not_found', '未找到该资质记录', 'no such record');
  const change: RecordChange = { type: 'delete', record: target };
  return {
    outcome: 'withdrawn',
    changes: [change],
    events: [
      {
        recordId: target.id,
        kind: target.kind,
        event: 'withdrawn',
        on: target.grantedOn,
        firstTime: false,
        level: target.level,
        grade: target.grade,
        detail: { reason: op.reason, record: snapshot(target) },
      },
    ],
    records: replace(records, [change]),
  };
}

/**
 * Lapses on `date`: holdings that ran out (their last day before `date`), were not ended early and
 * that nothing continues — each once (`alreadyLapsed` holds record ids with a lapse event).
 */
export function lapsesOn(
  records: readonly LedgerRecord[],
  date: IsoDate,
  alreadyLapsed: ReadonlySet<string>,
): PlannedEvent[] {
  const out: PlannedEvent[] = [];
  for (const r of records) {
    const to = validTo(r);
    if (to === null || to >= date || r.endedOn !== null || alreadyLapsed.has(r.id)) continue;
    if (continuedAfter(records, r)) continue;
    out.push({
      recordId: r.id,
      kind: r.kind,
      event: 'lapsed',
      on: addDays(to, 1),
      firstTime: false,
      level: r.level,
      grade: r.grade,
      detail: { expiredOn: to },
    });
  }
  return out;
}

/** Plans a batch (file rows of one organisation, in date order) — stops at the first refusal. */
export function planBatch(
  policy: QualificationPolicy,
  records: readonly LedgerRecord[],
  organisationId: string,
  ops: readonly LedgerOp[],
  newId: () => string,
): Plan[] {
  const plans: Plan[] = [];
  let current = [...records];
  for (const op of ops) {
    const plan = planOperation(policy, current, organisationId, op, newId);
    plans.push(plan);
    current = plan.records;
  }
  return plans;
}

/** The day an operation takes effect, for ordering a batch: certificates before revocations on one day. */
export function effectiveDay(op: LedgerOp): [IsoDate, number] {
  switch (op.op) {
    case 'certify':
      return [op.grantedOn, 0];
    case 'downgrade':
      return [op.on, 1];
    case 'revoke':
      return [op.on, 2];
    case 'withdraw':
      return ['0000-00-00', 3];
  }
}
