/**
 * The catalogue as the browser sees it: `GET /api/catalogue` once per session, shared by every page
 * (reference labels for codes, documents, measure summaries). Labels of codes always come from
 * here, never from the UI dictionaries.
 */
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { api, type Loaded, useApi } from './api.ts';
import type { Lang } from './i18n/index.ts';

export interface Text {
  zh: string;
  en: string;
}
export interface Labelled extends Text {
  code: string;
}
export interface Reference {
  cities: (Labelled & { role: 'core' | 'member' | 'partner' | 'other' })[];
  citySets?: Record<string, Text & { codes: string[] }>;
  orgKinds: Labelled[];
  sectors: Labelled[];
  qualifications: Labelled[];
  licences: Labelled[];
  figures: Labelled[];
  matterTypes: Labelled[];
  claims: Labelled[];
  challengeLists?: Labelled[];
}

export type DocumentStatus = 'in_force' | 'draft' | 'plan';

export interface DocumentSummary {
  code: string;
  number: string | null;
  title: Text;
  status: DocumentStatus;
  issued: string | null;
  validity: { from: string | null; to: string | null; years?: number; quote?: string };
  issuer?: string[];
}

export interface BenefitView {
  kind: string;
  base?: string;
  rate?: number;
  cap?: number;
  amount?: number;
  period?: string;
  periodYears?: number;
  staged?: boolean;
  pending?: Text;
}

export interface MeasureSummary {
  id: string;
  documentCode: string;
  title: Text;
  benefit: BenefitView;
  matterType: string | null;
  overlapGroup: string | null;
  tags: string[];
  quote?: string;
  sectors?: string[];
  /** The facts the measure's conditions read (applicant.kind, matter.challengeLists, …). */
  facts?: string[];
  /** The claim codes its conditions ask about. */
  claims?: string[];
  /** The text pays it in stages (分阶段). */
  staged?: boolean;
  /** How many readings the catalogue made of its clause. */
  readings?: number;
}

/** Measures of different documents that may support one project (从优、就高、不重复 between them). */
export interface OverlapLinkView {
  id: string;
  measures: string[];
  title: Text;
  reading: Text;
}

export interface CatalogueView {
  version: string;
  reference: Reference;
  documents: DocumentSummary[];
  measures: MeasureSummary[];
  overlapLinks: OverlapLinkView[];
}

type Raw = Record<string, unknown>;

function asText(v: unknown, fallback = ''): Text {
  if (v && typeof v === 'object' && 'zh' in v) {
    const t = v as Text;
    return { zh: t.zh, en: t.en ?? t.zh };
  }
  return { zh: String(v ?? fallback), en: String(v ?? fallback) };
}

export function normaliseMeasure(m: Raw): MeasureSummary {
  const doc = (m.document ?? {}) as Raw;
  const benefit = (m.benefit ?? { kind: m.benefitKind ?? m.shape ?? 'service' }) as BenefitView;
  const id = String(m.id);
  return {
    id,
    documentCode: String(m.documentCode ?? m.document_code ?? doc.code ?? id.slice(0, 3)),
    title: asText(m.title, id),
    benefit,
    matterType: (m.matterType ?? null) as string | null,
    overlapGroup: (m.overlapGroup ?? null) as string | null,
    tags: Array.isArray(m.tags) ? (m.tags as string[]) : [],
    ...(typeof m.quote === 'string' ? { quote: m.quote } : {}),
    ...(Array.isArray(m.sectors) ? { sectors: m.sectors as string[] } : {}),
    ...(Array.isArray(m.facts) ? { facts: m.facts as string[] } : {}),
    ...(Array.isArray(m.claims) ? { claims: m.claims as string[] } : {}),
    ...(typeof m.staged === 'boolean' ? { staged: m.staged } : {}),
    ...(typeof m.readings === 'number' ? { readings: m.readings } : {}),
  };
}

export function normaliseDocument(d: Raw): DocumentSummary {
  return {
    code: String(d.code),
    number: (d.number ?? null) as string | null,
    title: asText(d.title, String(d.code)),
    status: (d.status ?? 'in_force') as DocumentStatus,
    issued: (d.issued ?? null) as string | null,
    validity: (d.validity ?? { from: null, to: null }) as DocumentSummary['validity'],
    ...(Array.isArray(d.issuer) ? { issuer: d.issuer as string[] } : {}),
  };
}

