/**
 * 从优、就高、不重复: among eligible measures that support the same matter, the applicant gets the
 * single most favourable one. Which measures overlap is declared, never guessed:
 * - an overlap group: measures that support the same kind of matter (000·二 and 001·二 for one
 *   challenge) — the most favourable one is kept;
 * - a link (policies/overlaps.yaml): measures of different kinds of matter that one project can fall
 *   into (a cross-region project that is also a 001·七 industry project). Across two documents both
 *   texts say 从优、就高、不重复, so the engine keeps the most favourable, as for a group. Within one
 *   document the text is silent (its overlap clause speaks of other policies), so the pair is
 *   flagged for the reviewer instead of being resolved or silently granted twice.
 * The same matter is the same matter id: an applicant describing one project under two kinds of
 * matter gives both the project's id. Two linked measures granted on different matters are flagged
 * too ("if these are one project, only one applies"). Different matters otherwise stack.
 */
import type { Catalogue } from '../catalogue/types.ts';
import { formatRange } from '../money.ts';
import type { Text } from '../text.ts';
import type { Grant, OverlapCheck, Verdict } from './types.ts';

/** How two measures relate: resolved by the engine (auto) or judged by the reviewer (review). */
export interface PairRule {
  mode: 'auto' | 'review';
  /** The overlap group or the link id that pairs them. */
  via: string;
  /** The kind of project they share, for explanations (a link's title); null for a group. */
  title: Text | null;
}

export interface OverlapIndex {
  /** measure id → the measures whose grants for the same matter count against it (itself included). */
  peers: ReadonlyMap<string, ReadonlySet<string>>;
  /** a ↦ b ↦ how a and b relate, both ways round; absent: they do not overlap. Looked up per pair of candidates per calc. */
  byMeasure: ReadonlyMap<string, ReadonlyMap<string, PairRule>>;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

export function overlapIndex(catalogue: Catalogue): OverlapIndex {
  const pairs = new Map<string, PairRule>();
  const groups = new Map<string, string[]>();
  for (const m of catalogue.measures) {
    if (m.overlapGroup) groups.set(m.overlapGroup, [...(groups.get(m.overlapGroup) ?? []), m.id]);
  }
  for (const [group, ids] of groups)
    for (const a of ids)
      for (const b of ids) if (a < b) pairs.set(pairKey(a, b), { mode: 'auto', via: group, title: null });
  // A partial catalogue (the web describing one measure from a listing) may carry no links.
  for (const link of catalogue.overlapLinks ?? []) {
    for (const a of link.measures) {
      for (const b of link.measures) {
        if (a >= b || pairs.has(pairKey(a, b))) continue;
        const docA = catalogue.byId.get(a)!.document.code;
        const docB = catalogue.byId.get(b)!.document.code;
        pairs.set(pairKey(a, b), {
          mode: docA === docB ? 'review' : 'auto',
          via: link.id,
          title: link.title,
        });
      }
    }
  }
  const peers = new Map<string, Set<string>>(catalogue.measures.map((m) => [m.id, new Set([m.id])]));
  const byMeasure = new Map<string, Map<string, PairRule>>();
  for (const [key, rule] of pairs) {
    const [a, b] = key.split('\u0000') as [string, string];
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const row = byMeasure.get(x) ?? new Map<string, PairRule>();
      row.set(y, rule);
      byMeasure.set(x, row);
      if (rule.mode === 'auto') peers.get(x)!.add(y);
    }
  }
  return { peers, byMeasure };
}

export function pairRule(index: OverlapIndex, a: string, b: string): PairRule | undefined {
  return a === b ? undefined : index.byMeasure.get(a)?.get(b);
}

function showAmount(e: Verdict): Text {
  if (e.benefitKind === 'service') return { zh: '可享受相应服务或政策待遇', en: 'the service or benefit' };
  if (!e.amount)
    return { zh: '可获资金支持（金额待实施细则确定）', en: 'money, amount pending implementing rules' };
  if (e.headline) return e.headline;
  const s = formatRange(e.amount);
  return { zh: s, en: s };
}

