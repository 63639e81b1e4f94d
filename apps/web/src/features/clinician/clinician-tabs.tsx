import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useSession } from '../../auth/session';

// The clinician's three places, as big touch targets at the top of each of their screens (the top bar has no
// room for them on a phone).
const TABS = [
  { to: '/my-projects', key: 'clinician:nav.myProjects', id: 'tab-my-projects' },
  { to: '/ideas/mine', key: 'ideas:nav.mine', id: 'tab-my-ideas' },
  { to: '/ideas/new', key: 'ideas:nav.submit', id: 'tab-submit-idea' },
] as const;

export function ClinicianTabs() {
  const { t } = useTranslation(['clinician', 'ideas']);
  const { me } = useSession();
  const { pathname } = useLocation();
  if (me?.actor.role !== 'clinician') return null;
  return (
    <Group gap={6} wrap="wrap" component="nav" aria-label={t('clinician:nav.label')} id="clinician-tabs">
      {TABS.map((tab) => {
        const current = pathname === tab.to || (tab.to === '/my-projects' && pathname.startsWith('/my-projects/'));
        return (
          <Button key={tab.to} component={Link} to={tab.to} id={tab.id} size="sm" radius="xl" variant={current ? 'filled' : 'light'} aria-current={current ? 'page' : undefined} style={{ flex: '1 1 auto' }}>
            {t(tab.key)}
          </Button>
        );
      })}
    </Group>
  );
}
