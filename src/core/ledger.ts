/**
 * Ledger rules, pure. The ledger holds every commitment (a grant, written when an amount is
 * approved), every reversal of one (an upheld objection, released unpaid tranches), every payment,
 * every amount due back (a recovery: a failed 揭榜挂帅 final 验收, 11·5) and every sum actually
 * returned against one (recovered). Amounts are positive; the kind says which way the money goes. From it come the grant
 * history the engine needs for per-project, annual, cumulative and once-only caps; the 从优、就高、
 * 不重复 block across applications for the same matter; the special fund's budget check; and the
 * payment-stage rules. The service runs these inside the transaction that writes the money, after
 * locking what they read, so that what was checked is what gets written.
 */
import { isMonetary, type Measure } from './catalogue/types.ts';
import { yearOf } from './dates.ts';
import { type Engine, evaluateMeasure, parseCalcInput } from './engine/calculate.ts';
import { pairRule } from './engine/overlap.ts';
import type { Evaluation } from './engine/types.ts';
import { CeyuanError, InputError } from './errors.ts';
import type { CalcInput, GrantRecord } from './input.ts';
import { type Fen, formatYuan, isFen, remaining, splitIntoStages, sumFen } from './money.ts';

export type LedgerKind = 'grant' | 'reversal' | 'payment' | 'recovery' | 'recovered';

export interface LedgerEntry {
  id: string;
  kind: LedgerKind;
  organisationId: string;
  applicationId: string;
  measureId: string;
  /** The special fund the money draws on: the measure's document code ('000', '001'). */
  fund: string;
  overlapGroup: string | null;
  matterId: string;
  amount: Fen;
  /** grant: the date the entitlement was judged on (the matter's date); payment: the day paid. */
  date: string;
  /** Budget year the commitment counts against (the approval's year); a payment carries its grant's. */
  year: number;
  /** For a reversal: the grant it cancels. */
  reverses: string | null;
  /** For money returned (recovered): the recovery it settles. */
  recovers?: string | null;
  /** For money returned: the idempotency key it was recorded with. */
  key?: string | null;
  /** For a recovery and money returned: what it is about (`challenge_project:<id>`). */
  subject?: string | null;
  /** The officer's note (a recovery's reason, a receipt's reference). */
  note?: string | null;
}

/** 不重复 is declared per overlap group; a measure without one overlaps only with itself. */
export function overlapKey(measureId: string, overlapGroup: string | null): string {
  return overlapGroup ?? measureId;
}

/** Grants still standing: not cancelled by a reversal. */
export function activeGrants(entries: readonly LedgerEntry[]): LedgerEntry[] {
  const reversed = new Set(entries.filter((e) => e.kind === 'reversal').map((e) => e.reverses));
  return entries.filter((e) => e.kind === 'grant' && !reversed.has(e.id));
}

/** The engine's view of the ledger: one GrantRecord per standing grant. */
export function grantHistory(entries: readonly LedgerEntry[]): GrantRecord[] {
  return activeGrants(entries).map((e) => ({
    measureId: e.measureId,
    amount: e.amount,
    date: e.date,
    matterId: e.matterId,
  }));
}

/**
 * The history to judge one measure on `date` against. The engine counts only grants dated on or
 * before the matter's date (right for a self-check). For a decision, a grant approved earlier for a
 * later-dated matter must count too, or two applications approved in the "wrong" order would both
 * take a once-only or per-project benefit: grants dated after `date` are pulled back to it — except,
 * for an annual cap, grants of another year, which never count.
 */
export function historyForDecision(
  measure: Measure,
  history: readonly GrantRecord[],
  date: string,
): GrantRecord[] {
  const annual = isMonetary(measure.benefit) && measure.benefit.period === 'annual';
  return history.map((g) =>
    g.date <= date || (annual && yearOf(g.date) !== yearOf(date)) ? g : { ...g, date },
  );
}

export interface OverlapQuery {
  organisationId: string;
  measureId: string;
  overlapGroup: string | null;
  matterId: string;
  /** The application being decided: its own (earlier, reversed) grants do not block it. */
  applicationId: string;
  /**
   * Measures the engine resolves against this one (its group, and links across documents:
   * engine.overlaps.peers). Absent: the overlap group alone.
   */
  peers?: ReadonlySet<string>;
}

