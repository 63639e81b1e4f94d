import { Alert, Badge, Button, Card, Group, Loader, Modal, PasswordInput, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ROLES, type Role } from '../../api/enums';
import type { components } from '../../api/schema';
import { describeProblem, fieldErrors } from '../../api/problem';
import { useSession } from '../../auth/session';
import { roleLabel } from '../../ui/labels';
import { Typed } from '../clinician/typed';

type User = components['schemas']['UserView'];
type Action = { kind: 'role' | 'lock' | 'unlock' | 'password'; user: User };

const USERS = ['admin-users'] as const;
const roleOptions = () => ROLES.map((r) => ({ value: r, label: roleLabel(r) }));

// Admin: the people who sign in. Open an account (a temporary password the person changes at first sign-in), give
// another role, lock an account of someone who left (its sessions end) or unlock it, set a new temporary password.
// Every change is an event on the account's own stream, with the admin as the actor; a role or lock needs a reason.
export function PeoplePage() {
  const { t } = useTranslation('people');
  const users = useQuery({ queryKey: USERS, queryFn: async () => (await unwrap(api.GET('/admin/users'))).users });
  const [filter, setFilter] = useState('');
  const [action, setAction] = useState<Action | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const all = [...(users.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    return q ? all.filter((u) => `${u.name} ${u.username} ${u.personId} ${roleLabel(u.role)}`.toLowerCase().includes(q)) : all;
  }, [users.data, filter]);
  return (
    <Stack gap="md" maw={1100} mx="auto" id="admin-people">
      <Title order={2}>{t('title')}</Title>
      <Text size="sm">{t('intro')}</Text>
      <CreateAccount onCreated={(u) => setDone(t('created', { name: u.name, username: u.username }))} />
      {done && (
        <Alert color="success" withCloseButton onClose={() => setDone(null)} id="people-done" role="status">
          {done}
        </Alert>
      )}
      <Group justify="space-between" align="end" wrap="wrap">
        <Title order={3} size="h4">{t('accounts', { count: users.data?.length ?? 0 })}</Title>
        <TextInput aria-label={t('filter')} placeholder={t('filter')} value={filter} onChange={(e) => setFilter(e.currentTarget.value)} id="people-filter" w={{ base: '100%', xs: 280 }} />
      </Group>
      {users.isError && <Alert color="danger" role="alert">{describeProblem(users.error)}</Alert>}
      {!users.data ? (
        !users.isError && <Loader size="sm" />
      ) : shown.length === 0 ? (
        <Text c="dimmed" id="no-people">{t('none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped aria-label={t('title')} id="people-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('name')}</Table.Th>
                <Table.Th>{t('username')}</Table.Th>
                <Table.Th>{t('role')}</Table.Th>
                <Table.Th>{t('status')}</Table.Th>
                <Table.Th>{t('projects')}</Table.Th>
                <Table.Th><VisuallyHidden>{t('actions')}</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((u) => (
                <Table.Tr key={u.username} data-username={u.username}>
                  <Table.Td>
                    <Typed>{u.name}</Typed>
                    {u.personId !== u.username && <Text size="xs" c="dimmed">{t('person', { id: u.personId })}</Text>}
                  </Table.Td>
                  <Table.Td><Text size="sm" ff="monospace" translate="no">{u.username}</Text></Table.Td>
                  <Table.Td className="user-role">{roleLabel(u.role)}</Table.Td>
                  <Table.Td className="user-status">
                    <Group gap={4}>
                      <Badge color={u.status === 'locked' ? 'danger' : 'success'} variant="light">{t(`state.${u.status}`)}</Badge>
                      {u.mustChangePassword && <Badge color="warning" variant="light">{t('mustChange')}</Badge>}
                    </Group>
                  </Table.Td>
                  <Table.Td>{u.projects.length}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap" justify="flex-end">
                      <Button size="compact-sm" variant="light" className="change-role" aria-label={t('rowAction', { action: t('changeRole'), name: u.name })} onClick={() => setAction({ kind: 'role', user: u })}>{t('changeRole')}</Button>
                      <Button size="compact-sm" variant="subtle" className="reset-password" aria-label={t('rowAction', { action: t('resetPassword'), name: u.name })} onClick={() => setAction({ kind: 'password', user: u })}>{t('resetPassword')}</Button>
                      {u.status === 'locked' ? (
                        <Button size="compact-sm" variant="subtle" className="unlock-user" aria-label={t('rowAction', { action: t('unlock'), name: u.name })} onClick={() => setAction({ kind: 'unlock', user: u })}>{t('unlock')}</Button>
                      ) : (
                        <Button size="compact-sm" variant="subtle" color="danger" className="lock-user" aria-label={t('rowAction', { action: t('lock'), name: u.name })} onClick={() => setAction({ kind: 'lock', user: u })}>{t('lock')}</Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={!!action} onClose={() => setAction(null)} title={action ? t(`action.${action.kind}.title`, { name: action.user.name }) : ''}>
        {action && (
          <AccountAction
            key={`${action.kind}-${action.user.username}`}
            action={action}
            onDone={(message) => {
              setAction(null);
              setDone(message);
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

function CreateAccount({ onCreated }: { onCreated: (user: User) => void }) {
  const { t } = useTranslation('people');
  const queries = useQueryClient();
  const empty = { username: '', name: '', role: 'clinician' as Role, personId: '', initialPassword: '' };
  const [form, setForm] = useState(empty);
  const set = (key: keyof typeof empty) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/admin/users', {
          body: { username: form.username.trim(), name: form.name.trim(), role: form.role, initialPassword: form.initialPassword, ...(form.personId.trim() ? { personId: form.personId.trim() } : {}) },
        }),
      ),
    onSuccess: (result) => {
      setForm(empty);
      void queries.invalidateQueries({ queryKey: USERS });
      onCreated(result.user);
    },
  });
  const fields = ['username', 'name', 'role', 'personId', 'initialPassword'];
  const errors = create.error ? fieldErrors(create.error, fields) : {};
  const short = form.initialPassword.length > 0 && form.initialPassword.length < 12;
  return (
    <Card withBorder>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h4">{t('create.title')}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('name')} description={t('create.nameHint')} value={form.name} onChange={(e) => set('name')(e.currentTarget.value)} error={errors.name} id="new-user-name" required />
            <TextInput label={t('username')} description={t('create.usernameHint')} value={form.username} onChange={(e) => set('username')(e.currentTarget.value)} error={errors.username} id="new-user-username" required translate="no" autoComplete="off" />
            <Select label={t('role')} data={roleOptions()} value={form.role} onChange={(v) => v && set('role')(v)} error={errors.role} id="new-user-role" allowDeselect={false} required />
            <TextInput label={t('create.personId')} description={t('create.personIdHint')} value={form.personId} onChange={(e) => set('personId')(e.currentTarget.value)} error={errors.personId} id="new-user-person" translate="no" autoComplete="off" />
            <PasswordInput
              label={t('create.password')}
              description={t('create.passwordHint')}
              value={form.initialPassword}
              onChange={(e) => set('initialPassword')(e.currentTarget.value)}
              error={errors.initialPassword ?? (short ? t('passwordShort') : undefined)}
              id="new-user-password"
              required
              autoComplete="new-password"
            />
          </SimpleGrid>
          {create.error && (errors.form || !Object.keys(errors).length) && <Alert color="danger" role="alert">{errors.form ?? describeProblem(create.error)}</Alert>}
          <Group>
            <Button type="submit" loading={create.isPending} disabled={!form.username.trim() || !form.name.trim() || form.initialPassword.length < 12} id="create-user">
              {t('create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

// One change to one account, with what it needs: a role and a reason, a reason, or a new temporary password.
function AccountAction({ action, onDone }: { action: Action; onDone: (message: string) => void }) {
  const { t } = useTranslation('people');
  const { me } = useSession();
  const queries = useQueryClient();
  const { kind, user } = action;
  const [role, setRole] = useState<Role>(user.role);
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  const path = { params: { path: { username: user.username } } };
  const run = useMutation({
    mutationFn: () => {
      switch (kind) {
        case 'role':
          return unwrap(api.POST('/admin/users/{username}/role', { ...path, body: { role, reason } }));
        case 'lock':
          return unwrap(api.POST('/admin/users/{username}/lock', { ...path, body: { reason } }));
        case 'unlock':
          return unwrap(api.POST('/admin/users/{username}/unlock', { ...path, body: reason.trim() ? { reason } : {} }));
        case 'password':
          return unwrap(api.POST('/admin/users/{username}/password', { ...path, body: { password } }));
      }
    },
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: USERS });
      onDone(t(`action.${kind}.done`, { name: user.name, role: roleLabel(role) }));
    },
  });
  const errors = run.error ? fieldErrors(run.error, ['role', 'reason', 'password']) : {};
  const needsReason = kind === 'role' || kind === 'lock';
  const ready = kind === 'password' ? password.length >= 12 : kind === 'role' ? role !== user.role && !!reason.trim() : !needsReason || !!reason.trim();
  const self = me?.username === user.username;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        run.mutate();
      }}
    >
      <Stack gap="sm" id="account-action">
        <Text size="sm">{t(`action.${kind}.text`)}</Text>
        {self && (kind === 'role' || kind === 'lock') && <Alert color="warning">{t('self')}</Alert>}
        {kind === 'role' && <Select label={t('role')} data={roleOptions()} value={role} onChange={(v) => v && setRole(v as Role)} error={errors.role} id="action-role" allowDeselect={false} />}
        {kind === 'password' ? (
          <PasswordInput label={t('create.password')} description={t('create.passwordHint')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password ?? (password.length > 0 && password.length < 12 ? t('passwordShort') : undefined)} id="action-password" autoComplete="new-password" required />
        ) : (
          <Textarea label={needsReason ? t('reason') : t('reasonOptional')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} id="action-reason" autosize minRows={2} required={needsReason} />
        )}
        {run.error && (errors.form || !Object.keys(errors).length) && <Alert color="danger" role="alert">{errors.form ?? describeProblem(run.error)}</Alert>}
        <Group justify="flex-end">
          <Button type="submit" color={kind === 'lock' ? 'danger' : undefined} loading={run.isPending} disabled={!ready} id="confirm-action">
            {t(`action.${kind}.submit`)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
