/**
 * How the ledger is shown: records, events, labels in zh and en. Pure mapping from rows and core
 * records to what the API returns (the web presents these fields as they are).
 */
import {
  EVENT_LABELS,
  type EventKind,
  type LedgerRecord,
  type LedgerSource,
  SOURCE_LABELS,
  STATE_LABELS,
  stateOn,
  validTo,
} from '../../core/qualifications/ledger.ts';
import type { Kind, Level, QualificationPolicy } from '../../core/qualifications/types.ts';
import type { Text } from '../../core/text.ts';
import type { EventRow } from '../../storage/repositories/qualifications/ledger.ts';

export interface RecordView {
  id: string;
  organisationId: string;
  kind: string;
  kindLabel: Text;
  level: string | null;
  levelLabel: Text | null;
  grade: string | null;
  gradeLabel: Text | null;
  /** The kind as named at this level or grade (国家级专精特新“小巨人”企业, 科技小巨人培育企业). */
  title: Text;
  certificateNo: string | null;
  issuer: string | null;
  grantedOn: string;
  expiresOn: string | null;
  /** The last valid day (the expiry, or the day before an early end); null: open-ended. */
  validTo: string | null;
  endedOn: string | null;
  endReason: string | null;
  state: string;
  stateLabel: Text;
}

export interface EventView {
  id: string;
  organisationId: string;
  recordId: string;
  kind: string;
  kindLabel: Text;
  event: string;
  eventLabel: Text;
  on: string;
  firstTime: boolean;
  level: string | null;
  grade: string | null;
  detail: Record<string, unknown>;
  source: string;
  sourceLabel: Text;
  sourceRef: string | null;
  actor: string;
  recordedAt: string;
}

export function labels(policy: QualificationPolicy) {
  const kindLabel = (code: string): Text => policy.byCode.get(code)?.label ?? { zh: code, en: code };
  const levelLabel = (code: string | null): Text | null =>
    code ? (policy.levels.find((l) => l.code === code)?.label ?? { zh: code, en: code }) : null;
  const gradeLabel = (kind: Kind | undefined, code: string | null): Text | null =>
    code ? (kind?.grades.find((g) => g.code === code)?.label ?? { zh: code, en: code }) : null;
  const title = (code: string, level: string | null, grade: string | null): Text => {
    const kind = policy.byCode.get(code);
    return (
      gradeLabel(kind, grade) ?? (level ? kind?.levelNames[level as Level] : undefined) ?? kindLabel(code)
    );
  };
  return { kindLabel, levelLabel, gradeLabel, title };
}

export function recordView(policy: QualificationPolicy, r: LedgerRecord, date: string): RecordView {
  const l = labels(policy);
  const state = stateOn(r, date);
  return {
    id: r.id,
    organisationId: r.organisationId,
    kind: r.kind,
    kindLabel: l.kindLabel(r.kind),
    level: r.level,
    levelLabel: l.levelLabel(r.level),
    grade: r.grade,
    gradeLabel: l.gradeLabel(policy.byCode.get(r.kind), r.grade),
    title: l.title(r.kind, r.level, r.grade),
    certificateNo: r.certificateNo,
    issuer: r.issuer,
    grantedOn: r.grantedOn,
    expiresOn: r.expiresOn,
    validTo: validTo(r),
    endedOn: r.endedOn,
    endReason: r.endReason,
    state,
    stateLabel: STATE_LABELS[state],
  };
}

export function eventView(policy: QualificationPolicy, e: EventRow): EventView {
  const l = labels(policy);
  return {
    id: e.id,
    organisationId: e.organisation_id,
    recordId: e.record_id,
    kind: e.code,
    kindLabel: l.title(e.code, e.level, e.grade),
    event: e.event,
    eventLabel: EVENT_LABELS[e.event as EventKind] ?? { zh: e.event, en: e.event },
    on: e.on_date,
    firstTime: e.first_time,
    level: e.level,
    grade: e.grade,
    detail: e.detail,
    source: e.source,
    sourceLabel: SOURCE_LABELS[e.source as LedgerSource] ?? { zh: e.source, en: e.source },
    sourceRef: e.source_ref,
    actor: e.actor,
    recordedAt: new Date(e.recorded_at).toISOString(),
  };
}