/**
 * A standing grant of the same organisation and matter, under another application, for a measure
 * that overlaps this one (the same group, or a link across documents, 从优、就高、不重复).
 */
export function findOverlap(entries: readonly LedgerEntry[], q: OverlapQuery): LedgerEntry | null {
  const key = overlapKey(q.measureId, q.overlapGroup);
  return (
    activeGrants(entries).find(
      (e) =>
        e.organisationId === q.organisationId &&
        e.applicationId !== q.applicationId &&
        e.matterId === q.matterId &&
        (overlapKey(e.measureId, e.overlapGroup) === key || (q.peers?.has(e.measureId) ?? false)),
    ) ?? null
  );
}

/** A grant or an application the reviewer must weigh against this one (从优、就高、不重复 left to a person). */
export interface ReviewOverlap {
  measureId: string;
  matterId: string;
  /** The other application, when it is one; null for a grant recorded without one. */
  applicationId: string | null;
  /** A standing grant (amount in fen), or an application still being decided. */
  status: 'granted' | 'pending';
  amount: Fen | null;
  /** same_matter: the same project id; different_matters: linked measures, maybe one project. */
  kind: 'same_matter' | 'different_matters';
  reason: { zh: string; en: string };
}

/**
 * What a reviewer must judge for one application: the organisation's standing grants and open
 * applications under measures the texts leave to the reviewer (two measures of one document that
 * one project can fall into), and under linked measures on another matter id (maybe one project).
 * The engine's own 从优、就高、不重复 (same group, or a link across documents, same matter) is not
 * listed here: it blocks (OVERLAP) or counts against the ceiling instead.
 */
export function reviewOverlaps(
  engine: Engine,
  subject: { measureId: string; matterId: string; applicationId: string },
  others: readonly {
    measureId: string;
    matterId: string;
    applicationId: string | null;
    status: 'granted' | 'pending';
    amount: Fen | null;
  }[],
): ReviewOverlap[] {
  const out: ReviewOverlap[] = [];
  for (const o of others) {
    if (o.applicationId === subject.applicationId) continue;
    const rule = pairRule(engine.overlaps, subject.measureId, o.measureId);
    if (!rule) continue;
    const same = o.matterId === subject.matterId;
    // Same matter and resolved by the engine: OVERLAP or the ceiling handles it, nothing to judge.
    if (same && rule.mode === 'auto') continue;
    // Different matters of one overlap group are different projects (the group is one kind of matter).
    if (!same && rule.title === null) continue;
    const project = rule.title ?? { zh: '同类事项', en: 'the same kind of matter' };
    const what =
      o.status === 'granted'
        ? {
            zh: `已按${o.measureId}获批${o.amount !== null ? formatYuan(o.amount) : ''}`,
            en: `granted under ${o.measureId}${o.amount !== null ? ` (${formatYuan(o.amount)})` : ''}`,
          }
        : { zh: `另有按${o.measureId}的申请在办`, en: `an application under ${o.measureId} is in progress` };
    out.push({
      ...o,
      kind: same ? 'same_matter' : 'different_matters',
      reason: same
        ? {
            zh: `同一事项（${o.matterId}）${what.zh}；${subject.measureId}与${o.measureId}同属一个文件（${project.zh}），文件未规定能否叠加，须由审核人员判断是否重复支持`,
            en: `the same matter (${o.matterId}) is ${what.en}; ${subject.measureId} and ${o.measureId} are measures of one document (${project.en}) that does not say whether they stack: the reviewer must judge whether this is double support`,
          }
        : {
            zh: `事项${o.matterId}${what.zh}；若与本事项（${subject.matterId}）为同一项目（${project.zh}），按从优、就高、不重复只能享受一项，须由审核人员判断`,
            en: `matter ${o.matterId} is ${what.en}; if it is the same project as this one (${subject.matterId}, ${project.en}), only the most favourable applies: the reviewer must judge`,
          },
    });
  }
  return out;
}

