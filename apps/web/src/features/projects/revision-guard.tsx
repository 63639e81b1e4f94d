import { Alert, Button, List, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { fmtDateTime } from '../../ui/format';
import { eventLabel } from './project-details';
import { useHistory, type ProjectView } from './project-queries';
import { fieldLabel, show } from './values';

/**
 * A form's hold on the project: the revision on screen when it opened (sent as If-Match) and its
 * Idempotency-Key. After a 412 the form shows what changed since, and the person redoes their change on the
 * new revision (a new key: it is a new request).
 */
export function useRevisionGuard(project: ProjectView) {
  const [revision, setRevision] = useState(project.revision);
  const [key, setKey] = useState(newIdempotencyKey);
  const queries = useQueryClient();
  return {
    revision,
    key,
    /** Reload the project after a 412; the form keeps its input. */
    refresh: () => Promise.all([queries.invalidateQueries({ queryKey: ['project', project.projectId] }), queries.invalidateQueries({ queryKey: ['history', project.projectId] })]),
    adopt: () => {
      setRevision(project.revision);
      setKey(newIdempotencyKey());
    },
    latest: project.revision,
  };
}

export type RevisionGuard = ReturnType<typeof useRevisionGuard>;

/** The values an event carried, as one line (ids and the signature left out): what the person must review. */
function whatChanged(data: unknown): string {
  return Object.entries((data ?? {}) as Record<string, unknown>)
    .filter(([k, v]) => k !== 'projectId' && k !== 'signature' && !/Id$/.test(k) && v !== null && typeof v !== 'object')
    .map(([k, v]) => `${fieldLabel(k)}: ${show(v, k)}`)
    .join('; ');
}

/** What someone else recorded since the form opened, with the button to take it into account. */
export function ChangedSince({ projectId, guard, error, onAdopt }: { projectId: string; guard: RevisionGuard; error: unknown; onAdopt?: () => void }) {
  const history = useHistory(projectId);
  const { t } = useTranslation('projects');
  if (!(error instanceof ApiProblem) || error.status !== 412) return null;
  const changes = (history.data?.events ?? []).filter((e) => e.revision > guard.revision);
  return (
    <Alert color="warning" id="changed-since" title={t('guard.title')}>
      <Text size="sm">{t('guard.since', { revision: guard.revision })}</Text>
      <List size="sm" my="xs">
        {changes.map((e) => (
          <List.Item key={e.eventId}>
            {t('guard.change', { event: eventLabel(e.type), name: e.actor.name, date: fmtDateTime(e.recordedAt) })}
            {e.reason ? <> — <span translate="no">{e.reason}</span></> : ''}
            {whatChanged(e.data) && <Text size="xs" c="dimmed" className="changed-data" translate="no">{whatChanged(e.data)}</Text>}
          </List.Item>
        ))}
      </List>
      <Button size="xs" variant="light" onClick={() => { guard.adopt(); onAdopt?.(); }} disabled={guard.latest === guard.revision}>
        {t('guard.redo', { revision: guard.latest })}
      </Button>
    </Alert>
  );
}
