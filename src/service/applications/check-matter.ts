/**
 * The matter an application is for, checked when it is created and when it is edited: validated by
 * the calculator's own matter schema, so what is stored is exactly what the engine will read.
 */
import type { Measure } from '../../core/catalogue/types.ts';
import { isMonetary } from '../../core/catalogue/types.ts';
import type { Engine } from '../../core/engine/calculate.ts';
import { InputError } from '../../core/errors.ts';
import { fieldIssues } from '../../core/validation.ts';

/**
 * The matter validated against the calculator's contract and the measure's matter type, and the
 * matter id 不重复 is judged on: the applicant's own project reference, or the application's id.
 */
export function checkMatter(
  engine: Engine,
  measure: Measure,
  raw: Record<string, unknown> | null | undefined,
  applicationId: string,
) {
  if (!isMonetary(measure.benefit)) {
    throw new InputError([
      {
        path: 'measureId',
        rule: 'not_monetary',
        zh: `${measure.id}为服务或约束类措施，无需申请资金`,
        en: `${measure.id} is a service or a constraint: there is no money to apply for`,
      },
    ]);
  }
  if (!measure.matterType) {
    if (raw) {
      throw new InputError([
        {
          path: 'matter',
          rule: 'unexpected',
          zh: `${measure.id}不针对具体事项，请勿填写事项`,
          en: `${measure.id} takes no matter`,
        },
      ]);
    }
    return { matter: null, matterId: applicationId };
  }
  if (!raw) {
    throw new InputError([
      { path: 'matter', rule: 'required', zh: '请填写申请事项', en: 'the matter is required' },
    ]);
  }
  if (raw.type !== measure.matterType) {
    throw new InputError([
      {
        path: 'matter.type',
        rule: 'matter_type',
        zh: `${measure.id}支持的事项类型为"${measure.matterType}"`,
        en: `${measure.id} takes a matter of type "${measure.matterType}"`,
      },
    ]);
  }
  const matterId = typeof raw.id === 'string' && raw.id.length > 0 ? raw.id : applicationId;
  const parsed = engine.schema.shape.matters
    .unwrap()
    .element.safeParse({ ...raw, id: matterId }, { reportInput: true });
  if (!parsed.success) {
    throw new InputError(fieldIssues(parsed.error).map((i) => ({ ...i, path: `matter.${i.path}` })));
  }
  return { matter: { ...raw, id: matterId } as Record<string, unknown>, matterId };
}
