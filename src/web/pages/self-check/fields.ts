/**
 * Which fields a matter type needs: only what the conditions of its measures test (the catalogue's
 * `facts`) and the figures their amounts are computed on, so a challenge asks for 揭榜额 and the list,
 * not for 21 cities, 7 claims and a lease term.
 */
import type { CatalogueView, MeasureSummary } from '../../catalogue-data.tsx';

export interface MatterFields {
  figures: string[];
  cities: boolean;
  partners: boolean;
  claims: string[];
  sector: boolean;
  leaseYears: boolean;
  /** Whether any of its measures reads the challenge lists (揭榜挂帅) a project is on. */
  challengeLists: boolean;
  inCatalogue: boolean;
  measures: MeasureSummary[];
}

export function fieldsFor(cat: CatalogueView, matterType: string): MatterFields {
  const measures = cat.measures.filter((m) => m.matterType === matterType);
  const facts = new Set(measures.flatMap((m) => m.facts ?? []));
  const figures = new Set<string>();
  for (const m of measures) if (m.benefit.base) figures.add(m.benefit.base);
  for (const f of facts) if (f.startsWith('matter.figures.')) figures.add(f.slice('matter.figures.'.length));
  return {
    figures: cat.reference.figures.map((f) => f.code).filter((c) => figures.has(c)),
    cities: facts.has('matter.cityCount') || facts.has('matter.cities'),
    partners:
      facts.has('matter.partnerKinds') || facts.has('matter.partnerCities') || facts.has('matter.cityCount'),
    claims: [...new Set(measures.flatMap((m) => m.claims ?? []))],
    sector: facts.has('matter.sector'),
    leaseYears: facts.has('matter.leaseYears'),
    challengeLists: facts.has('matter.challengeLists'),
    inCatalogue: facts.has('matter.inInnovationProductCatalogue'),
    measures,
  };
}
