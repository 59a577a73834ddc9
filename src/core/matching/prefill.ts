/**
 * From match to project (DESIGN.md: matching ──contract──▶ self-check prefill (000·五 / 000·三 /
 * 001·四) ──▶ applications). An engagement that reached a technology contract forms a project: a
 * 产学研合作项目 (iur_project, 000·五 "支持企业联合高校、科研院所开展产学研合作，根据项目投入，给予最高 200 万元经费支持")
 * or a 创新联合体 (consortium, 000·三 / 001·四). This builds the calculator input (src/core/input.ts) the
 * self-check opens with and the application service turns into a draft: the enterprise from the
 * registry as the applicant, the university or institute as a partner, the input as the figure the
 * measure's base names. It never decides eligibility: the engine does, from this input.
 */
import type { Applicant, CalcInputRaw } from '../input.ts';
import type { Text } from '../text.ts';

export const PROJECT_KINDS = ['iur_project', 'consortium'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export const PROJECT_KIND_LABELS: Record<ProjectKind, Text> = {
  iur_project: { zh: '产学研合作项目', en: 'industry–university–research project' },
  consortium: { zh: '创新联合体攻关项目', en: 'innovation consortium project' },
};

/**
 * The measures a project of each kind may claim (catalogue ids; matter types in reference.yaml), in
 * the order a page offers them. 000·三 and 001·四 support the same consortium (overlap group
 * `consortium`: 从优、就高、不重复); 001 is a draft, so its result is a simulation until adopted.
 */
export const PROJECT_MEASURES: Record<ProjectKind, readonly string[]> = {
  iur_project: ['000·五'],
  consortium: ['000·三', '001·四'],
};

/** Which figure carries the project's input for each kind: 000·五 "项目投入", 000·三/001·四 "研发总投入". */
export const PROJECT_FIGURE: Record<ProjectKind, 'projectInput' | 'rdInput'> = {
  iur_project: 'projectInput',
  consortium: 'rdInput',
};

export interface ProjectPartner {
  kind: string;
  city: string;
  name?: string;
}

export interface ProjectDraft {
  kind: ProjectKind;
  /** The matter's id in the calculator input (stable per engagement). */
  matterId: string;
  /** The matter's date: when the project is formed. */
  date: string;
  sector: string | null;
  /** The university or institute of the match first, then any further partners. */
  partners: ProjectPartner[];
  /** The project's (R&D) input in fen. */
  input: number;
}

export function projectCalcInput(applicant: Applicant, p: ProjectDraft): CalcInputRaw {
  const cities = [...new Set(p.partners.map((x) => x.city))];
  return {
    applicant,
    asOf: p.date,
    matters: [
      {
        id: p.matterId,
        type: p.kind,
        date: p.date,
        ...(p.sector ? { sector: p.sector } : {}),
        cities,
        partners: p.partners.map((x) => ({
          kind: x.kind,
          city: x.city,
          ...(x.name ? { name: x.name } : {}),
        })),
        figures: { [PROJECT_FIGURE[p.kind]]: p.input },
      },
    ],
  };
}