/**
 * The sectors a measure is about: what the API says, else its tags that are sector codes (the listing
 * carries no conditions; `industry, xinchuang` → xinchuang).
 */
function withSectors(m: MeasureSummary, reference: Reference | undefined): MeasureSummary {
  if (m.sectors || !reference) return m;
  const codes = new Set(reference.sectors.map((x) => x.code));
  return { ...m, sectors: m.tags.filter((t) => codes.has(t)) };
}

function normalise(raw: Raw): CatalogueView {
  const measures = (Array.isArray(raw.measures) ? raw.measures : []) as Raw[];
  const documents = (Array.isArray(raw.documents) ? raw.documents : []) as Raw[];
  const reference = raw.reference as Reference;
  return {
    version: String(raw.version ?? raw.catalogueVersion ?? ''),
    reference,
    documents: documents.map(normaliseDocument),
    measures: measures.map((m) => withSectors(normaliseMeasure(m), reference)),
    overlapLinks: (Array.isArray(raw.overlapLinks) ? raw.overlapLinks : []) as OverlapLinkView[],
  };
}

const CatalogueContext = createContext<Loaded<CatalogueView> | null>(null);

export function CatalogueProvider({ children }: { children: ReactNode }) {
  const loaded = useApi<Raw>('/api/catalogue');
  const value = useMemo<Loaded<CatalogueView>>(
    () => ({ ...loaded, data: loaded.data ? normalise(loaded.data) : null }),
    [loaded],
  );
  return <CatalogueContext.Provider value={value}>{children}</CatalogueContext.Provider>;
}

export function useCatalogue(): Loaded<CatalogueView> {
  const ctx = useContext(CatalogueContext);
  if (!ctx) throw new Error('useCatalogue outside CatalogueProvider');
  return ctx;
}

export type RefList = Exclude<keyof Reference, 'citySets'>;

/** `label('cities', 'jiaxing', 'en')` → "Jiaxing"; unknown codes are shown as they are. */
export function makeLabeller(reference: Reference | undefined, lang: Lang) {
  const maps = new Map<string, Map<string, Labelled>>();
  return (list: RefList, code: string | null | undefined): string => {
    if (code === null || code === undefined || code === '') return '—';
    if (!reference) return code;
    let map = maps.get(list);
    if (!map) {
      map = new Map((reference[list] ?? []).map((x) => [x.code, x]));
      maps.set(list, map);
    }
    const item = map.get(code);
    return item ? item[lang] || item.zh : code;
  };
}

type CondNode = { fact?: string; value?: unknown; all?: CondNode[]; any?: CondNode[]; not?: CondNode };

function sectorValues(nodes: CondNode[], out: Set<string>): void {
  for (const n of nodes) {
    if (n.all) sectorValues(n.all, out);
    if (n.any) sectorValues(n.any, out);
    if (n.not) continue; // "not in sector X" does not make a measure about X
    if (n.fact === 'matter.sector' || n.fact === 'applicant.sectors') {
      for (const v of Array.isArray(n.value) ? n.value : [n.value]) if (typeof v === 'string') out.add(v);
    }
  }
}

let sectorCache: Promise<Map<string, string[]>> | null = null;

/**
 * The sectors each measure's conditions name (matter.sector, applicant.sectors), read from the
 * measure details once, only when someone filters by sector: the listing carries no conditions.
 */
export function useConditionSectors(enabled: boolean, measures: MeasureSummary[] | undefined) {
  const [map, setMap] = useState<Map<string, string[]> | null>(null);
  useEffect(() => {
    if (!enabled || !measures) return;
    sectorCache ??= Promise.all(
      measures.map(async (m) => {
        const out = new Set<string>(m.sectors ?? []);
        try {
          const d = await api<{ applicant?: CondNode[]; matter?: CondNode[] }>(
            'GET',
            `/api/catalogue/${encodeURIComponent(m.id)}`,
          );
          sectorValues([...(d.applicant ?? []), ...(d.matter ?? [])], out);
        } catch {
          // One measure unavailable: it keeps the sectors from its tags.
        }
        return [m.id, [...out]] as [string, string[]];
      }),
    ).then((pairs) => new Map(pairs));
    let live = true;
    void sectorCache?.then((m) => live && setMap(m));
    return () => {
      live = false;
    };
  }, [enabled, measures]);
  return map;
}
