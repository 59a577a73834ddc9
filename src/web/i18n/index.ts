/**
 * The language of the interface, through i18next + react-i18next: zh-CN by default, English on
 * request, remembered in localStorage. Strings live in namespaces, one file per area and language
 * (`locales/zh/<ns>.ts`, `locales/en/<ns>.ts`, the English typed by the Chinese keys); a namespace is
 * a separate chunk, loaded the first time a page asks for it (`useI18n('check')`), so a page carries
 * only its own words. Keys are flat ('check.title'); `common` is every page's fallback.
 *
 * Codes (cities, kinds, sectors …) are never here: their labels come from the catalogue's reference
 * data. Texts that come from the API in both languages go through `pick({ zh, en })`.
 */
import i18next, { type BackendModule } from 'i18next';
import { useCallback, useMemo } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import type applications from './locales/zh/applications.ts';
import type audit from './locales/zh/audit.ts';
import type catalogue from './locales/zh/catalogue.ts';
import type challenges from './locales/zh/challenges.ts';
import type check from './locales/zh/check.ts';
import type common from './locales/zh/common.ts';
import type fund from './locales/zh/fund.ts';
import type matching from './locales/zh/matching.ts';
import type plan from './locales/zh/plan.ts';
import type publicPages from './locales/zh/public.ts';
import type screening from './locales/zh/screening.ts';
import type simulation from './locales/zh/simulation.ts';

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

/** Every namespace and its keys. A new area adds its file under locales/ and one line here. */
interface Namespaces {
  common: typeof common;
  catalogue: typeof catalogue;
  check: typeof check;
  applications: typeof applications;
  fund: typeof fund;
  screening: typeof screening;
  simulation: typeof simulation;
  audit: typeof audit;
  public: typeof publicPages;
  plan: typeof plan;
  matching: typeof matching;
  challenges: typeof challenges;
}
export type Ns = keyof Namespaces;
export type KeyOf<N extends Ns> = keyof Namespaces[N] & string;
/** Any key of any namespace (for data that names a key, e.g. a menu entry). */
export type AnyKey = { [N in Ns]: KeyOf<N> }[Ns];
export type Vars = Record<string, string | number>;

const STORAGE_KEY = 'ceyuan.lang';

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'zh' || stored === 'en') return stored;
  } catch {
    // Storage may be disabled (private mode); fall back to the default.
  }
  return 'zh';
}

// One chunk per namespace and language; Vite resolves the glob at build time.
const loaders = import.meta.glob<{ default: Record<string, string> }>('./locales/*/*.ts');

const lazyLocales: BackendModule = {
  type: 'backend',
  init() {},
  read(lng, ns, callback) {
    const load = loaders[`./locales/${lng}/${ns}.ts`];
    if (!load) {
      callback(new Error(`no strings for ${lng}/${ns}`), false);
      return;
    }
    load().then(
      (m) => callback(null, m.default),
      (e: unknown) => callback(e instanceof Error ? e : new Error(String(e)), false),
    );
  },
};

export const i18n = i18next.createInstance();
void i18n
  .use(lazyLocales)
  .use(initReactI18next)
  .init({
    lng: initialLang(),
    fallbackLng: 'zh',
    supportedLngs: [...LANGS],
    ns: ['common'],
    defaultNS: 'common',
    fallbackNS: 'common',
    // Keys are flat strings with dots in them ('check.title'), and '{name}' marks a value.
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false, prefix: '{', suffix: '}' },
    react: { useSuspense: true },
    returnNull: false,
  });

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng === 'en' ? 'en' : 'zh-CN';
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Not persisted; the switch still applies to this page.
  }
});
document.documentElement.lang = i18n.language === 'en' ? 'en' : 'zh-CN';

export function currentLang(): Lang {
  return i18n.language === 'en' ? 'en' : 'zh';
}

/**
 * A string outside React (zod messages, error boundaries), looked up in every namespace loaded for
 * the current language (keys are unique across namespaces: each starts with its area).
 */
export function translate(key: AnyKey, vars?: Vars): string {
  const loaded = Object.keys(i18n.store?.data[i18n.language] ?? {});
  return i18n.t(key, { ...vars, ns: loaded.length > 0 ? loaded : ['common'] });
}

export interface I18n<N extends Ns = 'common'> {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: KeyOf<N> | KeyOf<'common'>, vars?: Vars) => string;
  pick: (text: { zh: string; en: string } | null | undefined) => string;
}

/**
 * The page's words: its namespace (loaded on first use; the page suspends meanwhile) and `common`.
 * `t` only takes keys of those two, so a key of another area is a type error, not a raw key on screen.
 */
export function useI18n<N extends Ns = 'common'>(ns?: N): I18n<N> {
  const { t: raw, i18n: inst } = useTranslation(ns && ns !== 'common' ? [ns, 'common'] : ['common']);
  const lang: Lang = inst.language === 'en' ? 'en' : 'zh';
  const setLang = useCallback((next: Lang) => void inst.changeLanguage(next), [inst]);
  return useMemo(
    () => ({
      lang,
      setLang,
      t: (key, vars) => raw(key, vars ?? {}) as string,
      pick: (text) => (text ? text[lang] || text.zh : ''),
    }),
    [lang, setLang, raw],
  );
}
