import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '.';
import { en } from './resources';

// The catalogues' completeness: every namespace file of English exists in every language with the same keys,
// no value empty, the same {{variables}}, and no value left as a copy of the English (but for the names and
// acronyms in SAME_AS_ENGLISH, which read the same in every language).
const LOCALES = [join(process.cwd(), 'apps/web/src/i18n/locales'), join(process.cwd(), 'src/i18n/locales')].find((d) => existsSync(d))!;

/** `namespace:key` values that are rightly the same as English in a language (acronyms, codes, names). */
export const SAME_AS_ENGLISH: Record<string, string[]> = {
  'zh-CN': ['enums:authority.NMPA', 'enums:authority.FDA', 'enums:authority.HSA', 'enums:pathway.510k'],
  id: [
    'enums:authority.NMPA', 'enums:authority.FDA', 'enums:authority.HSA', 'enums:pathway.510k', 'enums:pathway.de_novo',
    'enums:registry.ChiCTR', 'enums:registry.NCT', 'enums:role.admin', 'enums:field.status', 'common:nav.who', 'problems:field.named', 'people:status',
  ],
};
/** Values that contain no words at all (only {{variables}} and punctuation) need no translation. */
const wordless = (s: string) => !/\p{L}/u.test(s.replace(/\{\{[^}]+\}\}/g, ''));

function flatten(value: unknown, prefix = ''): Record<string, string> {
  if (typeof value === 'string') return { [prefix]: value };
  if (!value || typeof value !== 'object') return { [prefix]: String(value) };
  return Object.assign({}, ...Object.entries(value).map(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k)));
}
const read = (lng: string, ns: string): Record<string, string> => flatten(JSON.parse(readFileSync(join(LOCALES, lng, `${ns}.json`), 'utf8')));
const variables = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();
/** i18next plural forms differ by language (Chinese and Indonesian have only `_other`). */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (key: string) => key.replace(PLURAL, '');

const namespaces = readdirSync(join(LOCALES, 'en')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));

describe('the catalogues', () => {
  it('are the three languages, every namespace file in each', () => {
    expect(readdirSync(LOCALES).sort()).toEqual([...LANGUAGES].sort());
    for (const lng of LANGUAGES) expect(readdirSync(join(LOCALES, lng)).sort(), lng).toEqual(readdirSync(join(LOCALES, 'en')).sort());
  });

  it('registers every English namespace file in resources.ts (its keys typed and bundled)', () => {
    expect(Object.keys(en).sort()).toEqual([...namespaces].sort());
  });

  for (const ns of namespaces) {
    for (const lng of LANGUAGES.filter((l) => l !== 'en')) {
      it(`${lng}/${ns}.json has every key of English, translated, with the same variables`, () => {
        const source = read('en', ns);
        const target = read(lng, ns);
        const problems: string[] = [];
        const sourceBases = new Set(Object.keys(source).map(base));
        const targetBases = new Set(Object.keys(target).map(base));
        for (const key of sourceBases) if (!targetBases.has(key)) problems.push(`missing: ${key}`);
        for (const key of targetBases) if (!sourceBases.has(key)) problems.push(`not in English: ${key}`);
        for (const [key, value] of Object.entries(target)) {
          const english = source[key] ?? source[`${base(key)}_other`] ?? source[base(key)];
          if (english === undefined) continue;
          if (!value.trim()) problems.push(`empty: ${key}`);
          if (value === english && !wordless(value) && !SAME_AS_ENGLISH[lng]?.includes(`${ns}:${key}`)) problems.push(`same as English: ${key} = ${JSON.stringify(value)}`);
          const [want, got] = [variables(english), variables(value)];
          if (want.join() !== got.join()) problems.push(`variables of ${key}: English {{${want.join(', ')}}}, ${lng} {{${got.join(', ')}}}`);
        }
        for (const [key, value] of Object.entries(source)) if (!value.trim()) problems.push(`empty in English: ${key}`);
        expect(problems).toEqual([]);
      });
    }
  }

  it('keeps the allow-list honest: each entry exists and is indeed the same as English', () => {
    for (const [lng, entries] of Object.entries(SAME_AS_ENGLISH)) {
      for (const entry of entries) {
        const [ns, key] = entry.split(':');
        expect(read(lng, ns)[key], `${lng} ${entry}`).toBe(read('en', ns)[key]);
      }
    }
  });
});