export interface EntitlementRequest {
  measureId: string;
  /** The applicant profile (from the registry) and the matter (from the application), as raw input. */
  applicant: unknown;
  /** null for a measure without a matter type (a standing benefit such as 001·十). */
  matter: Record<string, unknown> | null;
  /** The day the decision is taken. */
  today: string;
  /** The organisation's ledger. */
  entries: readonly LedgerEntry[];
  applicationId: string;
}

export interface Entitlement {
  measure: Measure;
  /** Exactly what the engine was given: stored with the decision so it can be reproduced. */
  input: CalcInput;
  evaluation: Evaluation;
}

export function measureOrThrow(engine: Engine, measureId: string): Measure {
  const measure = engine.catalogue.byId.get(measureId);
  if (!measure) {
    throw new InputError([
      {
        path: 'measureId',
        rule: 'unknown_measure',
        zh: `目录中没有措施"${measureId}"`,
        en: `no measure "${measureId}" in the catalogue`,
      },
    ]);
  }
  return measure;
}

/**
 * Recomputes the entitlement for one application from the catalogue and the ledger: the engine's
 * evaluation of the application's measure and matter, with the organisation's standing grants as
 * history (its own earlier grants excluded).
 */
export function entitlement(engine: Engine, req: EntitlementRequest): Entitlement {
  const measure = measureOrThrow(engine, req.measureId);
  const own = req.entries.filter((e) => e.applicationId !== req.applicationId);
  const raw = {
    applicant: req.applicant,
    matters: req.matter ? [req.matter] : [],
    asOf: req.today,
    history: grantHistory(own),
  };
  const input = parseCalcInput(engine, raw, req.today);
  const matter = input.matters[0] ?? null;
  const date = matter?.date ?? input.asOf;
  const decided: CalcInput = { ...input, history: historyForDecision(measure, input.history, date) };
  return { measure, input: decided, evaluation: evaluateMeasure(engine, measure, decided, matter) };
}

function reasonsOf(evaluation: Evaluation): { zh: string; en: string } {
  return {
    zh: evaluation.reasons.map((r) => r.zh).join('；'),
    en: evaluation.reasons.map((r) => r.en).join('; '),
  };
}

/** The measure applies and gives money; otherwise NOT_ELIGIBLE with the engine's reasons. */
export function checkEligible(evaluation: Evaluation): void {
  if (!evaluation.eligible) {
    const why = reasonsOf(evaluation);
    throw new CeyuanError(
      'NOT_ELIGIBLE',
      {
        zh: `按${evaluation.clause.citation.zh}重新测算，不符合支持条件：${why.zh}`,
        en: `recomputed under ${evaluation.clause.citation.en}, the application does not qualify: ${why.en}`,
      },
      { measureId: evaluation.measureId, outcome: evaluation.outcome, reasons: evaluation.reasons },
    );
  }
  if (!evaluation.amount) {
    throw new CeyuanError(
      'NOT_ELIGIBLE',
      {
        zh: `${evaluation.clause.citation.zh}未规定金额（待实施细则），不能核定金额`,
        en: `${evaluation.clause.citation.en} prints no amount (pending implementing rules); no figure can be approved`,
      },
      { measureId: evaluation.measureId, warnings: evaluation.warnings },
    );
  }
}

/**
 * The amount lies inside the engine's computed range [minimum, ceiling]: "不超过 X%、最高 N" is a
 * ceiling the officer decides within (根据项目投入、根据成效、按规定), so any figure from the minimum the
 * text fixes (0 unless it fixes a sum) up to the ceiling is accepted — but one below the ceiling
 * needs a written reason, stored with the decision and shown. A sum the text fixes is exact. Zero is
 * not a grant (reject instead).
 */
