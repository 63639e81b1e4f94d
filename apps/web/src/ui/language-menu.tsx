import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, setLanguage, type Language } from '../i18n';

/**
 * The top bar's language choice: each language in its own name (never translated, with its own lang); the choice is
 * kept for the next visit. A native select: light for the first download, and a phone's own picker on a phone.
 */
export function LanguageMenu() {
  const { t } = useTranslation();
  const current = currentLanguage();
  return (
    <NativeSelect
      id="language-menu"
      size="xs"
      aria-label={t('language.choose')}
      title={t('language.label')}
      value={current in LANGUAGE_NAMES ? current : 'en'}
      onChange={(e) => void setLanguage(e.currentTarget.value as Language)}
      className="language-menu"
      w={{ base: 112, sm: 140 }}
      style={{ flexShrink: 0 }}
    >
      {LANGUAGES.map((lng) => (
        <option key={lng} value={lng} lang={lng} translate="no">
          {LANGUAGE_NAMES[lng]}
        </option>
      ))}
    </NativeSelect>
  );
}