/** Higher ceiling wins, then higher minimum, then a measure in force over a simulated draft, then id. */
export function compareFavourable(a: Verdict, b: Verdict): number {
  const am = a.amount?.max ?? -1;
  const bm = b.amount?.max ?? -1;
  if (am !== bm) return bm - am;
  const an = a.amount?.min ?? -1;
  const bn = b.amount?.min ?? -1;
  if (an !== bn) return bn - an;
  if (a.simulated !== b.simulated) return a.simulated ? 1 : -1;
  return a.measureId < b.measureId ? -1 : a.measureId > b.measureId ? 1 : 0;
}

function whyLost(winner: Verdict, loser: Verdict, rule: PairRule): Text {
  const w = showAmount(winner);
  const l = showAmount(loser);
  const same = rule.title
    ? {
        zh: `与${winner.measureId}可支持同一项目（${rule.title.zh}），两文件均规定与其他政策重叠的按从优、就高、不重复原则执行`,
        en: `can support the same project as ${winner.measureId} (${rule.title.en}); both documents say overlaps with other policies follow 从优、就高、不重复`,
      }
    : { zh: `与${winner.measureId}支持同一事项`, en: `supports the same matter as ${winner.measureId}` };
  const sameAmount = (winner.amount?.max ?? -1) === (loser.amount?.max ?? -1);
  return sameAmount
    ? {
        zh: `${same.zh}，金额相同（${l.zh}），按从优、就高、不重复原则只享受一项，取${winner.measureId}${winner.simulated === loser.simulated ? '（编号在前）' : '（现行有效）'}`,
        en: `${same.en}, for the same amount (${l.en}); only one applies, ${winner.measureId} is taken${winner.simulated === loser.simulated ? ' (lower id)' : ' (in force)'}`,
      }
    : {
        zh: `${same.zh}，${winner.measureId}${w.zh}，高于本项${l.zh}，按从优、就高、不重复原则不重复享受`,
        en: `${same.en}; ${winner.measureId} gives ${w.en}, more than ${l.en} here; most favourable only, no stacking`,
      };
}

function checkReason(a: Verdict, b: Verdict, rule: PairRule, sameMatter: boolean): Text {
  const project = rule.title ?? { zh: '同类事项', en: 'the same kind of matter' };
  const why =
    rule.mode === 'review'
      ? {
          zh: `二者同属${a.documentCode}号文件，文件未规定本文件措施之间能否叠加`,
          en: `both are measures of document ${a.documentCode}, which does not say whether its own measures stack`,
        }
      : {
          zh: '两文件均规定与其他政策重叠的按从优、就高、不重复原则执行',
          en: 'both documents say overlaps with other policies follow 从优、就高、不重复',
        };
  return sameMatter
    ? {
        zh: `同一事项（${a.matterId}）同时符合${a.measureId}和${b.measureId}（${project.zh}）；${why.zh}。须由审核人员判断是否属于重复支持，未经判断不得同时拨付`,
        en: `one matter (${a.matterId}) qualifies under both ${a.measureId} and ${b.measureId} (${project.en}); ${why.en}. The reviewer must judge whether this is double support before both are paid`,
      }
    : {
        zh: `${a.measureId}（事项${a.matterId}）与${b.measureId}（事项${b.matterId}）可能是同一项目（${project.zh}）；若为同一项目，只能享受最优一项。须由审核人员判断`,
        en: `${a.measureId} (matter ${a.matterId}) and ${b.measureId} (matter ${b.matterId}) may be one project (${project.en}); if so, only the most favourable applies. The reviewer must judge`,
      };
}

/**
 * The grants after 从优、就高、不重复, and the pairs left to the reviewer. Per matter, candidates are
 * taken from the most favourable down; one that overlaps (auto) with a measure already taken is
 * displaced by it; one that the text leaves to the reviewer is kept and flagged.
 */
