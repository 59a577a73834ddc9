/** Whether a measure is in force on a date, honouring a simulated adoption of a draft. */
import { adoptedWindow } from '../catalogue/build.ts';
import type { DocumentInfo } from '../catalogue/types.ts';
import { isWithin } from '../dates.ts';
import type { Text } from '../text.ts';

export interface WindowVerdict {
  inForce: boolean;
  simulated: boolean;
  from: string | null;
  to: string | null;
  reason: Text;
}

// Adoption windows are asked for once per measure per calc; the dates never change, so keep them.
const adoptedWindows = new Map<string, { from: string; to: string }>();
function adoptedWindowCached(adopted: string, years: number) {
  const key = `${adopted}/${years}`;
  let w = adoptedWindows.get(key);
  if (!w) {
    w = adoptedWindow(adopted, years);
    adoptedWindows.set(key, w);
  }
  return w;
}

export function windowOn(doc: DocumentInfo, date: string, adopt: Record<string, string>): WindowVerdict {
  const simulatedAdoption = doc.status === 'draft' ? adopt[doc.code] : undefined;
  if (doc.status === 'draft' && !simulatedAdoption) {
    return {
      inForce: false,
      simulated: false,
      from: null,
      to: null,
      reason: {
        zh: '征求意见稿，尚未施行；可设定假定施行日期进行模拟',
        en: 'draft for comment, not in force; simulate it with an assumed adoption date',
      },
    };
  }
  if (doc.status === 'plan') {
    return {
      inForce: false,
      simulated: false,
      from: null,
      to: null,
      reason: { zh: '规划文件，不直接给予支持', en: 'a plan, grants nothing by itself' },
    };
  }
  const { from, to } = simulatedAdoption
    ? adoptedWindowCached(simulatedAdoption, doc.validity.years ?? 5)
    : { from: doc.validity.from!, to: doc.validity.to };
  const inForce = isWithin(date, from, to);
  const span = `${from} — ${to ?? '…'}`;
  const sim = simulatedAdoption ? { zh: '（模拟施行）', en: ' (simulated adoption)' } : { zh: '', en: '' };
  return {
    inForce,
    simulated: Boolean(simulatedAdoption),
    from,
    to,
    reason: inForce
      ? {
          zh: `有效期${span}${sim.zh}，事项日期${date}在有效期内`,
          en: `in force ${span}${sim.en}; matter date ${date} falls inside`,
        }
      : {
          zh: `有效期${span}${sim.zh}，事项日期${date}不在有效期内`,
          en: `in force ${span}${sim.en}; matter date ${date} falls outside`,
        },
  };
}
