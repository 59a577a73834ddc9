/** Every user-facing string exists in Chinese first and English second. */
export interface Text {
  zh: string;
  en: string;
}

export type Lang = keyof Text;

export function text(zh: string, en: string): Text {
  return { zh, en };
}
