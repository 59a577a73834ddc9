/**
 * Groups of organisations (企业集团): organisations joined by parent (母公司/控股股东) or shareholder
 * (股东) links, taken as an undirected graph over USCCs — two organisations are in one group when a
 * chain of links joins them (a common parent, a parent's parent, one holding shares in the other).
 * Used to leave out self-matches (双向发榜) and, by the challenge lists, for conflict-of-interest checks.
 * Pure: links in, a group key per USCC out (the smallest USCC of its group, so keys are stable).
 */

export const GROUP_RELATIONS = ['parent', 'shareholder'] as const;
export type GroupRelation = (typeof GROUP_RELATIONS)[number];

export interface GroupLink {
  /** The organisation the link is recorded on. */
  uscc: string;
  /** Its parent's or shareholder's USCC (which may not be in the registry). */
  relatedUscc: string;
  relation: GroupRelation;
}

/** Union–find over USCCs; returns each USCC's group key (the smallest USCC in its group). */
export function groupKeys(links: readonly GroupLink[], usccs: Iterable<string> = []): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) {
      if (!parent.has(root)) parent.set(root, root);
      else root = parent.get(root)!;
    }
    // Path compression.
    let cur = x;
    while (parent.get(cur) !== root) {
      const next = parent.get(cur)!;
      parent.set(cur, root);
      cur = next;
    }
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    // The smaller USCC becomes the root, so a group's key does not depend on the order of links.
    if (ra < rb) parent.set(rb, ra);
    else parent.set(ra, rb);
  };
  for (const u of usccs) find(u);
  for (const l of links) union(l.uscc, l.relatedUscc);
  const out = new Map<string, string>();
  for (const u of parent.keys()) out.set(u, find(u));
  return out;
}

export function sameGroupIn(links: readonly GroupLink[], a: string, b: string): boolean {
  if (a === b) return true;
  const keys = groupKeys(links, [a, b]);
  return keys.get(a) === keys.get(b);
}
