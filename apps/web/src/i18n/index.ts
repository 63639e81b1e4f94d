import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

// The web app's languages: English (the source), Simplified Chinese and Indonesian. Every catalogue file is its own
// small chunk, fetched before the first paint for the language shown (and English, the fallback), so the first
// download stays small whatever the number of screens. Keys are typed from the English files (i18next.d.ts). The language follows the browser, can be chosen in the top bar and
// is kept in localStorage. `en-XA` is a test-only pseudo-locale (every text wrapped in ⟦…⟧), never offered in the menu.
export const LANGUAGES = ['en', 'zh-CN', 'id'] as const;
export type Language = (typeof LANGUAGES)[number];
export const PSEUDO = 'en-XA';
export type AnyLanguage = Language | typeof PSEUDO;
/** Each language's own name (an endonym): shown untranslated, with its own lang attribute. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', 'zh-CN': '简体中文', id: 'Bahasa Indonesia' };
export const STORAGE_KEY = 'lang';
export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';

export const i18n = i18next;

// Each catalogue file is its own small chunk (import.meta.glob), fetched when its language is shown.
const catalogues = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.json');
/** The namespaces: one per English catalogue file. */
export const NAMESPACES = Object.keys(catalogues)
  .filter((path) => path.startsWith('./locales/en/'))
  .map((path) => path.slice('./locales/en/'.length, -'.json'.length));

void i18next.use(initReactI18next).init({
  resources: {},
  partialBundledLanguages: true,
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES, PSEUDO],
  load: 'currentOnly',
  ns: NAMESPACES,
  defaultNS: 'common',
  interpolation: { escapeValue: false }, // React escapes.
  returnEmptyString: false,
  initAsync: false,
  react: { useSuspense: false },
});
i18next.on('languageChanged', (lng) => {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lng === PSEUDO ? 'en' : lng;
  document.title = i18next.t('app.name', { ns: 'common' });
});


/** The supported language a BCP 47 tag asks for (zh, zh-Hans-SG → zh-CN; in, id-ID → id), or undefined. */
export function matchLanguage(tag: string | null | undefined): AnyLanguage | undefined {
  if (!tag) return undefined;
  const t = tag.toLowerCase();
  if (t === PSEUDO.toLowerCase()) return PSEUDO;
  if (t === 'zh' || t.startsWith('zh-')) return 'zh-CN';
  if (t === 'id' || t.startsWith('id-') || t === 'in' || t.startsWith('in-')) return 'id';
  if (t === 'en' || t.startsWith('en-')) return 'en';
  return undefined;
}

/** `?lang=` (kept), else the language the user chose before, else the browser's first supported language, else English. */
export function detectLanguage(): AnyLanguage {
  const fromQuery = matchLanguage(new URLSearchParams(window.location.search).get('lang'));
  if (fromQuery) {
    safeStore(fromQuery);
    return fromQuery;
  }
  const stored = matchLanguage(safeRead());
  if (stored) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const lang = matchLanguage(tag);
    if (lang && lang !== PSEUDO) return lang;
  }
  return 'en';
}

function pseudo(value: unknown): unknown {
  if (typeof value === 'string') return `${PSEUDO_OPEN}${value}${PSEUDO_CLOSE}`;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pseudo(v)]));
  return value;
}

async function loadFiles(lng: Language): Promise<void> {
  await Promise.all(
    NAMESPACES.filter((ns) => !i18next.hasResourceBundle(lng, ns)).map(async (ns) => {
      const load = catalogues[`./locales/${lng}/${ns}.json`];
      // A namespace not translated yet falls back to English (the completeness test fails on it).
      if (load) i18next.addResourceBundle(lng, ns, (await load()).default);
    }),
  );
}

/** Loads a language's catalogues, and English's (the fallback), once; all files at once. */
export async function loadLanguage(lng: AnyLanguage): Promise<void> {
  await Promise.all([loadFiles('en'), lng !== 'en' && lng !== PSEUDO ? loadFiles(lng) : undefined]);
  if (lng === PSEUDO) {
    for (const ns of NAMESPACES) {
      if (!i18next.hasResourceBundle(PSEUDO, ns)) i18next.addResourceBundle(PSEUDO, ns, pseudo(i18next.getResourceBundle('en', ns)) as Record<string, unknown>);
    }
  }
}

/** Switches the app's language; `remember` keeps the choice for the next visit. */
export async function setLanguage(lng: AnyLanguage, remember = true): Promise<void> {
  await loadLanguage(lng);
  await i18next.changeLanguage(lng);
  if (remember) safeStore(lng);
}

/** The language the app shows now. */
export function currentLanguage(): AnyLanguage {
  return (matchLanguage(i18next.language) ?? 'en') as AnyLanguage;
}

/** The locale Intl formats with (the pseudo-locale formats as English, wrapped in markers). */
export function intlLocale(): string {
  const lng = currentLanguage();
  return lng === PSEUDO ? 'en' : lng;
}

/** Wraps a formatted value in the pseudo-locale's markers, so the catalogue test knows it came from Intl. */
export function marked(text: string): string {
  return currentLanguage() === PSEUDO ? `${PSEUDO_OPEN}${text}${PSEUDO_CLOSE}` : text;
}

/** At start: the detected language, loaded before the first paint. */
export function startLanguage(): Promise<void> {
  return setLanguage(detectLanguage(), false).catch(() => setLanguage('en', false));
}

function safeRead(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
function safeStore(lng: string) {
  try {
    window.localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}
