/**
 * The ladder over time: how many firms stand on each step on each year end (a funnel), and how they
 * moved between two dates (a Sankey: up, down, in, out, same). Positions come from the ledger — a
 * firm's position is the highest step it holds on the day (src/core/qualifications/ledger.ts
 * positionOn); the counting over the whole registry is done by the database, this file shapes it.
 */
import type { Text } from '../text.ts';
import type { Ladder } from './types.ts';

/** Position −1: on no step of the ladder. */
export const OFF_LADDER = -1;

export type Movement = 'entered' | 'up' | 'same' | 'down' | 'left';

export const MOVEMENT_LABELS: Readonly<Record<Movement, Text>> = {
  entered: { zh: '新进入', en: 'entered' },
  up: { zh: '晋级', en: 'moved up' },
  same: { zh: '保持', en: 'stayed' },
  down: { zh: '降级', en: 'moved down' },
  left: { zh: '退出', en: 'left' },
};

export function movement(from: number, to: number): Movement {
  if (from === OFF_LADDER) return 'entered';
  if (to === OFF_LADDER) return 'left';
  return to > from ? 'up' : to < from ? 'down' : 'same';
}

export interface FunnelPoint {
  date: string;
  /** Firms on each step, in ladder order. */
  counts: number[];
  total: number;
}

/** Counts per position (from the database) → counts per step in ladder order. */
export function funnelPoint(
  ladder: Ladder,
  date: string,
  byPosition: ReadonlyMap<number, number>,
): FunnelPoint {
  const counts = ladder.steps.map((_, i) => byPosition.get(i) ?? 0);
  return { date, counts, total: counts.reduce((a, b) => a + b, 0) };
}

export interface SankeyNode {
  id: string;
  date: string;
  position: number;
  label: Text;
}

export interface SankeyLink {
  source: string;
  target: string;
  value: number;
  movement: Movement;
}

export interface Transitions {
  from: string;
  to: string;
  nodes: SankeyNode[];
  links: SankeyLink[];
  totals: Record<Movement, number>;
}

/**
 * Year-to-year movements as a Sankey: nodes are (date, step) plus “off the ladder” on each side;
 * a link's value is the number of firms. Firms off the ladder on both dates are not counted.
 */
export function transitions(
  ladder: Ladder,
  from: string,
  to: string,
  pairs: readonly { from: number; to: number; count: number }[],
): Transitions {
  const off: Text = { zh: '不在梯度内', en: 'off the ladder' };
  const node = (date: string, position: number): SankeyNode => ({
    id: `${date}|${position}`,
    date,
    position,
    label: position === OFF_LADDER ? off : ladder.steps[position]!.label,
  });
  const nodes = new Map<string, SankeyNode>();
  const links: SankeyLink[] = [];
  const totals: Record<Movement, number> = { entered: 0, up: 0, same: 0, down: 0, left: 0 };
  for (const p of pairs) {
    if (p.count === 0 || (p.from === OFF_LADDER && p.to === OFF_LADDER)) continue;
    const a = node(from, p.from);
    const b = node(to, p.to);
    nodes.set(a.id, a);
    nodes.set(b.id, b);
    const m = movement(p.from, p.to);
    totals[m] += p.count;
    links.push({ source: a.id, target: b.id, value: p.count, movement: m });
  }
  const order = (n: SankeyNode) => [n.date === from ? 0 : 1, n.position] as const;
  return {
    from,
    to,
    nodes: [...nodes.values()].sort((x, y) => {
      const [a1, a2] = order(x);
      const [b1, b2] = order(y);
      return a1 - b1 || a2 - b2;
    }),
    links,
    totals,
  };
}