export function resolveOverlaps(
  evaluations: readonly Verdict[],
  index: OverlapIndex,
): { granted: Grant[]; checks: OverlapCheck[] } {
  const order = new Map(evaluations.map((e, i) => [e, i]));
  const byMatter = new Map<string, Verdict[]>();
  for (const e of evaluations) {
    if (!e.eligible || e.benefitKind === 'constraint') continue;
    const key = e.matterId ?? '';
    const list = byMatter.get(key);
    if (list) list.push(e);
    else byMatter.set(key, [e]);
  }
  const taken: { grant: Grant; e: Verdict; losers: Verdict[]; first: number }[] = [];
  const checks: OverlapCheck[] = [];
  const flag = (a: Verdict, b: Verdict, rule: PairRule, sameMatter: boolean) => {
    const [x, y] = order.get(a)! <= order.get(b)! ? [a, b] : [b, a];
    checks.push({
      measureIds: [x.measureId, y.measureId],
      matterIds: [x.matterId, y.matterId],
      kind: sameMatter ? 'same_matter' : 'different_matters',
      link: rule.via,
      reason: checkReason(x, y, rule, sameMatter),
    });
  };
  for (const candidates of byMatter.values()) {
    const here: (typeof taken)[number][] = [];
    for (const e of [...candidates].sort(compareFavourable)) {
      const winner = here.find((t) => pairRule(index, t.e.measureId, e.measureId)?.mode === 'auto');
      if (winner) {
        winner.losers.push(e);
        winner.first = Math.min(winner.first, order.get(e)!);
        continue;
      }
      const grant: Grant = {
        measureId: e.measureId,
        matterId: e.matterId,
        amount: e.amount,
        exact: e.exact,
        headline: e.headline,
        overlapGroup: e.overlapGroup,
        simulated: e.simulated,
        reason: { zh: '', en: '' },
        displaced: [],
        reviewWith: [],
      };
      for (const t of here) {
        const rule = pairRule(index, t.e.measureId, e.measureId);
        if (rule?.mode !== 'review') continue;
        flag(t.e, e, rule, true);
        t.grant.reviewWith.push(e.measureId);
        grant.reviewWith.push(t.e.measureId);
      }
      here.push({ grant, e, losers: [], first: order.get(e)! });
    }
    taken.push(...here);
  }
  // Linked measures granted on different matters: one project described twice would get both.
  for (let i = 0; i < taken.length; i++) {
    for (let j = i + 1; j < taken.length; j++) {
      const [a, b] = [taken[i]!, taken[j]!];
      if (a.e.matterId === b.e.matterId || a.e.matterId === null || b.e.matterId === null) continue;
      const rule = pairRule(index, a.e.measureId, b.e.measureId);
      if (!rule || rule.title === null) continue;
      flag(a.e, b.e, rule, false);
      a.grant.reviewWith.push(b.e.measureId);
      b.grant.reviewWith.push(a.e.measureId);
    }
  }
  for (const t of taken) {
    const amount = showAmount(t.e);
    const n = t.losers.length + 1;
    t.grant.reason =
      t.losers.length === 0
        ? { zh: `符合全部条件，${amount.zh}`, en: `all conditions hold: ${amount.en}` }
        : {
            zh: `同一事项有${n}项措施符合条件，按从优、就高、不重复原则取最优一项：${t.e.measureId}（${amount.zh}）`,
            en: `${n} measures support this matter; most favourable only: ${t.e.measureId} (${amount.en})`,
          };
    t.grant.displaced = t.losers.map((l) => ({
      measureId: l.measureId,
      amount: l.amount,
      reason: whyLost(t.e, l, pairRule(index, t.e.measureId, l.measureId)!),
    }));
  }
  // In the order of the catalogue (the first evaluation each grant stands for).
  taken.sort((a, b) => a.first - b.first);
  return { granted: taken.map((t) => t.grant), checks };
}
