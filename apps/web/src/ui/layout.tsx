import { useEffect, useRef, useState } from 'react';
import { Anchor, AppShell, Burger, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { mayWrite, useSession } from '../auth/session';
import { roleLabel } from './labels';
import { LanguageMenu } from './language-menu';
import type { NavItem } from './nav-item';
import { useCrowded } from './use-crowded';
import { InboxLink, useInboxPlace, useNotificationPlaces } from '../features/inbox/inbox-link';

// The frame of every signed-in screen: the product's name, where to go, who is signed in.
export function Layout() {
  const { me, signOut } = useSession();
  const { t } = useTranslation(['common', 'ideas', 'clinician', 'import', 'people', 'templates']);
  const notificationPlaces = useNotificationPlaces();
  const inboxPlace = useInboxPlace();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    if (!menuOpen) return;
    const closeOnEscape = (e: KeyboardEvent) => e.key === 'Escape' && setMenuOpen(false);
    document.addEventListener('keydown', closeOnEscape);
    return () => document.removeEventListener('keydown', closeOnEscape);
  }, [menuOpen]);
  const clinician = me?.actor.role === 'clinician';
  // Where a signed-in person may go: links on a wide screen, the items of a menu on a phone.
  const places: NavItem[] = [
    // A clinician's own screens first (My projects, whose tabs lead to their ideas).
    ...(clinician
      ? [
          { id: 'my-projects', to: '/my-projects', label: t('clinician:nav.myProjects') },
          { id: 'my-ideas', to: '/ideas/mine', label: t('ideas:nav.mine') },
        ]
      : []),
    { id: 'dashboard', to: '/', label: t('nav.dashboard') },
    ...(mayWrite(me)
      ? [
          { id: 'my-work', to: '/my-work', label: t('nav.myWork') },
          { id: 'propose', to: '/projects/new', label: t('nav.propose') },
          { id: 'screen-ideas', to: '/ideas/screening', label: t('ideas:nav.screen') },
        ]
      : []),
    { id: 'templates', to: '/templates', label: t('templates:nav.library') },
    ...(me?.actor.role === 'admin'
      ? [
          { id: 'people', to: '/admin/people', label: t('people:nav.people') },
          { id: 'portfolio-import', to: '/admin/portfolio-import', label: t('import:nav.import') },
        ]
      : []),
    ...notificationPlaces,
  ];
  // A long language (Indonesian) may not fit the places on a laptop's width beside the account's controls: the menu
  // then takes over there too, rather than a row of links scrolling sideways with the last ones cut.
  const navRef = useRef<HTMLDivElement>(null);
  // Measured anew when the places or their language change; not when the unread count does (a count growing beside
  // shown links is seen by the measure itself, and re-measuring would close an open menu under the reader).
  const crowded = useCrowded(navRef, places.map((p) => p.label).join('\n'));
  // Below a tablet's width the menu is the way always; above it, when the links do not fit.
  const menuOnly = crowded ? {} : { hiddenFrom: 'sm' };
  // The links back on a wide screen: the menu's button is gone, so is the menu (it would be open again when narrowed).
  useEffect(() => {
    if (!crowded) setMenuOpen(false);
  }, [crowded]);
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
          {/* Where to go, from a tablet's width up, when every link fits beside the account's controls (measured:
              useCrowded); the box never pushes those controls out of view. */}
          <Group
            ref={navRef}
            gap="sm"
            component="nav"
            aria-label={t('nav.main')}
            wrap="nowrap"
            preventGrowOverflow={false}
            visibleFrom="sm"
            style={{ overflowX: 'hidden', minWidth: 0, marginLeft: 'auto', ...(crowded ? { display: 'none' } : {}) }}
          >
            {places.map((p) => (
              <Anchor key={p.id} component={Link} to={p.to} c="white" id={`nav-${p.id}`} style={{ whiteSpace: 'nowrap' }}>{p.label}</Anchor>
            ))}
            <InboxLink />
          </Group>
          {/* On a phone (or when the links do not fit), where to go is a menu; then who is signed in, the language and
              signing out: never out of sight. */}
          <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0, marginLeft: 'auto' }}>
            <Burger
              opened={menuOpen}
              onClick={() => setMenuOpen((open) => !open)}
              color="white"
              size="sm"
              id="nav-menu"
              aria-label={t('nav.menu')}
              aria-expanded={menuOpen}
              aria-controls="nav-menu-panel"
              {...menuOnly}
            />
            {me && (
              <Text size="sm" c="#d7e8ef" id="who" visibleFrom="xl" style={{ whiteSpace: 'nowrap' }}>
                <span translate="no">{me.actor.name}</span> ({roleLabel(me.actor.role)})
              </Text>
            )}
            <LanguageMenu />
            <Button variant="subtle" color="gray.0" size="compact-sm" id="logout" onClick={() => void signOut()} style={{ flexShrink: 0 }}>{t('nav.signOut')}</Button>
          </Group>
        </Group>
        {menuOpen && (
          // The menu: a panel under the bar (not a popover: its positioning library would cost the first load 11 KB
          // gzipped), closed by choosing a place, the button again, or Escape.
          <Paper
            component="nav"
            id="nav-menu-panel"
            aria-label={t('nav.main')}
            {...menuOnly}
            shadow="md"
            radius={0}
            p="xs"
            // A phone's menu spans the bar; on a wider screen it sits under the ☰ at the right.
            style={{ position: 'absolute', top: '100%', right: 0, ...(crowded ? { width: 'min(100%, 22rem)' } : { left: 0 }) }}
          >
            <Stack gap={0}>
              {[...places, inboxPlace].map((p) => (
                <Anchor key={p.id} component={Link} to={p.to} id={`menu-${p.id}`} py="sm" px="xs" onClick={() => setMenuOpen(false)}>
                  {p.label}
                </Anchor>
              ))}
            </Stack>
          </Paper>
        )}
      </AppShell.Header>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
