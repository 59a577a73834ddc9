/**
 * Conflicts of interest (回避) in 阅卷, and the separation of duties. A judge is blocked from a problem
 * when they work for a party to it (the poser, a bidder or a consortium partner), when their employer
 * is in the same group as a party (parent or shareholder links by USCC, src/core/groups.ts), or when
 * they declared a relation. The officer who decides the award does not also judge it. Pure: group keys
 * and declarations come in as data; the service records each block with its reason.
 */
import type { Text } from '../text.ts';

export type ConflictReason = 'same_organisation' | 'same_group' | 'declared';

export interface Party {
  organisationId: string;
  /** The party's group key (groups.ts groupKeys), or its own USCC when it has no links. */
  groupKey: string | null;
  role: 'poser' | 'bidder' | 'partner';
  name?: string;
}

export interface JudgeProfile {
  userId: string;
  /** users.affiliation_organisation_id: the expert's employer. */
  organisationId: string | null;
  groupKey: string | null;
  /** Organisations the judge declared a relation with (e.g. a former employer, a co-author's firm). */
  declared: readonly { organisationId: string; note: string }[];
  /** A scorer of the poser (出题方阅卷) is named as such in the reasons; the rules are the same. */
  kind?: 'expert' | 'poser';
}

export interface Conflict {
  organisationId: string;
  role: Party['role'];
  reason: ConflictReason;
  text: Text;
}

const ROLE: Record<Party['role'], Text> = {
  poser: { zh: '出题方', en: 'the poser' },
  bidder: { zh: '揭榜方', en: 'a bidder' },
  partner: { zh: '联合体成员', en: 'a consortium partner' },
};

/** Every conflict of `judge` with the parties of a problem (none: the judge may score). */
export function conflictsOf(judge: JudgeProfile, parties: readonly Party[]): Conflict[] {
  const out: Conflict[] = [];
  const judgeName =
    judge.kind === 'poser'
      ? { zh: '出题方阅卷人', en: 'the poser’s scorer', of: 'the poser’s scorer’s' }
      : { zh: '评审专家', en: 'the judge', of: "the judge's" };
  for (const p of parties) {
    const who = ROLE[p.role];
    const name = p.name ? `“${p.name}”` : '';
    if (judge.organisationId && judge.organisationId === p.organisationId)
      out.push({
        organisationId: p.organisationId,
        role: p.role,
        reason: 'same_organisation',
        text: {
          zh: `${judgeName.zh}所在单位即${who.zh}${name}`,
          en: `${judgeName.en} works for ${who.en} ${p.name ?? ''}`.trim(),
        },
      });
    else if (judge.groupKey && p.groupKey && judge.groupKey === p.groupKey)
      out.push({
        organisationId: p.organisationId,
        role: p.role,
        reason: 'same_group',
        text: {
          zh: `${judgeName.zh}所在单位与${who.zh}${name}属于同一集团（母公司或股东关联）`,
          en: `${judgeName.of} employer is in one group with ${who.en} ${p.name ?? ''} (parent or shareholder links)`.trim(),
        },
      });
    const d = judge.declared.find((x) => x.organisationId === p.organisationId);
    if (d)
      out.push({
        organisationId: p.organisationId,
        role: p.role,
        reason: 'declared',
        text: { zh: `评审专家申报的关联关系：${d.note}`, en: `a relation the judge declared: ${d.note}` },
      });
  }
  return out;
}

/**
 * Separated approvals: the officer confirming the award may not have scored the problem, and no one
 * scores a problem for the organisation they act for unless they are its poser's appointed scorer.
 */
export function separationRefusal(actorUserId: string, judgeIds: readonly string[]): Text | null {
  return judgeIds.includes(actorUserId)
    ? {
        zh: '职责分离：参与评分的人员不能确定揭榜结果，请由其他工作人员确认',
        en: 'separation of duties: someone who scored the problem cannot confirm its award',
      }
    : null;
}
