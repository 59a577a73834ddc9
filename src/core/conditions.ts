/**
 * The reference evaluator for condition trees: walks the tree, records for every leaf the value it
 * saw and whether it held, and for a failed numeric test how far the applicant is from it. The
 * screening compilers must agree with this function.
 */
import type { Condition, Leaf, Reference, Scalar } from './catalogue/types.ts';
import type { Domain, FactContext, FactDef } from './facts.ts';
import { formatYuan } from './money.ts';
import type { Text } from './text.ts';

export interface LeafResult {
  fact: string;
  op: Leaf['op'];
  label: Text;
  expected: Leaf['value'];
  actual: unknown;
  held: boolean;
  /** A criterion only a reviewer can confirm (an applicant's claim). */
  judgement: boolean;
  /** For a failed numeric condition: what is needed and what is there. */
  gap?: Text;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
}

/**
 * The leaf as it stands on a date: members of a named set that count only from a later date (a
 * partner city added to the open list after the matter's date) are left out. The same leaf when
 * nothing is dated, so the common case costs one property read.
 */
export function leafOn(leaf: Leaf, date: string): Leaf {
  const since = leaf.since;
  if (!since || !Array.isArray(leaf.value)) return leaf;
  const value = leaf.value.filter((v) => {
    const from = since[String(v)];
    return from === undefined || from <= date;
  });
  return value.length === leaf.value.length ? leaf : { ...leaf, value };
}

export function testLeaf(leaf: Leaf, actual: unknown): boolean {
  const expected = leaf.value;
  switch (leaf.op) {
    case 'eq':
      return actual === expected;
    case 'ne':
      return actual !== expected;
    case 'in':
      return actual !== null && asList(expected).includes(actual);
    case 'notIn':
      return actual === null || !asList(expected).includes(actual);
    case 'has':
      return asList(actual).includes(expected);
    case 'hasAny': {
      const want = asList(expected);
      return asList(actual).some((a) => want.includes(a));
    }
    case 'allIn': {
      const allowed = asList(expected);
      return asList(actual).every((a) => allowed.includes(a));
    }
    case 'present':
      return actual !== null && actual !== undefined && !(Array.isArray(actual) && actual.length === 0);
    case 'gte':
      return typeof actual === 'number' && actual >= (expected as number);
    case 'gt':
      return typeof actual === 'number' && actual > (expected as number);
    case 'lte':
      return typeof actual === 'number' && actual <= (expected as number);
    case 'lt':
      return typeof actual === 'number' && actual < (expected as number);
  }
}

export function formatValue(value: unknown, fact: FactDef | undefined, ref: Reference): Text {
  if (value === null || value === undefined) return { zh: '未提供', en: 'not given' };
  if (Array.isArray(value)) {
    if (value.length === 0) return { zh: '无', en: 'none' };
    const parts = value.map((v) => formatValue(v, fact, ref));
    return { zh: parts.map((p) => p.zh).join('、'), en: parts.map((p) => p.en).join(', ') };
  }
  if (typeof value === 'boolean') return value ? { zh: '是', en: 'yes' } : { zh: '否', en: 'no' };
  if (fact?.type === 'money' && typeof value === 'number')
    return { zh: formatYuan(value), en: formatYuan(value) };
  if (fact?.domain && typeof value === 'string') {
    const found = lookup(ref, fact.domain, value);
    if (found) return { zh: found.zh, en: found.en };
  }
  return { zh: String(value), en: String(value) };
}

function lookup(ref: Reference, domain: Domain, code: string) {
  return (ref[domain] as { code: string; zh: string; en: string }[]).find((x) => x.code === code);
}

function gapOf(leaf: Leaf, actual: unknown, fact: FactDef | undefined, ref: Reference): Text | undefined {
  if (!['gte', 'gt', 'lte', 'lt'].includes(leaf.op) || typeof leaf.value !== 'number') return undefined;
  const need = formatValue(leaf.value, fact, ref);
  const has = formatValue(actual, fact, ref);
  const words: Record<string, Text> = {
    gte: { zh: '不低于', en: 'at least' },
    gt: { zh: '高于', en: 'more than' },
    lte: { zh: '不超过', en: 'at most' },
    lt: { zh: '低于', en: 'less than' },
  };
  const w = words[leaf.op]!;
  return { zh: `需${w.zh}${need.zh}，现为${has.zh}`, en: `needs ${w.en} ${need.en}, has ${has.en}` };
}

/**
 * For a city that failed a test on an open named set ("上饶、景德镇、六安、昆明等"): not a bare no,
 * but which city is not (yet) listed and whom to ask; or, for a partner added later, from when it counts.
 */
