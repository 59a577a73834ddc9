/**
 * 从优、就高、不重复: among eligible measures that support the same matter (declared by a shared
 * overlap group), the applicant gets the single most favourable one. Different matters stack.
 */
import { formatYuan } from '../money.ts';
import type { Text } from '../text.ts';
import type { Evaluation, Grant } from './types.ts';

function showAmount(e: Evaluation): Text {
  if (e.benefitKind === 'service') return { zh: '相应服务或政策待遇', en: 'the service or benefit' };
  if (!e.amount)
    return { zh: '资金支持（金额待实施细则确定）', en: 'money, amount pending implementing rules' };
  const { min, max } = e.amount;
  const s = min === max ? formatYuan(max) : `${formatYuan(min)}–${formatYuan(max)}`;
  return { zh: s, en: s };
}

/** Higher maximum wins, then higher minimum, then a measure in force over a simulated draft, then id. */
export function compareFavourable(a: Evaluation, b: Evaluation): number {
  const am = a.amount?.max ?? -1;
  const bm = b.amount?.max ?? -1;
  if (am !== bm) return bm - am;
  const an = a.amount?.min ?? -1;
  const bn = b.amount?.min ?? -1;
  if (an !== bn) return bn - an;
  if (a.simulated !== b.simulated) return a.simulated ? 1 : -1;
  return a.measureId < b.measureId ? -1 : a.measureId > b.measureId ? 1 : 0;
}

function whyLost(winner: Evaluation, loser: Evaluation): Text {
  const w = showAmount(winner);
  const l = showAmount(loser);
  const sameAmount = (winner.amount?.max ?? -1) === (loser.amount?.max ?? -1);
  return sameAmount
    ? {
        zh: `与${winner.measureId}支持同一事项，金额相同（${l.zh}），按从优、就高、不重复原则只享受一项，取${winner.measureId}${winner.simulated === loser.simulated ? '（编号在前）' : '（现行有效）'}`,
        en: `supports the same matter as ${winner.measureId} for the same amount (${l.en}); only one applies, ${winner.measureId} is taken${winner.simulated === loser.simulated ? ' (lower id)' : ' (in force)'}`,
      }
    : {
        zh: `与${winner.measureId}支持同一事项，${winner.measureId}可得${w.zh}，高于本项${l.zh}，按从优、就高、不重复原则不重复享受`,
        en: `supports the same matter as ${winner.measureId}, which gives ${w.en}, more than ${l.en} here; most favourable only, no stacking`,
      };
}

export function resolveOverlaps(evaluations: Evaluation[]): Grant[] {
  const groups = new Map<string, Evaluation[]>();
  for (const e of evaluations) {
    if (!e.eligible || e.benefitKind === 'constraint') continue;
    const key = `${e.overlapGroup ?? e.measureId}\u0000${e.matterId ?? ''}`;
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  const grants: Grant[] = [];
  for (const candidates of groups.values()) {
    const [winner, ...losers] = [...candidates].sort(compareFavourable);
    if (!winner) continue;
    const amount = showAmount(winner);
    grants.push({
      measureId: winner.measureId,
      matterId: winner.matterId,
      amount: winner.amount,
      overlapGroup: winner.overlapGroup,
      simulated: winner.simulated,
      reason:
        losers.length === 0
          ? { zh: `符合全部条件，可得${amount.zh}`, en: `all conditions hold: ${amount.en}` }
          : {
              zh: `同一事项有${candidates.length}项措施符合条件，按从优、就高、不重复原则取最优一项：${winner.measureId}（${amount.zh}）`,
              en: `${candidates.length} measures support this matter; most favourable only: ${winner.measureId} (${amount.en})`,
            },
      displaced: losers.map((l) => ({
        measureId: l.measureId,
        amount: l.amount,
        reason: whyLost(winner, l),
      })),
    });
  }
  // Groups were met in catalogue order, so grants read in the order of the documents.
  return grants;
}
