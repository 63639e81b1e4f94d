import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, setLanguage } from '../i18n';

/** The top bar's language choice: each language in its own name; the choice is kept for the next visit. */
export function LanguageMenu() {
  const { t, i18n } = useTranslation();
  const current = currentLanguage();
  const shown = current in LANGUAGE_NAMES ? LANGUAGE_NAMES[current as keyof typeof LANGUAGE_NAMES] : LANGUAGE_NAMES.en;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="subtle" color="gray.0" size="compact-sm" id="language-menu" aria-label={t('language.choose')} data-language={i18n.language}>
          <span aria-hidden="true">文A&nbsp;</span>
          <span translate="no" lang={current}>{shown}</span>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('language.label')}</Menu.Label>
        {LANGUAGES.map((lng) => (
          <Menu.Item key={lng} id={`language-${lng}`} lang={lng} translate="no" aria-current={lng === current ? 'true' : undefined} fw={lng === current ? 700 : undefined} onClick={() => void setLanguage(lng)}>
            {LANGUAGE_NAMES[lng]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