export function checkAmountInRange(evaluation: Evaluation, amount: Fen, reason?: string | null): void {
  checkEligible(evaluation);
  const range = evaluation.amount!;
  const formula = evaluation.formula ?? { zh: '', en: '' };
  if (!isFen(amount) || amount === 0 || amount < range.min || amount > range.max) {
    const shown =
      range.min === range.max ? formatYuan(range.max) : `${formatYuan(range.min)}–${formatYuan(range.max)}`;
    throw new CeyuanError(
      'OUT_OF_RANGE',
      {
        zh: `金额${isFen(amount) ? formatYuan(amount) : String(amount)}超出按${evaluation.clause.citation.zh}重新测算的范围${shown}（${formula.zh}）`,
        en: `amount ${isFen(amount) ? formatYuan(amount) : String(amount)} is outside the range ${shown} recomputed under ${evaluation.clause.citation.en} (${formula.en})`,
      },
      { amount, range, measureId: evaluation.measureId, formula: evaluation.formula },
    );
  }
  if (amount < range.max && !reason?.trim()) {
    throw new CeyuanError(
      'REASON_REQUIRED',
      {
        zh: `金额${formatYuan(amount)}低于按${evaluation.clause.citation.zh}测算的最高可获${formatYuan(range.max)}，请写明核定理由（如根据项目投入或成效核减）`,
        en: `amount ${formatYuan(amount)} is below the ceiling of ${formatYuan(range.max)} under ${evaluation.clause.citation.en}: give the written reason (e.g. reduced by the project's input or results)`,
      },
      { amount, range, measureId: evaluation.measureId, formula: evaluation.formula, field: 'reason' },
    );
  }
}

/** 从优、就高、不重复 across applications: a standing grant for the same matter and group blocks another. */
export function checkNoOverlap(entries: readonly LedgerEntry[], q: OverlapQuery): void {
  const hit = findOverlap(entries, q);
  if (hit) {
    throw new CeyuanError(
      'OVERLAP',
      {
        zh: `同一事项（${q.matterId}）已按${hit.measureId}获批${formatYuan(hit.amount)}，按从优、就高、不重复原则不再重复支持`,
        en: `the same matter (${q.matterId}) already has a grant of ${formatYuan(hit.amount)} under ${hit.measureId}; most favourable only, no stacking`,
      },
      { matterId: q.matterId, grant: hit },
    );
  }
}

export interface BudgetLine {
  fund: string;
  year: number;
  /** null when no budget has been set for the fund and year. */
  amount: Fen | null;
  /** Standing grants already counted against it. */
  committed: Fen;
}

/** committed + new ≤ budget; no budget set means nothing can be committed. */
export function checkBudget(budget: BudgetLine, amount: Fen): void {
  if (budget.amount === null) {
    throw new CeyuanError(
      'BUDGET_MISSING',
      {
        zh: `专项资金（${budget.fund}号文件）${budget.year}年度预算尚未设定，不能批准`,
        en: `no special-fund budget is set for document ${budget.fund} in ${budget.year}; nothing can be approved`,
      },
      { fund: budget.fund, year: budget.year },
    );
  }
  const left = remaining(budget.amount, budget.committed);
  if (amount > left) {
    throw new CeyuanError(
      'BUDGET_EXCEEDED',
      {
        zh: `专项资金（${budget.fund}号文件）${budget.year}年度预算${formatYuan(budget.amount)}，已承诺${formatYuan(budget.committed)}，余额${formatYuan(left)}，不足以批准${formatYuan(amount)}`,
        en: `the ${budget.year} special-fund budget for document ${budget.fund} is ${formatYuan(budget.amount)}, ${formatYuan(budget.committed)} committed, ${formatYuan(left)} left: not enough for ${formatYuan(amount)}`,
      },
      { ...budget, available: left, requested: amount },
    );
  }
}

export interface ApprovalCheck extends EntitlementRequest {
  engine: Engine;
  organisationId: string;
  matterId: string;
  amount: Fen;
  /** The written reason for an amount below the ceiling (required then). */
  reason?: string | null;
  budget: BudgetLine;
}

/** The 不重复 query for an application's measure and matter, with the engine's overlap peers. */
export function overlapQuery(
  engine: Engine,
  q: { organisationId: string; measureId: string; matterId: string; applicationId: string },
): OverlapQuery {
  const measure = measureOrThrow(engine, q.measureId);
  return { ...q, overlapGroup: measure.overlapGroup, peers: engine.overlaps.peers.get(measure.id) };
}

/** Everything an approval must satisfy, in the order a person would check it. Returns what to store. */
export function checkApproval(check: ApprovalCheck): Entitlement {
  checkNoOverlap(check.entries, overlapQuery(check.engine, check));
  const result = entitlement(check.engine, check);
  checkAmountInRange(result.evaluation, check.amount, check.reason);
  checkBudget(check.budget, check.amount);
  return result;
}

