import { Alert, Anchor, Badge, Button, Card, Checkbox, Code, CopyButton, Group, Loader, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { describeProblem, fieldErrors } from '../../api/problem';
import { fmtDateTime } from '../../ui/format';
import { Typed } from '../clinician/typed';

type Webhook = components['schemas']['WebhookResponse'];
type WebhookKind = Webhook['kinds'][number];
const WEBHOOK_KINDS: readonly WebhookKind[] = ['gate_decision', 'idea_awaiting_screening', 'idea_accepted', 'idea_declined'];

// Admin: the URLs notifications are POSTed to (signed as Standard Webhooks describe): register one (its secret is
// shown once), remove one, read each one's delivery log (attempts, last status, the start of the answer).
export function WebhooksPage() {
  const { t } = useTranslation('inbox');
  const queries = useQueryClient();
  const hooks = useQuery({ queryKey: ['webhooks'], queryFn: () => unwrap(api.GET('/admin/webhooks')) });
  const [url, setUrl] = useState('');
  const [kinds, setKinds] = useState<string[]>([...WEBHOOK_KINDS]);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<Webhook | null>(null);
  const [removing, setRemoving] = useState<Webhook | null>(null);
  const register = useMutation({
    mutationFn: () => unwrap(api.POST('/admin/webhooks', { body: { url, kinds: kinds as WebhookKind[] } })),
    onSuccess: (hook) => {
      setSecret(hook.secret);
      setUrl('');
      void queries.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/admin/webhooks/{id}/removal', { params: { path: { id } } })),
    onSuccess: () => {
      setRemoving(null);
      void queries.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  const errors = register.error ? fieldErrors(register.error, ['url', 'kinds']) : {};
  return (
    <Stack gap="md" maw={980} mx="auto" id="admin-webhooks">
      <Title order={2}>{t('webhooks.title')}</Title>
      <Text size="sm">{t('webhooks.intro')}</Text>
      <Card withBorder>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setSecret(null);
            register.mutate();
          }}
          noValidate
        >
          <Stack gap="sm">
            <TextInput label={t('webhooks.url')} placeholder="https://hooks.example.org/pipeline" value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={errors.url} id="webhook-url" required translate="no" />
            <Checkbox.Group label={t('webhooks.kinds')} value={kinds} onChange={setKinds} error={errors.kinds}>
              <Group gap="md" mt={4}>
                {WEBHOOK_KINDS.map((k) => (
                  <Checkbox key={k} value={k} label={t(`kind.${k}`)} />
                ))}
              </Group>
            </Checkbox.Group>
            {register.error && (errors.form || !Object.keys(errors).length) && <Alert color="danger" role="alert">{errors.form ?? describeProblem(register.error)}</Alert>}
            {secret && (
              <Alert color="warning" title={t('webhooks.secretTitle')} id="webhook-secret">
                <Group gap="xs" wrap="nowrap">
                  <Code style={{ overflowWrap: 'anywhere' }}>{secret}</Code>
                  <CopyButton value={secret}>{({ copied, copy }) => <Button size="compact-sm" variant="light" onClick={copy}>{copied ? t('webhooks.copied') : t('webhooks.copy')}</Button>}</CopyButton>
                </Group>
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={register.isPending} disabled={!url || kinds.length === 0} id="register-webhook">{t('webhooks.register')}</Button>
            </Group>
          </Stack>
        </form>
      </Card>
      {(hooks.error ?? remove.error) && <Alert color="danger" role="alert">{describeProblem(hooks.error ?? remove.error)}</Alert>}
      {!hooks.data ? (
        !hooks.isError && <Loader size="sm" />
      ) : hooks.data.length === 0 ? (
        <Text c="dimmed" id="no-webhooks">{t('webhooks.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped aria-label={t('webhooks.title')} id="webhook-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('webhooks.url')}</Table.Th>
                <Table.Th>{t('webhooks.kinds')}</Table.Th>
                <Table.Th>{t('webhooks.registered')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {hooks.data.map((h) => (
                <Table.Tr key={h.id} data-webhook={h.id}>
                  <Table.Td><Typed>{h.url}</Typed></Table.Td>
                  <Table.Td>
                    <Group gap={4}>{h.kinds.map((k) => <Badge key={k} variant="light" size="sm">{t(`kind.${k}`)}</Badge>)}</Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{fmtDateTime(h.createdAt)}</Text>
                    <Text size="xs" c="dimmed"><Typed>{h.createdBy}</Typed></Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button size="compact-sm" variant="light" onClick={() => setOpen(h)} className="open-deliveries">{t('webhooks.deliveries')}</Button>
                      <Button size="compact-sm" variant="subtle" color="danger" onClick={() => setRemoving(h)} className="remove-webhook">{t('webhooks.remove')}</Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={!!removing} onClose={() => setRemoving(null)} title={t('webhooks.removeTitle')}>
        <Stack>
          <Text size="sm">{t('webhooks.removeText')}</Text>
          <Text size="sm" fw={600}><Typed>{removing?.url}</Typed></Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)}>{t('webhooks.cancel')}</Button>
            <Button color="danger" loading={remove.isPending} onClick={() => removing && remove.mutate(removing.id)} id="confirm-remove">{t('webhooks.remove')}</Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={!!open} onClose={() => setOpen(null)} size="xl" title={t('webhooks.deliveriesOf')}>
        {open && <Deliveries hook={open} />}
      </Modal>
    </Stack>
  );
}

function Deliveries({ hook }: { hook: Webhook }) {
  const { t } = useTranslation('inbox');
  const log = useQuery({
    queryKey: ['webhook-deliveries', hook.id],
    refetchInterval: 10_000,
    queryFn: () => unwrap(api.GET('/admin/webhooks/{id}/deliveries', { params: { path: { id: hook.id }, query: { limit: 100 } } })),
  });
  if (log.isError) return <Alert color="danger" role="alert">{describeProblem(log.error)}</Alert>;
  if (!log.data) return <Loader size="sm" />;
  return (
    <Stack gap="xs" id="webhook-deliveries">
      <Text size="sm"><Typed>{hook.url}</Typed></Text>
      {log.data.length === 0 ? (
        <Text c="dimmed">{t('webhooks.noDeliveries')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped aria-label={t('webhooks.deliveriesOf')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('webhooks.queued')}</Table.Th>
                <Table.Th>{t('webhooks.kind')}</Table.Th>
                <Table.Th>{t('webhooks.state')}</Table.Th>
                <Table.Th>{t('webhooks.attempts')}</Table.Th>
                <Table.Th>{t('webhooks.lastAnswer')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {log.data.map((d) => (
                <Table.Tr key={d.id} data-delivery={d.id}>
                  <Table.Td><Text size="sm">{fmtDateTime(d.createdAt)}</Text><Text size="xs" c="dimmed" ff="monospace" translate="no">{d.id.slice(0, 12)}</Text></Table.Td>
                  <Table.Td>{t(`kind.${d.kind}`)}</Table.Td>
                  <Table.Td>
                    {d.deliveredAt ? (
                      <Badge color="success" variant="light">{t('webhooks.delivered', { date: fmtDateTime(d.deliveredAt) })}</Badge>
                    ) : (
                      <Stack gap={2}>
                        <Badge color={(d.attempts ?? 0) > 0 ? 'danger' : 'gray'} variant="light">{(d.attempts ?? 0) > 0 ? t('webhooks.failing') : t('webhooks.waiting')}</Badge>
                        {d.nextAttemptAt && <Text size="xs">{t('webhooks.nextAttempt', { date: fmtDateTime(d.nextAttemptAt) })}</Text>}
                      </Stack>
                    )}
                  </Table.Td>
                  <Table.Td>{d.attempts ?? 0}</Table.Td>
                  <Table.Td>
                    {d.lastStatus !== null && d.lastStatus !== undefined && <Badge variant="outline" color={d.lastStatus < 300 ? 'success' : 'danger'}>{d.lastStatus}</Badge>}
                    {d.lastError && !d.lastStatus && <Text size="xs" c="danger" lang="en"><Typed>{d.lastError}</Typed></Text>}
                    {d.lastResponse && <Text size="xs" c="dimmed" lang="en"><Typed>{d.lastResponse}</Typed></Text>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Anchor size="xs" href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer">{t('webhooks.spec')}</Anchor>
    </Stack>
  );
}
