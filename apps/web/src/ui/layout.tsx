import { Anchor, AppShell, Button, Group, Text, Title } from '@mantine/core';
import { Link, Outlet } from 'react-router';
import { mayWrite, useSession } from '../auth/session';
import { words } from './labels';

// The frame of every signed-in screen: the product's name, where to go, who is signed in.
export function Layout() {
  const { me, signOut } = useSession();
  return (
    <AppShell header={{ height: 64 }} padding="md">
      <AppShell.Header className="topbar">
        <Group h="100%" px="lg" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <span className="logo" aria-hidden="true">◆</span>
            <div>
              <Title order={1} size="h4" c="white">Device Innovation Pipeline</Title>
              <Text size="xs" c="#c9dde6">Doctor-led medical-device projects, from idea to approval</Text>
            </div>
          </Group>
          <Group gap="md" component="nav" aria-label="Main">
            <Anchor component={Link} to="/" c="white">Dashboard</Anchor>
            {mayWrite(me) && (
              <>
                <Anchor component={Link} to="/my-work" c="white" id="nav-my-work">My work</Anchor>
                <Anchor component={Link} to="/projects/new" c="white" id="nav-propose">Propose a project</Anchor>
              </>
            )}
            {me && (
              <Text size="sm" c="#d7e8ef" id="who">
                {me.actor.name} ({words(me.actor.role)})
              </Text>
            )}
            <Button variant="subtle" color="gray.0" size="compact-sm" id="logout" onClick={() => void signOut()}>Sign out</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