export const MAX_STAGES = 12;

export type StagePlan = { weights: number[] } | { amounts: Fen[] };

function stageError(zh: string, en: string, details?: unknown): CeyuanError {
  return new CeyuanError('STAGES_INVALID', { zh, en }, details);
}

/**
 * The payment stages of an approved amount: by whole-number weights (split by money.ts, rounding
 * down with the remainder in the last stage) or as explicit amounts that must sum to it exactly.
 * A measure not paid in stages (分阶段) is paid in one. No stage is zero.
 */
export function planStages(approved: Fen, plan: StagePlan, staged: boolean): Fen[] {
  const count = 'weights' in plan ? plan.weights.length : plan.amounts.length;
  if (count < 1 || count > MAX_STAGES) {
    throw stageError(`拨付阶段须为 1 至 ${MAX_STAGES} 个`, `between 1 and ${MAX_STAGES} stages`, { count });
  }
  if (!staged && count > 1) {
    throw stageError(
      '该措施不分阶段拨付，只能安排一个阶段',
      'this measure is not paid in stages: schedule a single stage',
      { count },
    );
  }
  let amounts: Fen[];
  if ('weights' in plan) {
    if (plan.weights.some((w) => !Number.isInteger(w) || w <= 0 || w > 1000)) {
      throw stageError('阶段权重须为 1 至 1000 的整数', 'stage weights must be integers from 1 to 1000');
    }
    amounts = splitIntoStages(approved, plan.weights);
  } else {
    amounts = plan.amounts;
    if (amounts.some((a) => !isFen(a)))
      throw stageError('阶段金额须为非负整数（分）', 'stage amounts must be whole fen');
    const total = sumFen(amounts);
    if (total !== approved) {
      throw stageError(
        `各阶段金额合计${formatYuan(total)}，须等于批准金额${formatYuan(approved)}`,
        `the stages sum to ${formatYuan(total)}; they must sum to the approved ${formatYuan(approved)}`,
        { total, approved },
      );
    }
  }
  if (amounts.some((a) => a === 0)) {
    throw stageError('每个阶段的金额须大于零', 'every stage must be more than zero', { amounts });
  }
  return amounts;
}

export interface StageState {
  id: string;
  seq: number;
  amount: Fen;
  /** The idempotency key of the payment that paid it, or null. */
  paidWith: string | null;
}

export type PaymentDecision = { kind: 'pay'; stage: StageState } | { kind: 'replay'; stage: StageState };

/**
 * Whether paying `stageId` with `key` is a new payment, a replay of one already made with this key
 * (answer with the first payment), or refused. Stages are paid in order, each once, in full.
 */
export function decidePayment(stages: readonly StageState[], stageId: string, key: string): PaymentDecision {
  const byKey = stages.find((s) => s.paidWith === key);
  if (byKey) {
    if (byKey.id === stageId) return { kind: 'replay', stage: byKey };
    throw new CeyuanError(
      'IDEMPOTENCY_KEY_REUSED',
      {
        zh: '该幂等键已用于另一笔拨付，请为新的拨付使用新的键',
        en: 'this idempotency key was used for another payment; use a new key for a new payment',
      },
      { stageId: byKey.id },
    );
  }
  const stage = stages.find((s) => s.id === stageId);
  if (!stage) {
    throw new CeyuanError('NOT_FOUND', { zh: '没有该拨付阶段', en: 'no such payment stage' }, { stageId });
  }
  if (stage.paidWith !== null) {
    throw new CeyuanError(
      'CONFLICT',
      { zh: `第${stage.seq}阶段已拨付`, en: `stage ${stage.seq} is already paid` },
      { stageId, seq: stage.seq },
    );
  }
  const earlier = stages.find((s) => s.seq < stage.seq && s.paidWith === null);
  if (earlier) {
    throw new CeyuanError(
      'CONFLICT',
      {
        zh: `须先拨付第${earlier.seq}阶段，再拨付第${stage.seq}阶段`,
        en: `stage ${earlier.seq} must be paid before stage ${stage.seq}`,
      },
      { stageId, seq: stage.seq, unpaid: earlier.seq },
    );
  }
  return { kind: 'pay', stage };
}