function openSetHint(
  leaf: Leaf,
  onDate: Leaf,
  actual: unknown,
  ref: Reference,
  date: string,
): Text | undefined {
  const set = leaf.ref ? ref.citySets[leaf.ref] : undefined;
  if (!set || !['in', 'hasAny', 'allIn', 'eq'].includes(leaf.op)) return undefined;
  const listed = new Set(asList(onDate.value));
  const name = (code: unknown) => {
    const c = ref.cities.find((x) => x.code === code);
    return c ? { zh: c.zh, en: c.en } : { zh: String(code), en: String(code) };
  };
  const hints: Text[] = [];
  for (const code of asList(actual)) {
    if (listed.has(code)) continue;
    const from = set.since[String(code)];
    const n = name(code);
    if (from !== undefined && from > date) {
      hints.push({
        zh: `${n.zh}自${from}起列为战略合作城市，事项日期${date}在此之前`,
        en: `${n.en} became a strategic partner on ${from}, after the matter's date ${date}`,
      });
    } else if (set.openNote && ref.cities.find((x) => x.code === code)?.role !== 'core') {
      hints.push({ zh: `${n.zh}：${set.openNote.zh}`, en: `${n.en}: ${set.openNote.en}` });
    }
  }
  if (hints.length === 0) return undefined;
  return { zh: hints.map((h) => h.zh).join('；'), en: hints.map((h) => h.en).join('; ') };
}

export function evaluateLeaf(
  raw: Leaf,
  ctx: FactContext,
  facts: ReadonlyMap<string, FactDef>,
  ref: Reference,
): LeafResult {
  const leaf = leafOn(raw, ctx.date);
  const fact = facts.get(leaf.fact);
  const actual = fact ? fact.read(ctx) : null;
  const held = testLeaf(leaf, actual);
  const result: LeafResult = {
    fact: leaf.fact,
    op: leaf.op,
    label: leaf.label,
    expected: leaf.value,
    actual,
    held,
    judgement: leaf.fact === 'matter.claims',
  };
  if (!held) {
    const gap = gapOf(leaf, actual, fact, ref) ?? openSetHint(raw, leaf, actual, ref, ctx.date);
    if (gap) result.gap = gap;
  }
  return result;
}

/** Evaluates a tree; every leaf visited is appended to `out` (no short-circuit, so a "no" lists all it lacks). */
export function evaluateCondition(
  cond: Condition,
  ctx: FactContext,
  facts: ReadonlyMap<string, FactDef>,
  ref: Reference,
  out: LeafResult[],
): boolean {
  if ('all' in cond) {
    let ok = true;
    for (const c of cond.all) ok = evaluateCondition(c, ctx, facts, ref, out) && ok;
    return ok;
  }
  if ('any' in cond) {
    let ok = false;
    for (const c of cond.any) ok = evaluateCondition(c, ctx, facts, ref, out) || ok;
    return ok;
  }
  if ('not' in cond) {
    const inner: LeafResult[] = [];
    const held = !evaluateCondition(cond.not, ctx, facts, ref, inner);
    out.push(...inner.map((r) => ({ ...r, held: !r.held })));
    return held;
  }
  const r = evaluateLeaf(cond, ctx, facts, ref);
  out.push(r);
  return r.held;
}

/** Plain predicate without explanations (used where only the verdict matters). */
export function holds(cond: Condition, ctx: FactContext, facts: ReadonlyMap<string, FactDef>): boolean {
  if ('all' in cond) return cond.all.every((c) => holds(c, ctx, facts));
  if ('any' in cond) return cond.any.some((c) => holds(c, ctx, facts));
  if ('not' in cond) return !holds(cond.not, ctx, facts);
  const fact = facts.get(cond.fact);
  return testLeaf(leafOn(cond, ctx.date), fact ? fact.read(ctx) : null);
}

/** A default sentence for a leaf when the policy file gives no label. */
export function describeLeaf(
  fact: FactDef,
  op: Leaf['op'],
  value: Scalar | Scalar[] | null,
  ref: Reference,
  refName?: string,
): Text {
  const set = refName ? ref.citySets[refName] : undefined;
  const v = set ? { zh: set.zh, en: set.en } : formatValue(value, fact, ref);
  const f = fact.label;
  switch (op) {
    case 'eq':
      return { zh: `${f.zh}为${v.zh}`, en: `${f.en} is ${v.en}` };
    case 'ne':
      return { zh: `${f.zh}不为${v.zh}`, en: `${f.en} is not ${v.en}` };
    case 'in':
      return { zh: `${f.zh}属于${v.zh}`, en: `${f.en} is one of ${v.en}` };
    case 'notIn':
      return { zh: `${f.zh}不属于${v.zh}`, en: `${f.en} is not one of ${v.en}` };
    case 'has':
      return { zh: `${f.zh}包括${v.zh}`, en: `${f.en} include ${v.en}` };
    case 'hasAny':
      return { zh: `${f.zh}包括${v.zh}之一`, en: `${f.en} include one of ${v.en}` };
    case 'allIn':
      return { zh: `${f.zh}均属于${v.zh}`, en: `every one of ${f.en} is in ${v.en}` };
    case 'present':
      return { zh: `已提供${f.zh}`, en: `${f.en} is given` };
    case 'gte':
      return { zh: `${f.zh}不低于${v.zh}`, en: `${f.en} is at least ${v.en}` };
    case 'gt':
      return { zh: `${f.zh}大于${v.zh}`, en: `${f.en} is more than ${v.en}` };
    case 'lte':
      return { zh: `${f.zh}不超过${v.zh}`, en: `${f.en} is at most ${v.en}` };
    case 'lt':
      return { zh: `${f.zh}小于${v.zh}`, en: `${f.en} is less than ${v.en}` };
  }
}
