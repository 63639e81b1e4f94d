import { Anchor, AppShell, Button, Group, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { mayWrite, useSession } from '../auth/session';
import { roleLabel } from './labels';
import { LanguageMenu } from './language-menu';
import { NotificationNav } from '../features/inbox/inbox-link';

// The frame of every signed-in screen: the product's name, where to go, who is signed in.
export function Layout() {
  const { me, signOut } = useSession();
  const { t } = useTranslation(['common', 'ideas', 'clinician', 'import', 'templates']);
  const clinician = me?.actor.role === 'clinician';
  return (
    <AppShell header={{ height: 64 }} padding="md">
      <AppShell.Header className="topbar">
        <Group h="100%" px={{ base: 'xs', sm: 'lg' }} justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
            <span className="logo" aria-hidden="true">◆</span>
            <div>
              <Title order={1} size="h4" c="white" visibleFrom="sm">{t('app.name')}</Title>
              <Text size="xs" c="#c9dde6" visibleFrom="xl">{t('app.tagline')}</Text>
            </div>
          </Group>
          {/* Where to go: scrolls sideways inside its own box when a narrow screen or a long language needs it, so the
              account's controls on the right always stay in view. */}
          <Group gap="sm" component="nav" aria-label={t('nav.main')} wrap="nowrap" preventGrowOverflow={false} style={{ overflowX: 'auto', minWidth: 0, marginLeft: 'auto' }}>
            <Anchor component={Link} to="/" c="white" visibleFrom={clinician ? 'sm' : undefined}>{t('nav.dashboard')}</Anchor>
            {/* A clinician's screens (on a phone: My projects, whose tabs lead to their ideas). */}
            {clinician && (
              <>
                <Anchor component={Link} to="/my-projects" c="white" id="nav-my-projects" style={{ whiteSpace: 'nowrap' }}>{t('clinician:nav.myProjects')}</Anchor>
                <Anchor component={Link} to="/ideas/mine" c="white" id="nav-my-ideas" visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>{t('ideas:nav.mine')}</Anchor>
              </>
            )}
            {mayWrite(me) && (
              <>
                <Anchor component={Link} to="/my-work" c="white" id="nav-my-work">{t('nav.myWork')}</Anchor>
                <Anchor component={Link} to="/projects/new" c="white" id="nav-propose">{t('nav.propose')}</Anchor>
                <Anchor component={Link} to="/ideas/screening" c="white" id="nav-screen-ideas">{t('ideas:nav.screen')}</Anchor>
              </>
            )}
            <Anchor component={Link} to="/templates" c="white" id="nav-templates" visibleFrom={clinician ? 'sm' : undefined} style={{ whiteSpace: 'nowrap' }}>{t('templates:nav.library')}</Anchor>
            {me?.actor.role === 'admin' && (
              <Anchor component={Link} to="/admin/portfolio-import" c="white" id="nav-portfolio-import" style={{ whiteSpace: 'nowrap' }}>{t('import:nav.import')}</Anchor>
            )}
            <NotificationNav />
          </Group>
          {/* Who is signed in, the language and signing out: never scrolled out of sight. */}
          <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
            {me && (
              <Text size="sm" c="#d7e8ef" id="who" visibleFrom="xl" style={{ whiteSpace: 'nowrap' }}>
                <span translate="no">{me.actor.name}</span> ({roleLabel(me.actor.role)})
              </Text>
            )}
            <LanguageMenu />
            <Button variant="subtle" color="gray.0" size="compact-sm" id="logout" onClick={() => void signOut()} style={{ flexShrink: 0 }}>{t('nav.signOut')}</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
