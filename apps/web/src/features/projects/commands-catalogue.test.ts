import { afterAll, describe, expect, it } from 'vitest';
import document from '../../api/openapi.json';
import { i18n, LANGUAGES, loadLanguage } from '../../i18n';
import { commandKey, fieldKey, fieldsOf, optionLabel } from './command-dialog';
import { projectCommands, REGISTRIES } from './project-commands';

// Every command form is drawn from the API's schema; every command, field and option it draws has its words in the
// `commands` (titles, labels) and `enums` (options) catalogues, in every language. A command or field the API adds
// fails here until it is labelled in all three languages.
const doc = document as unknown as Parameters<typeof fieldsOf>[0] & { paths: Record<string, { post?: { requestBody?: { content: Record<string, { schema: unknown }> } } }> };
const routes = [
  ...projectCommands(doc.paths),
  '/projects/{projectId}/corrections',
  '/projects/{projectId}/retractions',
  '/projects/{projectId}/gate-decisions',
  ...Object.values(REGISTRIES).flatMap((r) => r.routes.map((x) => x.route)),
].filter((r, i, all) => all.indexOf(r) === i && doc.paths[r]?.post);

describe('the command forms’ words', () => {
  afterAll(() => i18n.changeLanguage('en'));

  for (const lng of LANGUAGES) {
    it(`has a title for every command and a label for every field and option in ${lng}`, async () => {
      await loadLanguage(lng);
      const missing: string[] = [];
      const has = (key: string) => i18n.getResource(lng, 'commands', key) !== undefined;
      for (const route of routes) {
        const key = commandKey(route);
        if (!has(`${key}.title`)) missing.push(`${key}.title`);
        const schema = doc.paths[route].post!.requestBody!.content['application/json'].schema;
        for (const field of fieldsOf(doc, schema as never)) {
          if (!has(`${key}.fields.${fieldKey(field.name)}.label`)) missing.push(`${key}.fields.${fieldKey(field.name)}.label`);
          for (const option of field.options ?? []) {
            await i18n.changeLanguage(lng);
            const label = optionLabel(field, option);
            // Codes that are names everywhere (NMPA, 510(k), ChiCTR) read the same; every other option is translated.
            if (label === option && !/^[A-Z0-9_()]+$/.test(option) && !['ChiCTR', 'NCT'].includes(option)) missing.push(`option ${field.name}=${option}`);
          }
        }
      }
      expect(routes.length).toBeGreaterThan(20);
      expect(missing).toEqual([]);
    });
  }
});
