/**
 * The catalogue's applicant conditions as a GoRules ZEN decision (@gorules/zen-engine, its Rust core
 * shipped inside the npm package), for the comparison the brief asks for: one expression node with one
 * boolean expression per measure, evaluated once per organisation with the same facts json-rules-engine
 * gets (the qualifications held on the screening date). Leaves that cannot depend on the row fold to
 * the reference evaluator's verdict, as the compiled kernel folds them, so all engines answer the
 * same question.
 */
import { ZenEngine } from '@gorules/zen-engine';
import type { Condition, Leaf } from '../src/core/catalogue/types.ts';
import { testLeaf } from '../src/core/conditions.ts';
import type { IsoDate } from '../src/core/dates.ts';
import type { FactDef } from '../src/core/facts.ts';
import { rowIndependentVerdict, type ScreenTarget } from '../src/screening/compile-js.ts';
import { peerFact } from './jre.ts';

function lit(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return String(v);
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
}

function strings(v: unknown): string[] {
  return list(v).filter((x): x is string => typeof x === 'string');
}

function leaf(
  l: Leaf,
  facts: ReadonlyMap<string, FactDef>,
  date: IsoDate,
  windowFrom: IsoDate | null,
): string {
  const f = peerFact(l.fact, windowFrom);
  if (!f) return String(rowIndependentVerdict(l, facts, date));
  const x = f.name;
  if (f.set) {
    switch (l.op) {
      case 'has':
        return typeof l.value === 'string' ? `contains(${x}, ${lit(l.value)})` : 'false';
      case 'hasAny': {
        const vs = strings(l.value);
        return vs.length ? `some(${x}, # in [${vs.map(lit).join(', ')}])` : 'false';
      }
      case 'present':
        return `len(${x}) > 0`;
      default:
        return String(testLeaf(l, []));
    }
  }
  const nonNull = (s: string) => `(${x} != null and ${s})`;
  switch (l.op) {
    case 'eq':
      return l.value === null
        ? `${x} == null`
        : typeof l.value === 'string'
          ? nonNull(`${x} == ${lit(l.value)}`)
          : 'false';
    case 'ne':
      return l.value === null
        ? `${x} != null`
        : typeof l.value === 'string'
          ? `not ${nonNull(`${x} == ${lit(l.value)}`)}`
          : 'true';
    case 'in':
    case 'hasAny': {
      const vs = strings(l.value);
      return vs.length ? nonNull(`${x} in [${vs.map(lit).join(', ')}]`) : 'false';
    }
    case 'notIn': {
      const vs = strings(l.value);
      return vs.length ? `not ${nonNull(`${x} in [${vs.map(lit).join(', ')}]`)}` : 'true';
    }
    case 'has':
      return typeof l.value === 'string' ? nonNull(`${x} == ${lit(l.value)}`) : 'false';
    case 'present':
      return `${x} != null`;
    default:
      return 'false';
  }
}

function condition(
  c: Condition,
  facts: ReadonlyMap<string, FactDef>,
  date: IsoDate,
  windowFrom: IsoDate | null,
): string {
  const sub = (x: Condition) => condition(x, facts, date, windowFrom);
  if ('all' in c) return c.all.length ? `(${c.all.map(sub).join(' and ')})` : 'true';
  if ('any' in c) return c.any.length ? `(${c.any.map(sub).join(' or ')})` : 'false';
  if ('not' in c) return `not (${sub(c.not)})`;
  return `(${leaf(c, facts, date, windowFrom)})`;
}

/** One decision: input → one expression per measure (m0, m1, …) → output. */
export function zenDecision(
  measures: readonly ScreenTarget[],
  facts: ReadonlyMap<string, FactDef>,
  date: IsoDate,
) {
  const engine = new ZenEngine();
  const expressions = measures.map((m, i) => ({
    id: `e${i}`,
    key: `m${i}`,
    value: m.conditions.length
      ? m.conditions.map((c) => condition(c, facts, date, m.windowFrom ?? null)).join(' and ')
      : 'true',
  }));
  const position = { x: 0, y: 0 };
  const decision = engine.createDecision({
    nodes: [
      { id: 'in', type: 'inputNode', name: 'Request', position },
      { id: 'expr', type: 'expressionNode', name: 'measures', position, content: { expressions } },
      { id: 'out', type: 'outputNode', name: 'Response', position },
    ],
    edges: [
      { id: 'a', sourceId: 'in', targetId: 'expr', type: 'edge' },
      { id: 'b', sourceId: 'expr', targetId: 'out', type: 'edge' },
    ],
  });
  return {
    /** Indexes of the measures that hold for these facts. */
    async run(facts: Record<string, unknown>): Promise<number[]> {
      const { result } = await decision.evaluate(facts);
      const out: number[] = [];
      for (let i = 0; i < measures.length; i++) if (result[`m${i}`] === true) out.push(i);
      return out;
    },
    dispose: () => engine.dispose(),
  };
}
