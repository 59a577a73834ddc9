/**
 * The checks `ceyuan qualifications check` runs (and the loader refuses to start without): every
 * quote appears verbatim in its source text (white space aside), every threshold's printed figure
 * appears in its quote, and the list of what is sourced and what an officer still has to set.
 * Sources are passed in as text so the check stays pure.
 */
import { quoteAppears } from '../catalogue/check.ts';
import type { Text } from '../text.ts';
import type { Citation, QualificationPolicy } from './types.ts';

export interface QualificationFinding {
  level: 'error' | 'info';
  where: string;
  message: string;
}

export interface CriterionSummary {
  kind: string;
  criterion: string;
  label: Text;
  /** sourced: a public rule prints it; parameter: an officer sets it; judgement: no figure. */
  basis: 'sourced' | 'parameter' | 'judgement';
  citation: string | null;
}

export function citationText(policy: QualificationPolicy, c: Citation): string {
  const s = policy.sources.get(c.source);
  const name = s ? `《${s.title.zh}》${s.number ? `（${s.number}）` : ''}` : c.source;
  return `${name}${c.article ?? ''}`;
}

/** Every (where, citation, figure) the policy quotes, for the verbatim checks. */
function quotes(policy: QualificationPolicy): { where: string; citation: Citation; printed: string[] }[] {
  const out: { where: string; citation: Citation; printed: string[] }[] = [];
  for (const k of policy.kinds) {
    if (k.why) out.push({ where: `${k.code}.why`, citation: k.why, printed: [] });
    if (k.revocation) out.push({ where: `${k.code}.revocation`, citation: k.revocation, printed: [] });
    if (k.validity.kind === 'years')
      out.push({ where: `${k.code}.validity`, citation: k.validity.citation, printed: [k.validity.printed] });
    for (const c of k.criteria) {
      const where = `${k.code}.${c.id}`;
      const r = c.rule;
      if (r.kind === 'threshold') out.push({ where, citation: r.citation, printed: [r.threshold.printed] });
      if (r.kind === 'banded') {
        out.push({ where, citation: r.citation, printed: [] });
        r.bands.forEach((b, i) => {
          out.push({
            where: `${where}.band${i + 1}`,
            citation: { ...r.citation, quote: b.quote },
            printed: [b.printed, ...(b.boundPrinted ? [b.boundPrinted] : [])],
          });
        });
      }
      if (r.kind === 'judgement' && r.citation) out.push({ where, citation: r.citation, printed: [] });
    }
  }
  for (const l of policy.ladders) out.push({ where: `ladder.${l.id}`, citation: l.citation, printed: [] });
  return out;
}

export function checkQualificationPolicy(
  policy: QualificationPolicy,
  /** Source file path (as in `sources.*.file`) → its text. */
  texts: ReadonlyMap<string, string>,
): QualificationFinding[] {
  const findings: QualificationFinding[] = [];
  for (const s of policy.sources.values())
    if (!texts.has(s.file))
      findings.push({ level: 'error', where: `sources.${s.id}`, message: `file ${s.file} not found` });
  for (const q of quotes(policy)) {
    const source = policy.sources.get(q.citation.source);
    const text = source ? texts.get(source.file) : undefined;
    if (text === undefined) continue;
    if (!quoteAppears(q.citation.quote, text))
      findings.push({
        level: 'error',
        where: q.where,
        message: `quote not verbatim in ${source!.file}: ${q.citation.quote}`,
      });
    for (const figure of q.printed)
      if (!quoteAppears(figure, q.citation.quote))
        findings.push({
          level: 'error',
          where: q.where,
          message: `figure “${figure}” is not printed in its quote`,
        });
  }
  for (const s of summariseCriteria(policy))
    if (s.basis === 'parameter')
      findings.push({
        level: 'info',
        where: `${s.kind}.${s.criterion}`,
        message: `officer parameter: ${s.label.zh}`,
      });
  return findings;
}

/** Which criteria carry a public source, which are officer parameters and which are judgements. */
export function summariseCriteria(policy: QualificationPolicy): CriterionSummary[] {
  return policy.kinds.flatMap((k) =>
    k.criteria.map((c) => {
      const r = c.rule;
      const basis: CriterionSummary['basis'] =
        r.kind === 'parameter' ? 'parameter' : r.kind === 'judgement' ? 'judgement' : 'sourced';
      const citation =
        r.kind === 'threshold' || r.kind === 'banded'
          ? citationText(policy, r.citation)
          : r.kind === 'judgement' && r.citation
            ? citationText(policy, r.citation)
            : null;
      return { kind: k.code, criterion: c.id, label: c.label, basis, citation };
    }),
  );
}
