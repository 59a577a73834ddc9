/**
 * The special fund (专项资金): a budget per document and year, and the ledger's view of it —
 * committed (standing approvals) vs paid vs budget, per measure. Budgets are set by officers; a
 * budget can never be set below what is already committed (checked under the budget row's lock,
 * the same lock approvals take).
 */
import type { Engine } from '../../core/engine/calculate.ts';
import { CeyuanError, InputError } from '../../core/errors.ts';
import { fundFigures } from '../../core/ledger.ts';
import { type Fen, formatYuan, isFen, remaining, sumFen } from '../../core/money.ts';
import type { Text } from '../../core/text.ts';
import {
  committedTotal,
  findBudget,
  ledgerTotals,
  listBudgets,
  lockBudget,
  upsertBudget,
} from '../../storage/repositories/ledger.ts';
import type { Db } from '../../storage/schema.ts';
import type { Actor, AuditPort, Clock } from '../applications/ports.ts';
import { STAFF_ROLES } from '../auth/types.ts';

export interface LedgerDeps {
  db: Db;
  engine: Engine;
  clock: Clock;
  audit: AuditPort;
}

export interface BudgetView {
  fund: string;
  year: number;
  /** null: no budget set, nothing can be approved against this fund in this year. */
  amount: Fen | null;
  committed: Fen;
  paid: Fen;
  /** Recoveries recorded against the fund-year (11·5), what was returned, and paid − returned. */
  due: Fen;
  returned: Fen;
  net: Fen;
  /** budget − committed, never negative. Money returned goes back to the treasury, not the budget. */
  available: Fen;
  updatedAt: string | null;
}

export interface LedgerLine {
  fund: string;
  year: number;
  measureId: string;
  title: Text;
  committed: Fen;
  paid: Fen;
  /** committed − paid: approved, not yet disbursed. */
  outstanding: Fen;
  /** Due back (recoveries), returned, due − returned still to recover, and net spend paid − returned. */
  due: Fen;
  returned: Fen;
  receivable: Fen;
  net: Fen;
  grants: number;
  payments: number;
}

const SETTERS = new Set(['admin', 'approver']);
const READERS: ReadonlySet<string> = new Set(STAFF_ROLES);

export function createLedgerService(deps: LedgerDeps) {
  const { db, engine, clock, audit } = deps;

  function mayRead(actor: Actor) {
    if (!READERS.has(actor.role)) {
      throw new CeyuanError('FORBIDDEN', {
        zh: '无权查看专项资金台账',
        en: 'not allowed to read the special-fund ledger',
      });
    }
  }

  function checkFund(fund: string) {
    const doc = engine.catalogue.documents.find((d) => d.code === fund);
    if (!doc) {
      throw new InputError([
        {
          path: 'fund',
          rule: 'unknown_fund',
          zh: `目录中没有编号为${fund}的政策文件`,
          en: `no policy document ${fund} in the catalogue`,
        },
      ]);
    }
    return doc;
  }

  async function budgetView(fund: string, year: number): Promise<BudgetView> {
    const [row, committed, totals] = await Promise.all([
      findBudget(db, fund, year),
      committedTotal(db, fund, year),
      ledgerTotals(db, { fund, year }),
    ]);
    const paidTotal = sumFen(totals.map((t) => t.paid));
    const due = sumFen(totals.map((t) => t.due));
    const returned = sumFen(totals.map((t) => t.returned));
    return {
      fund,
      year,
      amount: row?.amount ?? null,
      committed,
      paid: paidTotal,
      due,
      returned,
      net: fundFigures({ committed, paid: paidTotal, due, returned }).net,
      available: row ? remaining(row.amount, committed) : 0,
      updatedAt: row ? row.updated_at.toISOString() : null,
    };
  }

  return {
    async setBudget(actor: Actor, input: { fund: string; year: number; amount: Fen }): Promise<BudgetView> {
      if (!SETTERS.has(actor.role)) {
        throw new CeyuanError('FORBIDDEN', {
          zh: '无权设定专项资金预算',
          en: 'not allowed to set the budget',
        });
      }
      checkFund(input.fund);
      if (!isFen(input.amount)) {
        throw new InputError([
          {
            path: 'amount',
            rule: 'fen',
            zh: '预算须为非负整数（分）',
            en: 'the budget must be whole fen, not negative',
          },
        ]);
      }
      await db.transaction().execute(async (tx) => {
        const before = await lockBudget(tx, input.fund, input.year);
        const committed = await committedTotal(tx, input.fund, input.year);
        if (input.amount < committed) {
          throw new CeyuanError(
            'BUDGET_BELOW_COMMITTED',
            {
              zh: `${input.year}年度已承诺${formatYuan(committed)}，预算不能低于此数`,
              en: `${formatYuan(committed)} is already committed for ${input.year}; the budget cannot be set below it`,
            },
            { committed, requested: input.amount },
          );
        }
        const now = clock.now();
        await upsertBudget(tx, {
          fund: input.fund,
          year: input.year,
          amount: input.amount,
          updated_by: actor.id,
          updated_at: now,
        });
        await audit.append(tx, {
          actor: actor.username,
          action: 'budget.set',
          subject: `budget:${input.fund}:${input.year}`,
          detail: {
            fund: input.fund,
            year: input.year,
            amount: input.amount,
            before: before?.amount ?? null,
            committed,
          },
        });
      });
      return budgetView(input.fund, input.year);
    },

    async getBudget(actor: Actor, fund: string, year: number): Promise<BudgetView> {
      mayRead(actor);
      checkFund(fund);
      return budgetView(fund, year);
    },

    async listBudgets(actor: Actor, filter: { fund?: string; year?: number }): Promise<BudgetView[]> {
      mayRead(actor);
      const rows = await listBudgets(db, filter);
      return Promise.all(rows.map((r) => budgetView(r.fund, r.year)));
    },

    /** Committed vs paid per fund, year and measure, with each fund-year's budget. */
    async summary(actor: Actor, filter: { fund?: string; year?: number }) {
      mayRead(actor);
      const totals = await ledgerTotals(db, filter);
      const lines: LedgerLine[] = totals.map((t) => ({
        fund: t.fund,
        year: t.year,
        measureId: t.measure_id,
        title: engine.catalogue.byId.get(t.measure_id)?.title ?? { zh: t.measure_id, en: t.measure_id },
        committed: t.committed,
        paid: t.paid,
        due: t.due,
        returned: t.returned,
        ...fundFigures(t),
        grants: t.grants,
        payments: t.payments,
      }));
      const keys = new Map<string, { fund: string; year: number }>();
      for (const b of await listBudgets(db, filter)) keys.set(`${b.fund}/${b.year}`, b);
      for (const l of lines) keys.set(`${l.fund}/${l.year}`, l);
      const funds = await Promise.all(
        [...keys.values()]
          .sort((a, b) => (a.fund !== b.fund ? (a.fund < b.fund ? -1 : 1) : a.year - b.year))
          .map((k) => budgetView(k.fund, k.year)),
      );
      return { funds, lines };
    },
  };
}

export type LedgerService = ReturnType<typeof createLedgerService>;