export interface FundLine {
  fund: string;
  year: number;
  measureId: string;
  committed: Fen;
  paid: Fen;
  /** Recoveries recorded: what is due back to the fund (11·5). */
  due: Fen;
  /** What was actually returned against them. */
  returned: Fen;
}

/** What a fund line means to a reader: outstanding commitment, money still due back, net spend. */
export interface FundFigures {
  /** committed − paid: approved, not yet disbursed. */
  outstanding: Fen;
  /** due − returned: still to be recovered. */
  receivable: Fen;
  /** paid − returned: what the fund has really spent. */
  net: Fen;
}

export function fundFigures(l: { committed: Fen; paid: Fen; due: Fen; returned: Fen }): FundFigures {
  return {
    outstanding: remaining(l.committed, l.paid),
    receivable: remaining(l.due, l.returned),
    net: remaining(l.paid, l.returned),
  };
}

/** committed (standing grants), paid, due back and returned per fund, year and measure, in a stable order. */
export function fundLines(entries: readonly LedgerEntry[]): FundLine[] {
  const standing = new Set(activeGrants(entries).map((e) => e.id));
  type Acc = { fund: string; year: number; measureId: string; c: Fen[]; p: Fen[]; d: Fen[]; r: Fen[] };
  const lines = new Map<string, Acc>();
  for (const e of entries) {
    if (e.kind === 'reversal') continue;
    const key = `${e.fund}\u0000${e.year}\u0000${e.measureId}`;
    let line = lines.get(key);
    if (!line) {
      line = { fund: e.fund, year: e.year, measureId: e.measureId, c: [], p: [], d: [], r: [] };
      lines.set(key, line);
    }
    if (e.kind === 'grant' && standing.has(e.id)) line.c.push(e.amount);
    if (e.kind === 'payment') line.p.push(e.amount);
    if (e.kind === 'recovery') line.d.push(e.amount);
    if (e.kind === 'recovered') line.r.push(e.amount);
  }
  return [...lines.values()]
    .map((l) => ({
      fund: l.fund,
      year: l.year,
      measureId: l.measureId,
      committed: sumFen(l.c),
      paid: sumFen(l.p),
      due: sumFen(l.d),
      returned: sumFen(l.r),
    }))
    .sort((a, b) =>
      a.fund !== b.fund
        ? a.fund < b.fund
          ? -1
          : 1
        : a.year !== b.year
          ? a.year - b.year
          : a.measureId < b.measureId
            ? -1
            : 1,
    );
}

/**
 * Whether the ledger still commits the money for an application's next unpaid stage: standing grants
 * less payments must cover it. False for a case with no ledger entries (nothing to judge by); true once
 * a 揭榜挂帅 project's unpaid tranches were released (their grant reversed, only what was paid kept).
 */
export function commitmentReleased(
  entries: readonly LedgerEntry[],
  stages: readonly { seq: number; amount: Fen; paid: boolean }[],
): boolean {
  if (entries.length === 0) return false;
  const next = [...stages].sort((a, b) => a.seq - b.seq).find((s) => !s.paid);
  if (!next) return false;
  const committed = sumFen(activeGrants(entries).map((e) => e.amount));
  const paid = sumFen(entries.filter((e) => e.kind === 'payment').map((e) => e.amount));
  return remaining(committed, paid) < next.amount;
}

// ——— recoveries (11·5: a failed final 验收 "records what is to be recovered in the ledger") ———————————

/** What one application was paid, and what of it is due back and was returned. */
export function applicationMoney(entries: readonly LedgerEntry[]): { paid: Fen; due: Fen; returned: Fen } {
  const total = (kind: LedgerKind) => sumFen(entries.filter((e) => e.kind === kind).map((e) => e.amount));
  return { paid: total('payment'), due: total('recovery'), returned: total('recovered') };
}

/**
 * A new recovery (receivable) of `amount` against an application's entries: whole fen, and what is due
 * back in all never exceeds what was paid (the fund cannot claim back money it never paid out). Zero is
 * no recovery (nothing is written). `field` names the input the amount came from.
 */
export function checkRecoveryAmount(entries: readonly LedgerEntry[], amount: Fen, field: string): void {
  const { paid, due } = applicationMoney(entries);
  if (!isFen(amount)) {
    throw new InputError([
      {
        path: field,
        rule: 'fen',
        zh: '金额须为非负整数（分）',
        en: 'the amount must be whole fen, not negative',
      },
    ]);
  }
  if (due + amount > paid) {
    throw new InputError([
      {
        path: field,
        rule: 'above_paid',
        zh: `应追回金额合计不得超过已拨付金额${formatYuan(paid)}（已记应追回${formatYuan(due)}）`,
        en: `the total due back may not exceed the ${formatYuan(paid)} paid (${formatYuan(due)} already due back)`,
      },
    ]);
  }
}

export interface RecoveryBalance {
  recovery: LedgerEntry;
  due: Fen;
  returned: Fen;
  /** due − returned. */
  left: Fen;
  receipts: LedgerEntry[];
}

/** The recovery recorded for a subject (one at most) with what was returned against it, or null. */
export function recoveryBalance(entries: readonly LedgerEntry[], subject: string): RecoveryBalance | null {
  const recovery = entries.find((e) => e.kind === 'recovery' && e.subject === subject);
  if (!recovery) return null;
  const receipts = entries.filter((e) => e.kind === 'recovered' && e.recovers === recovery.id);
  const returned = sumFen(receipts.map((e) => e.amount));
  return { recovery, due: recovery.amount, returned, left: remaining(recovery.amount, returned), receipts };
}

export type ReceiptDecision =
  | { kind: 'record'; balance: RecoveryBalance }
  | { kind: 'replay'; entry: LedgerEntry; balance: RecoveryBalance };

/**
 * Whether recording `amount` returned against the subject's recovery with `key` is a new receipt, a
 * replay of one recorded with this key (answer with it), or refused: no recovery, already settled, an
 * amount that is not whole fen, zero, or more than is still due (partial receipts are fine), a key used
 * for another receipt.
 */
export function decideReceipt(
  entries: readonly LedgerEntry[],
  subject: string,
  key: string,
  amount: Fen,
): ReceiptDecision {
  const balance = recoveryBalance(entries, subject);
  const byKey = entries.find((e) => e.kind === 'recovered' && e.key === key);
  if (byKey) {
    if (balance && byKey.recovers === balance.recovery.id && byKey.amount === amount)
      return { kind: 'replay', entry: byKey, balance };
    throw new CeyuanError(
      'IDEMPOTENCY_KEY_REUSED',
      {
        zh: '该幂等键已用于另一笔退回款登记，请为新的登记使用新的键',
        en: 'this idempotency key was used for another receipt; use a new key for a new receipt',
      },
      { entryId: byKey.id },
    );
  }
  if (!balance) {
    throw new CeyuanError(
      'CONFLICT',
      { zh: '该项目没有应追回金额，无须登记退回款', en: 'nothing is due back for this project' },
      { subject, rule: 'nothing_due' },
    );
  }
  if (!isFen(amount) || amount === 0) {
    throw new InputError([
      {
        path: 'amount',
        rule: 'fen',
        zh: '退回金额须为大于零的整数（分）',
        en: 'the amount returned must be whole fen, more than zero',
      },
    ]);
  }
  if (balance.left === 0) {
    throw new CeyuanError(
      'CONFLICT',
      {
        zh: `应追回的${formatYuan(balance.due)}已全部退回`,
        en: `the ${formatYuan(balance.due)} due back has been returned in full`,
      },
      { subject, rule: 'settled', due: balance.due, returned: balance.returned },
    );
  }
  if (amount > balance.left) {
    throw new InputError([
      {
        path: 'amount',
        rule: 'above_due',
        zh: `退回金额${formatYuan(amount)}超过尚未退回的${formatYuan(balance.left)}（应追回${formatYuan(balance.due)}，已退回${formatYuan(balance.returned)}）`,
        en: `${formatYuan(amount)} is more than the ${formatYuan(balance.left)} still due (${formatYuan(balance.due)} due, ${formatYuan(balance.returned)} returned)`,
      },
    ]);
  }
  return { kind: 'record', balance };
}
